/**
 * Shared operations' working copies in the SQLite file (SqliteStore.sync). Its own connection, writing on the main
 * thread like the decision logs: a push must read the rows it merges against and write the result in ONE transaction,
 * which better-sqlite3 runs synchronously (BEGIN IMMEDIATE ... COMMIT, synchronous = FULL), so nothing else can
 * interleave and the ack follows the commit. A push is at most MAX_SYNC_CHANGES rows: milliseconds, not seconds.
 * The log and the shares are append-only in the file (triggers); a conflict may only move from open to resolved.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { SyncConflict, SyncLogEntry, SyncPushResult, SyncTable } from '../../shared/protocol';
import { planPush, planResolve, type RowWrite } from '../sync/plan';
import { readRowHistory } from '../sync/rowHistory';
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
  conflictOf,
  resolutionOf,
} from './syncTypes';

/** Idempotent; run on every open, after the store's own migrations. */
export const SQLITE_SYNC_SCHEMA = `
  CREATE TABLE IF NOT EXISTS sync_shares (operation_id TEXT PRIMARY KEY, shared_by TEXT NOT NULL, shared_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS sync_rows (
    operation_id TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (operation_id, tbl, key)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS sync_log (
    operation_id TEXT NOT NULL, seq INTEGER NOT NULL, change_set_id TEXT NOT NULL, by_user TEXT NOT NULL,
    logged_ms INTEGER NOT NULL, entry TEXT NOT NULL, result TEXT,
    PRIMARY KEY (operation_id, seq), UNIQUE (operation_id, change_set_id));
  CREATE TABLE IF NOT EXISTS sync_conflicts (
    id TEXT PRIMARY KEY, operation_id TEXT NOT NULL, raised_seq INTEGER NOT NULL, raised TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'resolved')), resolution TEXT);
  CREATE INDEX IF NOT EXISTS sync_conflicts_op ON sync_conflicts (operation_id, raised_seq);
  CREATE TRIGGER IF NOT EXISTS sync_shares_no_update BEFORE UPDATE ON sync_shares
    BEGIN SELECT RAISE(ABORT, 'sync_shares is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS sync_shares_no_delete BEFORE DELETE ON sync_shares
    BEGIN SELECT RAISE(ABORT, 'sync_shares is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS sync_log_no_update BEFORE UPDATE ON sync_log
    BEGIN SELECT RAISE(ABORT, 'sync_log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS sync_log_no_delete BEFORE DELETE ON sync_log
    BEGIN SELECT RAISE(ABORT, 'sync_log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS sync_conflicts_no_delete BEFORE DELETE ON sync_conflicts
    BEGIN SELECT RAISE(ABORT, 'sync_conflicts is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS sync_conflicts_only_resolve BEFORE UPDATE ON sync_conflicts
    WHEN NOT (OLD.state = 'open' AND NEW.state = 'resolved' AND NEW.resolution IS NOT NULL AND NEW.id = OLD.id
      AND NEW.operation_id = OLD.operation_id AND NEW.raised_seq = OLD.raised_seq AND NEW.raised = OLD.raised)
    BEGIN SELECT RAISE(ABORT, 'sync_conflicts: a conflict only moves from open to resolved, once'); END;
`;

