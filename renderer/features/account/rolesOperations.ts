/**
 * The operations the roles form offers (Users screen): those on this workstation, by name, and those anyone is
 * already a member of (by id, when this workstation does not hold them). A name typed in full means its operation's
 * id; anything else is taken as an id, for an operation only the server holds.
 */
import type { AccountView } from '../../../shared/protocol';

export type KnownOperation = readonly [id: string, name: string];

export function knownOperations(users: readonly Pick<AccountView, 'memberships'>[], local: readonly { id: string; name: string }[]): KnownOperation[] {
  const byId = new Map<string, string>();
  for (const u of users) for (const m of u.memberships) byId.set(m.operationId, m.operationId);
  for (const o of local) byId.set(o.id, o.name);
  return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
}

export function chosenOperationId(known: readonly KnownOperation[], typed: string): string {
  const t = typed.trim();
  return known.find(([, name]) => name === t)?.[0] ?? t;
}
