/** The synced working copies in memory (MemoryStore.sync): the same behaviour as SQLite and PostgreSQL, nothing kept across restarts. */
import { randomUUID } from 'node:crypto';
import type { SyncConflict, SyncLogEntry, SyncPushResult, SyncTable } from '../../shared/protocol';
import { planPush, planResolve, resolutionChangeSetId, type RowWrite } from '../sync/plan';
import { conflictOnRow, readRowHistory, touchesRow } from '../sync/rowHistory';
import {
  SyncAlreadyResolved,
  SyncNotShared,
  SyncUnknownConflict,
  type StoredSyncRow,
  type SyncHead,
  type SyncPullPage,
  type SyncPushInput,
  type SyncResolveInput,
  type SyncRow,
  type SyncRowHistoryPage,
  type SyncStore,
} from './syncTypes';

interface Shared {
  rows: Map<string, StoredSyncRow>;
  log: { entry: SyncLogEntry; result: SyncPushResult | null }[];
  byChangeSet: Map<string, SyncPushResult | null>;
  conflicts: SyncConflict[];
}

const rowKey = (table: string, key: string) => `${table}\u0000${key}`;
const copy = <T>(x: T): T => structuredClone(x);

export class MemorySync implements SyncStore {
  private readonly ops = new Map<string, Shared>();

  /** `record`: notes the operation in the store, as every write to it does. */
  constructor(private readonly record: (operationId: string, atMs: number) => void) {}

  private shared(operationId: string): Shared {
    const s = this.ops.get(operationId);
    if (!s) throw new SyncNotShared(operationId);
    return s;
  }

  private apply(s: Shared, writes: readonly RowWrite[]): void {
    for (const w of writes) {
      if (w.row === null) s.rows.delete(rowKey(w.table, w.key));
      else s.rows.set(rowKey(w.table, w.key), { table: w.table, key: w.key, row: copy(w.row) });
    }
  }

  share(operationId: string, rows: readonly StoredSyncRow[], _by: string, atMs: number): Promise<{ seq: number; created: boolean }> {
    const s = this.ops.get(operationId);
    if (s) return Promise.resolve({ seq: s.log.length, created: false });
    this.record(operationId, atMs);
    const fresh: Shared = { rows: new Map(), log: [], byChangeSet: new Map(), conflicts: [] };
    for (const r of rows) fresh.rows.set(rowKey(r.table, r.key), copy(r));
    this.ops.set(operationId, fresh);
    return Promise.resolve({ seq: 0, created: true });
  }

  head(operationId: string): Promise<SyncHead | null> {
    const s = this.ops.get(operationId);
    return Promise.resolve(s ? { headSeq: s.log.length, openConflicts: s.conflicts.filter((c) => c.state === 'open').length } : null);
  }

  async push(p: SyncPushInput): Promise<SyncPushResult> {
    const s = this.shared(p.operationId);
    const earlier = s.byChangeSet.get(p.changeSetId);
    if (earlier) return copy(earlier);
    const current = (table: SyncTable, key: string) => (s.rows.get(rowKey(table, key))?.row as SyncRow | undefined) ?? null;
    const plan = planPush(copy(p), current, s.log.length + 1, randomUUID);
    s.log.push({ entry: copy(plan.entry), result: plan.result });
    s.byChangeSet.set(p.changeSetId, plan.result);
    this.apply(s, plan.writes);
    s.conflicts.push(...copy(plan.conflicts));
    return copy(plan.result);
  }

  async pull(operationId: string, sinceSeq: number, limit: number): Promise<SyncPullPage> {
    const s = this.shared(operationId);
    const entries = s.log.slice(sinceSeq, sinceSeq + limit).map((l) => copy(l.entry));
    return { entries, headSeq: s.log.length, more: sinceSeq + entries.length < s.log.length };
  }

  snapshot(operationId: string): Promise<{ rows: StoredSyncRow[]; seq: number } | null> {
    const s = this.ops.get(operationId);
    return Promise.resolve(s ? { rows: [...s.rows.values()].map(copy), seq: s.log.length } : null);
  }

  conflicts(operationId: string, includeResolved: boolean): Promise<SyncConflict[]> {
    const s = this.ops.get(operationId);
    return Promise.resolve((s?.conflicts ?? []).filter((c) => includeResolved || c.state === 'open').map(copy));
  }

  row(operationId: string, table: SyncTable, key: string): Promise<SyncRow | null> {
    const r = this.ops.get(operationId)?.rows.get(rowKey(table, key));
    return Promise.resolve(r ? (copy(r.row) as SyncRow) : null);
  }

  async resolve(r: SyncResolveInput): Promise<{ conflict: SyncConflict; seq: number }> {
    const s = this.shared(r.operationId);
    const i = s.conflicts.findIndex((c) => c.id === r.conflictId);
    const open = s.conflicts[i];
    if (!open) throw new SyncUnknownConflict(r.operationId, r.conflictId);
    if (open.state !== 'open') throw new SyncAlreadyResolved(copy(open));
    const current = (s.rows.get(rowKey(open.table, open.key))?.row as SyncRow | undefined) ?? null;
    const plan = planResolve(r, open, current, s.log.length + 1);
    s.log.push({ entry: copy(plan.entry), result: null });
    s.byChangeSet.set(resolutionChangeSetId(open.id), null);
    this.apply(s, [plan.write]);
    s.conflicts[i] = copy(plan.conflict);
    return { conflict: copy(plan.conflict), seq: plan.entry.seq };
  }

  rowHistory(operationId: string, table: SyncTable, key: string, afterSeq: number, limit: number): Promise<SyncRowHistoryPage> {
    const s = this.ops.get(operationId);
    if (!s) return Promise.resolve({ events: [], more: false });
    // A conflict is raised by the push logged at the seq the log had just after it.
    const raisedSeq = new Map<string, number>();
    for (const l of s.log) for (const id of l.result?.conflictIds ?? []) raisedSeq.set(id, l.entry.seq);
    return readRowHistory(
      {
        head: () => Promise.resolve(s.log.length),
        entriesTouching: (after, upto, n) =>
          Promise.resolve(
            s.log
              .filter((l) => l.entry.seq > after && l.entry.seq <= upto && touchesRow(l.entry, table, key))
              .slice(0, n)
              .map((l) => copy(l.entry)),
          ),
        conflictsOn: (after, upto, n) =>
          Promise.resolve(
            s.conflicts
              .map((c) => ({ conflict: copy(c), raisedSeq: raisedSeq.get(c.id) ?? 0 }))
              .filter((c) => conflictOnRow(c.conflict, table, key) && c.raisedSeq > after && c.raisedSeq <= upto)
              .slice(0, n),
          ),
        entriesAt: (seqs) => Promise.resolve(seqs.flatMap((q) => (s.log[q - 1] ? [copy(s.log[q - 1]!.entry)] : []))),
        conflictsById: (ids) => Promise.resolve(s.conflicts.filter((c) => ids.includes(c.id)).map(copy)),
      },
      operationId,
      table,
      key,
      afterSeq,
      limit,
    );
  }
}