const SQL = {
  share: `SELECT shared_by FROM sync_shares WHERE operation_id = ?`,
  insertShare: `INSERT INTO sync_shares (operation_id, shared_by, shared_ms) VALUES (?, ?, ?)`,
  ensureOperation: `INSERT INTO operations (id, state, created_ms, legal_hold) VALUES (?, 'open', ?, 0) ON CONFLICT (id) DO NOTHING`,
  head: `SELECT COALESCE(MAX(seq), 0) AS head FROM sync_log WHERE operation_id = ?`,
  openConflicts: `SELECT COUNT(*) AS n FROM sync_conflicts WHERE operation_id = ? AND state = 'open'`,
  row: `SELECT json FROM sync_rows WHERE operation_id = ? AND tbl = ? AND key = ?`,
  rows: `SELECT tbl, key, json FROM sync_rows WHERE operation_id = ?`,
  putRow: `INSERT INTO sync_rows (operation_id, tbl, key, json) VALUES (?, ?, ?, ?)
    ON CONFLICT (operation_id, tbl, key) DO UPDATE SET json = excluded.json`,
  deleteRow: `DELETE FROM sync_rows WHERE operation_id = ? AND tbl = ? AND key = ?`,
  byChangeSet: `SELECT result FROM sync_log WHERE operation_id = ? AND change_set_id = ?`,
  insertLog: `INSERT INTO sync_log (operation_id, seq, change_set_id, by_user, logged_ms, entry, result) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  pull: `SELECT entry FROM sync_log WHERE operation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
  insertConflict: `INSERT INTO sync_conflicts (id, operation_id, raised_seq, raised, state) VALUES (?, ?, ?, ?, 'open')`,
  conflict: `SELECT raised, state, resolution FROM sync_conflicts WHERE operation_id = ? AND id = ?`,
  conflicts: `SELECT raised, state, resolution FROM sync_conflicts WHERE operation_id = ? ORDER BY raised_seq, rowid`,
  openConflictList: `SELECT raised, state, resolution FROM sync_conflicts WHERE operation_id = ? AND state = 'open' ORDER BY raised_seq, rowid`,
  resolveConflict: `UPDATE sync_conflicts SET state = 'resolved', resolution = ? WHERE id = ?`,
  // One row's history (the audit trail): a scan of the operation's log, read only when someone follows a row.
  entriesTouching: `SELECT entry FROM sync_log l WHERE l.operation_id = ? AND l.seq > ? AND l.seq <= ?
    AND EXISTS (SELECT 1 FROM json_each(l.entry, '$.changes') c WHERE json_extract(c.value, '$.table') = ? AND json_extract(c.value, '$.key') = ?)
    ORDER BY l.seq LIMIT ?`,
  conflictsOn: `SELECT raised, state, resolution, raised_seq FROM sync_conflicts WHERE operation_id = ? AND raised_seq > ? AND raised_seq <= ?
    AND json_extract(raised, '$.table') = ? AND json_extract(raised, '$.key') = ? ORDER BY raised_seq, rowid LIMIT ?`,
  entryAt: `SELECT entry FROM sync_log WHERE operation_id = ? AND seq = ?`,
};

type ConflictRow = { raised: string; state: string; resolution: string | null };
const fromConflictRow = (r: ConflictRow) => conflictOf(JSON.parse(r.raised), r.resolution ? JSON.parse(r.resolution) : null);

