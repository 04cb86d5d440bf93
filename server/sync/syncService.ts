/**
 * Sync of shared operations on the server (issue 11; the model is in shared/protocol/sync.ts): share seeds the
 * working copy, push applies a change set (merging or keeping conflicts), pull and snapshot read it, resolve settles a
 * conflict once for everybody. Every write is durable in the store before it is answered, and only then are the
 * workstations that have the operation open told the head moved (`notify`: `sync:head`, across processes through the
 * socket.io Redis adapter). Who did it is always the authenticated user the socket's token names.
 */
import type { z } from 'zod';
import { OperationBundle } from '../../shared/domain';
import {
  MAX_SYNC_PULL,
  type SyncChange,
  type SyncConflict,
  type SyncHeadNotice,
  type SyncPullResult,
  type SyncPushRequest,
  type SyncPushResult,
  type SyncResolveRequest,
} from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import { SyncAlreadyResolved, SyncNotShared, SyncUnknownConflict } from '../store/syncTypes';
import type { RowHistoryReader } from './auditFollow';
import type { Store } from '../store/types';
import { describeZodError, errorMessage, type Logger } from '../util';
import { bundleRows, rowsBundle } from './plan';

export interface SyncServiceDeps {
  store: Store;
  log: Logger;
  now: () => number;
  /** Tells the workstations that have the operation open that its log or its conflicts moved. */
  notify: (notice: SyncHeadNotice) => void;
}

/** The store's refusals that are the caller's to fix, as answers; anything else is a store failure. */
function refusal(e: unknown): string | null {
  if (e instanceof SyncNotShared || e instanceof SyncUnknownConflict || e instanceof SyncAlreadyResolved) return e.message;
  return null;
}

/** Why a change does not belong where it claims to (null: it does): its key is its row's id, its row is of this operation. */
export function misplacedChange(operationId: string, c: SyncChange): string | null {
  for (const row of [c.before, c.after]) {
    if (row === null) continue;
    if (row.id !== c.key) return `key ${c.key} is not the id of its row (${row.id})`;
    const owner = c.table === 'operations' ? row.id : (row as { operationId: string }).operationId;
    if (owner !== operationId) return `the row belongs to operation ${owner}, not ${operationId}`;
  }
  return null;
}

export class SyncService {
  constructor(private readonly d: SyncServiceDeps) {}

  private fail(what: string, e: unknown): Result<never> {
    const why = refusal(e);
    if (why) return { ok: false, error: why };
    this.d.log(`sync: ${what}: ${errorMessage(e)}`);
    return { ok: false, error: `not stored: ${what} failed (${errorMessage(e)})` };
  }

  private async announce(operationId: string): Promise<void> {
    const head = await this.d.store.sync.head(operationId);
    if (head) this.d.notify({ operationId, ...head });
  }

  /** Whether the operation is shared already (a share of it then changes nothing). */
  async isShared(operationId: string): Promise<boolean> {
    return (await this.d.store.sync.head(operationId)) !== null;
  }

  async share(plan: OperationBundle, by: string): Promise<Result<{ operationId: string; seq: number; created: boolean }>> {
    const operationId = plan.operation.id;
    for (const table of ['phases', 'features', 'units', 'assignments'] as const) {
      const i = plan[table].findIndex((r) => r.operationId !== operationId);
      if (i >= 0) return { ok: false, error: `plan.${table}.${i}: belongs to operation ${plan[table][i]!.operationId}, not ${operationId}` };
    }
    try {
      const r = await this.d.store.sync.share(operationId, bundleRows(plan), by, this.d.now());
      if (r.created) this.d.log(`sync: ${plan.operation.name} (${operationId}) shared by ${by}`);
      return { ok: true, value: { operationId, ...r } };
    } catch (e) {
      return this.fail(`sharing ${operationId}`, e);
    }
  }

  async push(req: SyncPushRequest, by: string): Promise<Result<SyncPushResult>> {
    // Resolutions' log entries are named after their conflict; a push may not take such a name.
    if (req.changeSetId.startsWith('resolve:')) return { ok: false, error: 'changeSetId: "resolve:" names resolutions; use a uuid' };
    for (let i = 0; i < req.changes.length; i++) {
      const why = misplacedChange(req.operationId, req.changes[i]!);
      if (why) return { ok: false, error: `changes.${i}: ${why}` };
    }
    let result: SyncPushResult;
    try {
      result = await this.d.store.sync.push({ ...req, by, atMs: this.d.now() });
    } catch (e) {
      return this.fail(`push ${req.changeSetId} to ${req.operationId}`, e);
    }
    await this.announce(req.operationId);
    return { ok: true, value: result };
  }

  async pull(operationId: string, sinceSeq: number, limit = MAX_SYNC_PULL): Promise<Result<SyncPullResult>> {
    try {
      return { ok: true, value: { operationId, ...(await this.d.store.sync.pull(operationId, sinceSeq, limit)) } };
    } catch (e) {
      return this.fail(`pull of ${operationId}`, e);
    }
  }

  async snapshot(operationId: string): Promise<Result<{ plan: OperationBundle; seq: number }>> {
    const s = await this.d.store.sync.snapshot(operationId);
    if (!s) return { ok: false, error: new SyncNotShared(operationId).message };
    const plan = OperationBundle.safeParse(rowsBundle(operationId, s.rows));
    if (!plan.success) return { ok: false, error: `the working copy of ${operationId} is not a whole operation: ${describeZodError(plan.error)}` };
    return { ok: true, value: { plan: plan.data, seq: s.seq } };
  }

  async conflicts(operationId: string, includeResolved: boolean): Promise<Result<SyncConflict[]>> {
    if (!(await this.isShared(operationId))) return { ok: false, error: new SyncNotShared(operationId).message };
    return { ok: true, value: await this.d.store.sync.conflicts(operationId, includeResolved) };
  }

  /** One row's history (the audit trail's "follow"); an arrow so it can be handed on. */
  readonly rowHistory: RowHistoryReader = (ref, afterSeq, limit) => this.d.store.sync.rowHistory(ref.operationId, ref.table, ref.key, afterSeq, limit);

  async resolve(req: z.infer<typeof SyncResolveRequest>, by: string): Promise<Result<SyncConflict>> {
    let conflict: SyncConflict;
    try {
      conflict = (await this.d.store.sync.resolve({ ...req, by, atMs: this.d.now() })).conflict;
    } catch (e) {
      return this.fail(`resolving ${req.conflictId} of ${req.operationId}`, e);
    }
    this.d.log(`sync: conflict ${conflict.id} of ${req.operationId} (${conflict.table} ${conflict.key}) resolved by ${by}: kept ${req.keep}`);
    await this.announce(req.operationId);
    return { ok: true, value: conflict };
  }
}
