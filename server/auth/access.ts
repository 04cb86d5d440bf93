/**
 * Who may do what, in one place, for sockets and HTTP alike. The role that counts for an operation's event is the
 * person's role IN THAT OPERATION (PERMISSIONS in shared/protocol/events.ts says which roles may send which event);
 * someone who is not a member of an operation may neither see it nor subscribe to it nor read its history.
 * Service accounts (config `users` tokens: monitoring, tests, the development config) keep their one role in every
 * operation, as before named accounts existed.
 */
import { PERMISSIONS, type ClientToServerEvents, type OperationRole, type Role } from '../../shared/protocol';
import type { Result } from '../../shared/util/result';

export type Action = keyof ClientToServerEvents;

/** A signed-in person, as a socket or request carries them (roles refreshed when an admin changes them). */
export interface AccountPrincipal {
  id: string;
  userName: string;
  name: string;
  collar: string;
  rank: string;
  admin: boolean;
  sessionId: string;
  /** operationId -> roles there. */
  roles: Record<string, OperationRole[]>;
}

export type Actor = { kind: 'service'; name: string; role: Role } | { kind: 'account'; account: AccountPrincipal };

const ADMIN_ONLY: ReadonlySet<Action> = new Set(['users:list', 'users:create', 'users:setEnabled', 'users:setRoles', 'users:resetPassword']);
/** Events that are about no one operation. */
const UNSCOPED: ReadonlySet<Action> = new Set([...ADMIN_ONLY, 'audit:query', 'session:me', 'operations:list', 'log:key', 'audit:export']);

/** Whether an event is about no one operation (its payload's operationId, if any, names a target, not a scope). */
export const isUnscoped = (action: string): boolean => UNSCOPED.has(action as Action);

const allowedFor = (role: Role, action: Action) => PERMISSIONS[action].includes(role);

/**
 * May this actor do `action` in `operationId` (null for unscoped events)? `newOperation`: the operation has no members
 * yet (a first publish), which an admin or anyone who plans or commands elsewhere may create.
 */
export function mayAccess(actor: Actor, operationId: string | null, action: Action, o: { newOperation?: boolean } = {}): Result<null> {
  if (actor.kind === 'service') {
    return allowedFor(actor.role, action) ? { ok: true, value: null } : { ok: false, error: `forbidden: the ${actor.role} role may not send ${action}` };
  }
  const a = actor.account;
  if (action === 'positions') return { ok: false, error: 'forbidden: only feeds post positions' };
  if (ADMIN_ONLY.has(action)) return a.admin ? { ok: true, value: null } : { ok: false, error: `forbidden: only an administrator may send ${action}` };
  // The list answers only the operations this person is a member of (server/operationAccess.ts); the log key is public.
  if (action === 'session:me' || action === 'operations:list' || action === 'log:key') return { ok: true, value: null };
  // A file made on a workstation is recorded whoever made it: refusing the record would not unmake the file.
  if (action === 'audit:export') return { ok: true, value: null };
  if (action === 'audit:query') {
    return a.admin || commandedOperations(actor).length > 0
      ? { ok: true, value: null }
      : { ok: false, error: 'forbidden: only administrators and commanders read the audit trail' };
  }
  if (operationId === null || UNSCOPED.has(action)) return { ok: false, error: `forbidden: ${action} needs an operation` };
  const roles = a.roles[operationId] ?? [];
  if (roles.length === 0) {
    // A first share of an operation makes it new on the server just as a first publish does (sync:share, issue 11).
    if (
      o.newOperation &&
      (action === 'plan:publish' || action === 'sync:share') &&
      (a.admin || Object.values(a.roles).some((r) => r.some((x) => allowedFor(x, action))))
    )
      return { ok: true, value: null };
    // Whoever may publish a new operation may ask for its (empty) version list first: the Plan's version line then
    // says "Draft: never published" instead of looking as if the link were down.
    if (o.newOperation && action === 'plan:versions' && (a.admin || Object.values(a.roles).some((r) => r.some((x) => allowedFor(x, 'plan:publish')))))
      return { ok: true, value: null };
    return { ok: false, error: `forbidden: you are not a member of operation ${operationId}` };
  }
  if (roles.some((r) => allowedFor(r, action))) return { ok: true, value: null };
  return { ok: false, error: `forbidden: as ${roles.join(' and ')} in ${operationId} you may not send ${action}` };
}

/** The operations this actor may see (null: every operation, for service accounts). */
export function visibleOperations(actor: Actor): string[] | null {
  if (actor.kind === 'service') return null;
  return Object.entries(actor.account.roles)
    .filter(([, roles]) => roles.length > 0)
    .map(([id]) => id)
    .sort();
}

/** Operations whose audit entries this actor may read (null: all, for admins and service commanders). */
export function auditScope(actor: Actor): string[] | null {
  if (actor.kind === 'service') return actor.role === 'commander' ? null : [];
  return actor.account.admin ? null : commandedOperations(actor);
}

function commandedOperations(actor: Actor & { kind: 'account' }): string[] {
  return Object.entries(actor.account.roles)
    .filter(([, roles]) => roles.includes('commander'))
    .map(([id]) => id);
}

/** "Name (Rank Collar)" for the record; service accounts say what they are. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === 'service') return `${actor.name} (service account, ${actor.role})`;
  const a = actor.account;
  return `${a.name} (${a.rank} ${a.collar})`;
}

/**
 * The role that speaks for a connection in an operation: a person's strongest role there (what a screen offers, and
 * what a log entry records), a service account's one role.
 */
export function roleInOperation(data: { role: Role; account?: AccountPrincipal | undefined }, operationId: string): Role {
  const held = data.account?.roles[operationId];
  if (!held) return data.role;
  return (['commander', 'controller', 'loggist', 'planner', 'viewer'] as const).find((r) => held.includes(r)) ?? data.role;
}