export class SqliteSync implements SyncStore {
  private readonly db: Database.Database;
  private readonly s: { [K in keyof typeof SQL]: Database.Statement };
  private readonly pushTx: (p: SyncPushInput) => SyncPushResult;
  private readonly resolveTx: (r: SyncResolveInput) => { conflict: SyncConflict; seq: number };

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SQLITE_SYNC_SCHEMA);
    this.s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, this.db.prepare(sql)])) as typeof this.s;
    this.pushTx = this.db.transaction((p: SyncPushInput) => this.pushNow(p)).immediate as unknown as typeof this.pushTx;
    this.resolveTx = this.db.transaction((r: SyncResolveInput) => this.resolveNow(r)).immediate as unknown as typeof this.resolveTx;
  }

  private shared(operationId: string): void {
    if (!this.s.share.get(operationId)) throw new SyncNotShared(operationId);
  }

  private headSeq(operationId: string): number {
    return Number((this.s.head.get(operationId) as { head: number }).head);
  }

  private current(operationId: string, table: SyncTable, key: string): SyncRow | null {
    const r = this.s.row.get(operationId, table, key) as { json: string } | undefined;
    return r ? (JSON.parse(r.json) as SyncRow) : null;
  }

  private writeRows(operationId: string, writes: readonly RowWrite[]): void {
    for (const w of writes) {
      if (w.row === null) this.s.deleteRow.run(operationId, w.table, w.key);
      else this.s.putRow.run(operationId, w.table, w.key, JSON.stringify(w.row));
    }
  }

  private insertLog(entry: SyncLogEntry, atMs: number, result: SyncPushResult | null): void {
    this.s.insertLog.run(entry.operationId, entry.seq, entry.changeSetId, entry.by, atMs, JSON.stringify(entry), result ? JSON.stringify(result) : null);
  }

  private pushNow(p: SyncPushInput): SyncPushResult {
    this.shared(p.operationId);
    const earlier = this.s.byChangeSet.get(p.operationId, p.changeSetId) as { result: string | null } | undefined;
    if (earlier?.result) return JSON.parse(earlier.result) as SyncPushResult;
    const plan = planPush(p, (table, key) => this.current(p.operationId, table, key), this.headSeq(p.operationId) + 1, randomUUID);
    this.insertLog(plan.entry, p.atMs, plan.result);
    this.writeRows(p.operationId, plan.writes);
    for (const c of plan.conflicts) this.s.insertConflict.run(c.id, c.operationId, plan.entry.seq, JSON.stringify(c));
    return plan.result;
  }

  private resolveNow(r: SyncResolveInput): { conflict: SyncConflict; seq: number } {
    this.shared(r.operationId);
    const row = this.s.conflict.get(r.operationId, r.conflictId) as ConflictRow | undefined;
    if (!row) throw new SyncUnknownConflict(r.operationId, r.conflictId);
    const open = fromConflictRow(row);
    if (open.state !== 'open') throw new SyncAlreadyResolved(open);
    const plan = planResolve(r, open, this.current(r.operationId, open.table, open.key), this.headSeq(r.operationId) + 1);
    this.insertLog(plan.entry, r.atMs, null);
    this.writeRows(r.operationId, [plan.write]);
    this.s.resolveConflict.run(JSON.stringify(resolutionOf(plan.conflict)), open.id);
    return { conflict: plan.conflict, seq: plan.entry.seq };
  }

  share(operationId: string, rows: readonly StoredSyncRow[], by: string, atMs: number): Promise<{ seq: number; created: boolean }> {
    const tx = this.db.transaction(() => {
      if (this.s.share.get(operationId)) return { seq: this.headSeq(operationId), created: false };
      this.s.ensureOperation.run(operationId, atMs);
      this.s.insertShare.run(operationId, by, atMs);
      for (const r of rows) this.s.putRow.run(operationId, r.table, r.key, JSON.stringify(r.row));
      return { seq: 0, created: true };
    });
    return this.run(() => tx.immediate());
  }

  head(operationId: string): Promise<SyncHead | null> {
    return this.run(() => {
      if (!this.s.share.get(operationId)) return null;
      return { headSeq: this.headSeq(operationId), openConflicts: Number((this.s.openConflicts.get(operationId) as { n: number }).n) };
    });
  }

  push(p: SyncPushInput): Promise<SyncPushResult> {
    return this.run(() => this.pushTx(p));
  }

  pull(operationId: string, sinceSeq: number, limit: number): Promise<SyncPullPage> {
    return this.run(() => {
      this.shared(operationId);
      const headSeq = this.headSeq(operationId);
      const entries = (this.s.pull.all(operationId, sinceSeq, limit) as { entry: string }[]).map((r) => JSON.parse(r.entry) as SyncLogEntry);
      return { entries, headSeq, more: (entries.at(-1)?.seq ?? headSeq) < headSeq };
    });
  }

  snapshot(operationId: string): Promise<{ rows: StoredSyncRow[]; seq: number } | null> {
    // One read transaction: the rows and the seq agree.
    const tx = this.db.transaction(() => {
      if (!this.s.share.get(operationId)) return null;
      const rows = (this.s.rows.all(operationId) as { tbl: SyncTable; key: string; json: string }[]).map((r) => ({
        table: r.tbl,
        key: r.key,
        row: JSON.parse(r.json) as SyncRow,
      }));
      return { rows, seq: this.headSeq(operationId) };
    });
    return this.run(() => tx.deferred());
  }

  conflicts(operationId: string, includeResolved: boolean): Promise<SyncConflict[]> {
    return this.run(() => ((includeResolved ? this.s.conflicts : this.s.openConflictList).all(operationId) as ConflictRow[]).map(fromConflictRow));
  }

  resolve(r: SyncResolveInput): Promise<{ conflict: SyncConflict; seq: number }> {
    return this.run(() => this.resolveTx(r));
  }

  row(operationId: string, table: SyncTable, key: string): Promise<SyncRow | null> {
    return this.run(() => this.current(operationId, table, key));
  }

  rowHistory(operationId: string, table: SyncTable, key: string, afterSeq: number, limit: number): Promise<SyncRowHistoryPage> {
    if (!this.s.share.get(operationId)) return Promise.resolve({ events: [], more: false });
    const entries = (rows: unknown[]) => (rows as { entry: string }[]).map((r) => JSON.parse(r.entry) as SyncLogEntry);
    return readRowHistory(
      {
        head: () => this.run(() => this.headSeq(operationId)),
        entriesTouching: (after, upto, n) => this.run(() => entries(this.s.entriesTouching.all(operationId, after, upto, table, key, n))),
        conflictsOn: (after, upto, n) =>
          this.run(() =>
            (this.s.conflictsOn.all(operationId, after, upto, table, key, n) as (ConflictRow & { raised_seq: number })[]).map((r) => ({
              conflict: fromConflictRow(r),
              raisedSeq: Number(r.raised_seq),
            })),
          ),
        entriesAt: (seqs) => this.run(() => entries(seqs.flatMap((q) => this.s.entryAt.all(operationId, q)))),
        conflictsById: (ids) => this.run(() => ids.flatMap((id) => (this.s.conflict.all(operationId, id) as ConflictRow[]).map(fromConflictRow))),
      },
      operationId,
      table,
      key,
      afterSeq,
      limit,
    );
  }

  /** A synchronous call as a promise: its throw becomes the rejection. */
  private run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
