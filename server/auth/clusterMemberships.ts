/**
 * Changed roles across a scale-out group: an administrator adds, changes or removes someone's roles in an operation on
 * one process, and that process re-scopes the person's sockets (accountSockets.ts `watchAccounts`). This relays the
 * change to the other processes (`cordon:rolesChanged`) so that each re-scopes that person's sockets at once: a member
 * removed from an operation loses its live subscription, sync notices and presence on every process, not only where
 * the change was made.
 *
 * Only the user id travels: each process reads the roles from the shared account store (PostgreSQL), never from the
 * message, so a relayed message can narrow or widen nobody's access beyond what the store holds. While Redis is away
 * the relay is lost; the process re-reads every signed-in socket's roles when the link is back (`rescopeAll`), and the
 * store decides again at the next connect.
 */
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { CordonServer } from '../hub';
import type { ClusterRelay } from '../presence/presenceService';
import type { Logger } from '../util';
import type { AccountService } from './accountService';

const EVENT = 'cordon:rolesChanged';
const RolesChanged = z.object({ userId: z.string().min(1).max(200) });

export function shareRoleChanges(io: CordonServer, accounts: AccountService, relay: ClusterRelay, log: Logger): void {
  accounts.on({
    revoked: () => undefined,
    rolesChanged(userId, from) {
      // A change that came over the relay is every process's already: sending it on would echo it for ever.
      if (from === 'relayed') return;
      if (!relay(EVENT, { userId }))
        log(`accounts: could not tell the other processes that the roles of ${userId} changed (cluster link down); they re-read them when the link is back`);
    },
  });
  const bus = io as unknown as Server<Record<string, (...a: unknown[]) => void>>;
  bus.on(EVENT, (raw: unknown) => {
    const r = RolesChanged.safeParse(raw);
    if (!r.success) return log('accounts: ignored a malformed role change from another process');
    accounts.rolesChangedElsewhere(r.data.userId);
  });
}

/** Every person signed in on this process, once each: after a cluster outage their roles may have changed unheard. */
export function rescopeAll(io: CordonServer, accounts: AccountService): void {
  const people = new Set<string>();
  for (const s of io.of('/').sockets.values()) if (s.data.account) people.add(s.data.account.id);
  for (const userId of people) accounts.rolesChangedElsewhere(userId);
}
