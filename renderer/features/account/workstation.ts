/**
 * This workstation's id for the audit trail: made once, kept in localStorage (it is not a secret and grants nothing;
 * the server records it beside the authenticated user so an inquiry can tell which screen an action came from).
 */
import { WorkstationId } from '../../../shared/protocol';

const KEY = 'cordon.workstationId';

export function workstationId(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string {
  const saved = storage.getItem(KEY);
  if (saved && WorkstationId.safeParse(saved).success) return saved;
  const made = `ws-${crypto.randomUUID().slice(0, 8)}`;
  storage.setItem(KEY, made);
  return made;
}
