/**
 * The socket side of sync (issue 11): the `sync:*` events, each payload parsed with its schema from
 * shared/protocol/sync.ts by sockets.ts's `handle` (which also checks the person's role in the operation with
 * `mayAccess` and writes the audit trail). A socket that shares, pulls or snapshots an operation it may see joins the
 * room `sync:<operationId>`, where `sync:head` notices go.
 */
import type { z } from 'zod';
import {
  SyncConflictsRequest,
  SyncPullRequest,
  SyncPushRequest,
  SyncResolveRequest,
  SyncShareRequest,
  SyncSnapshotRequest,
  type ClientToServerEvents,
  type SyncHeadNotice,
} from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import { mayAccess } from '../auth/access';
import type { AccountService } from '../auth/accountService';
import type { CordonServer, CordonSocket } from '../hub';
import type { SyncService } from './syncService';

type Handler = [keyof ClientToServerEvents, z.ZodType, (req: unknown) => Promise<Result<unknown>>];

export const syncRoom = (operationId: string) => `sync:${operationId}`;

/**
 * Sends a head notice to every socket that has the operation open, on every process: through the socket.io Redis
 * adapter when the server runs as a cluster (a process that missed it still answers pulls from the shared store).
 */
export function notifySyncHead(io: CordonServer, notice: SyncHeadNotice): void {
  io.to(syncRoom(notice.operationId)).emit('sync:head', notice);
}

export function syncEventHandlers(sync: SyncService, socket: CordonSocket, accounts?: AccountService): Handler[] {
  const h = <S extends z.ZodType>(event: keyof ClientToServerEvents, schema: S, run: (req: z.infer<S>) => Promise<Result<unknown>>): Handler => [
    event,
    schema,
    run as unknown as (req: unknown) => Promise<Result<unknown>>,
  ];
  const join = <T>(operationId: string, r: Result<T>): Result<T> => {
    if (r.ok) void socket.join(syncRoom(operationId));
    return r;
  };
  return [
    h('sync:share', SyncShareRequest, async (req) => {
      const operationId = req.plan.operation.id;
      const account = socket.data.account;
      // A first share may come from someone who is not a member yet (they become its planner); a later one only from
      // a member, and it changes nothing.
      if (account && (await sync.isShared(operationId)) && !mayAccess({ kind: 'account', account }, operationId, 'sync:pull').ok)
        return { ok: false, error: `forbidden: you are not a member of operation ${operationId}` };
      const r = await sync.share(req.plan, socket.data.name);
      if (r.ok && r.value.created && accounts && account)
        await accounts.joinAsPlanner(operationId, { actor: { kind: 'account', account }, workstation: socket.data.workstation ?? null });
      return join(operationId, r.ok ? { ok: true, value: { operationId, seq: r.value.seq } } : r);
    }),
    h('sync:push', SyncPushRequest, (req) => sync.push(req, socket.data.name)),
    h('sync:pull', SyncPullRequest, async (req) => join(req.operationId, await sync.pull(req.operationId, req.sinceSeq, req.limit))),
    h('sync:snapshot', SyncSnapshotRequest, async (req) => join(req.operationId, await sync.snapshot(req.operationId))),
    h('sync:conflicts', SyncConflictsRequest, (req) => sync.conflicts(req.operationId, req.includeResolved ?? false)),
    h('sync:resolve', SyncResolveRequest, (req) => sync.resolve(req, socket.data.name)),
  ];
}
