/**
 * A person's roles changed: each of their sockets on this process gets the roles the account store holds now, and
 * loses what it may no longer hold: the live subscription (`subscribe`), the sync room where `sync:head` notices go,
 * and its presence (gone from the others' "Also here:" strip and selection outlines, its own strip emptied). The
 * socket is told once per operation it lost (`membershipEnded`), so its screen can say why the picture stopped.
 *
 * The same person's changes are re-scoped one after the other: two quick changes each read the store, and an older
 * read finishing last would otherwise put back roles that were already taken away.
 */
import { syncRoom } from '../sync/syncSockets';
import type { CordonServer, CordonSocket, Hub } from '../hub';
import type { PresenceService } from '../presence/presenceService';
import { errorMessage, type Logger } from '../util';
import { mayAccess, type AccountPrincipal, type Action } from './access';
import type { AccountService } from './accountService';

export interface RescopeDeps {
  io: CordonServer;
  hub: Hub;
  accounts: AccountService;
  log: Logger;
  presence?: PresenceService;
}

/** Returns `rescope(userId)`: queued per person, never rejects (a failure is logged). */
export function memberRescoper(d: RescopeDeps): (userId: string) => Promise<void> {
  const queues = new Map<string, Promise<void>>();
  return (userId) => {
    const next = (queues.get(userId) ?? Promise.resolve())
      .then(() => rescopeNow(d, userId))
      .catch((e: unknown) => d.log(`accounts: could not re-scope the sockets of ${userId}: ${errorMessage(e)}`));
    queues.set(userId, next);
    void next.then(() => {
      if (queues.get(userId) === next) queues.delete(userId);
    });
    return next;
  };
}

async function rescopeNow({ io, hub, accounts, presence }: RescopeDeps, userId: string): Promise<void> {
  const sockets = [...io.of('/').sockets.values()].filter((s) => s.data.account?.id === userId);
  if (sockets.length === 0) return;
  const account = await accounts.store.userById(userId);
  // A deleted or disabled account's sessions end through `revoked`; nothing is widened or narrowed here.
  if (!account) return;
  for (const s of sockets) {
    const now = await accounts.principal(account, s.data.account!.sessionId);
    s.data.account = now;
    const lost = new Set<string>();
    const may = (operationId: string, action: Action) => mayAccess({ kind: 'account', account: now }, operationId, action).ok;
    for (const operationId of [...s.data.subs]) {
      if (may(operationId, 'subscribe')) continue;
      hub.unsubscribe(s, operationId);
      lost.add(operationId);
    }
    for (const operationId of syncRoomsOf(s)) {
      if (may(operationId, 'sync:pull')) continue;
      void s.leave(syncRoom(operationId));
      lost.add(operationId);
    }
    for (const operationId of presence?.expel(s, (id) => may(id, 'presence:update')) ?? []) lost.add(operationId);
    for (const operationId of lost) s.emit('notice', { code: 'membershipEnded', message: endedMessage(now, operationId), operationId });
  }
}

const syncRoomsOf = (s: CordonSocket) => [...s.rooms].filter((r) => r.startsWith(syncRoom(''))).map((r) => r.slice(syncRoom('').length));

const endedMessage = (a: AccountPrincipal, operationId: string) =>
  `you (${a.userName}) are no longer a member of operation ${operationId}: its live picture, sync and presence stop here`;
