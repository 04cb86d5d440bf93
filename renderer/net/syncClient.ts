/**
 * Sync of shared operations over a command-server connection (issue 11; shapes in shared/protocol/sync.ts): typed
 * requests whose answers are parsed with the protocol's schemas, like everything else the server sends. The server
 * takes the user from the connection's token; nothing here names who is asking.
 */
import { z } from 'zod';
import type { OperationBundle } from '../../shared/domain';
import {
  SyncConflict,
  SyncPullResult,
  SyncPushResult,
  SyncSnapshotResult,
  type SyncPushRequest,
  type SyncConflict as SyncConflictT,
  type SyncPullResult as SyncPullResultT,
  type SyncPushResult as SyncPushResultT,
} from '../../shared/protocol/sync';
import type { Result } from '../../shared/util/result';
import type { LiveConnection } from './liveClient';

/** The part of a connection sync needs (tests pass a fake). */
export type SyncTransport = Pick<LiveConnection, 'ask'>;

const Shared = z.object({ operationId: z.string(), seq: z.number().int().min(0) });

export function shareOperation(c: SyncTransport, plan: OperationBundle): Promise<Result<{ operationId: string; seq: number }>> {
  return c.ask('sync:share', { plan }, Shared, 'the operation was not shared');
}

export function pushChangeSet(c: SyncTransport, req: SyncPushRequest): Promise<Result<SyncPushResultT>> {
  return c.ask('sync:push', req, SyncPushResult, `"${req.label}" was not sent`);
}

export function pullChanges(c: SyncTransport, operationId: string, sinceSeq: number): Promise<Result<SyncPullResultT>> {
  return c.ask('sync:pull', { operationId, sinceSeq }, SyncPullResult, 'the planning cell’s changes were not read');
}

export function readSnapshot(c: SyncTransport, operationId: string): Promise<Result<z.infer<typeof SyncSnapshotResult>>> {
  return c.ask('sync:snapshot', { operationId }, SyncSnapshotResult, 'the shared operation was not read');
}

export function listConflicts(c: SyncTransport, operationId: string, includeResolved = true): Promise<Result<SyncConflictT[]>> {
  return c.ask('sync:conflicts', { operationId, includeResolved }, z.array(SyncConflict), 'the conflicts were not read');
}

export function resolveConflict(c: SyncTransport, operationId: string, conflictId: string, keep: 'mine' | 'theirs'): Promise<Result<SyncConflictT>> {
  return c.ask('sync:resolve', { operationId, conflictId, keep }, SyncConflict, 'the conflict was not resolved');
}
