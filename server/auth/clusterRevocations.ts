/**
 * Ended sessions across a scale-out group: signing out, or an administrator disabling someone, ends their sessions in
 * the shared store, and the process that did it disconnects their sockets (accountSockets.ts). This relays the ending
 * to the other processes (`cordon:revoked`) so that each disconnects that person's sockets at once, instead of at
 * their next connect. While Redis is away the relay is lost; the store still refuses the session at the next connect.
 */
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { CordonServer } from '../hub';
import type { ClusterRelay } from '../presence/presenceService';
import type { Logger } from '../util';
import type { AccountService } from './accountService';

const EVENT = 'cordon:revoked';
const Revoked = z.object({ userId: z.string().min(1).max(200), sessionIds: z.array(z.string().min(1).max(200)).max(10_000), why: z.string().max(500) });

export function shareRevocations(io: CordonServer, accounts: AccountService, relay: ClusterRelay, log: Logger): void {
  accounts.on({
    revoked(userId, sessionIds, why) {
      if (!relay(EVENT, { userId, sessionIds: [...sessionIds], why }))
        log(
          `accounts: could not tell the other processes that ${sessionIds.length} session(s) of ${userId} ended (cluster link down); they refuse them at the next connect`,
        );
    },
    rolesChanged: () => undefined,
  });
  const bus = io as unknown as Server<Record<string, (...a: unknown[]) => void>>;
  bus.on(EVENT, (raw: unknown) => {
    const r = Revoked.safeParse(raw);
    if (!r.success) return log('accounts: ignored a malformed session ending from another process');
    const ended = new Set(r.data.sessionIds);
    // Only this process's sockets: every process does the same for its own.
    for (const s of io.of('/').sockets.values()) {
      const a = s.data.account;
      if (a?.id !== r.data.userId || !ended.has(a.sessionId)) continue;
      s.emit('notice', { code: 'signedOut', message: `signed out: ${r.data.why}` });
      s.disconnect(true);
    }
  });
}
