/**
 * Shared operations' working copies in PostgreSQL (PgStore.sync), shared by every server process on the database: a
 * process that never saw a push still answers pulls from here. A push or a resolution is one transaction under a
 * per-operation advisory lock, so two processes pushing at once get consecutive seqs and each merges against the
 * other's committed rows (the primary key backs that up). Rows are read and written in batches (unnest), not one
 * query per row. The log and the shares are append-only (triggers); a conflict may only move from open to resolved.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
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

/** Idempotent; run on every open after the store's schema step (needs its cordon_append_only() function). */
export const PG_SYNC_SCHEMA = `
  CREATE TABLE IF NOT EXISTS sync_shares (operation_id text PRIMARY KEY, shared_by text NOT NULL, shared_ms bigint NOT NULL);
  CREATE TABLE IF NOT EXISTS sync_rows (
    operation_id text NOT NULL, tbl text NOT NULL, key text NOT NULL, json text NOT NULL, PRIMARY KEY (operation_id, tbl, key));
  CREATE TABLE IF NOT EXISTS sync_log (
    operation_id text NOT NULL, seq bigint NOT NULL, change_set_id text NOT NULL, by_user text NOT NULL,
    logged_ms bigint NOT NULL, entry text NOT NULL, result text,
    PRIMARY KEY (operation_id, seq), UNIQUE (operation_id, change_set_id));
  CREATE TABLE IF NOT EXISTS sync_conflicts (
    n bigserial NOT NULL, id text PRIMARY KEY, operation_id text NOT NULL, raised_seq bigint NOT NULL, raised text NOT NULL,
    state text NOT NULL CHECK (state IN ('open', 'resolved')), resolution text);
  CREATE INDEX IF NOT EXISTS sync_conflicts_op ON sync_conflicts (operation_id, raised_seq, n);
  CREATE OR REPLACE FUNCTION cordon_sync_conflict_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.state = 'open' AND NEW.state = 'resolved' AND NEW.resolution IS NOT NULL AND NEW.id = OLD.id AND NEW.n = OLD.n
        AND NEW.operation_id = OLD.operation_id AND NEW.raised_seq = OLD.raised_seq AND NEW.raised = OLD.raised THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'sync_conflicts: a conflict only moves from open to resolved, once';
    END $$;
  CREATE OR REPLACE TRIGGER sync_shares_append_only BEFORE UPDATE OR DELETE ON sync_shares
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER sync_shares_no_truncate BEFORE TRUNCATE ON sync_shares
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER sync_log_append_only BEFORE UPDATE OR DELETE ON sync_log
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER sync_log_no_truncate BEFORE TRUNCATE ON sync_log
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER sync_conflicts_no_delete BEFORE DELETE ON sync_conflicts
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER sync_conflicts_no_truncate BEFORE TRUNCATE ON sync_conflicts
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER sync_conflicts_only_resolve BEFORE UPDATE ON sync_conflicts
    FOR EACH ROW EXECUTE FUNCTION cordon_sync_conflict_guard();
`;

const SQL = {
  lock: `SELECT pg_advisory_xact_lock(hashtext('cordon.sync:' || $1::text))`,
  share: `SELECT shared_by FROM sync_shares WHERE operation_id = $1`,
  insertShare: `INSERT INTO sync_shares (operation_id, shared_by, shared_ms) VALUES ($1, $2, $3)`,
  ensureOperation: `INSERT INTO operations (id, state, created_ms) VALUES ($1, 'open', $2) ON CONFLICT (id) DO NOTHING`,
  head: `SELECT COALESCE(MAX(seq), 0) AS head FROM sync_log WHERE operation_id = $1`,
  openConflicts: `SELECT COUNT(*) AS n FROM sync_conflicts WHERE operation_id = $1 AND state = 'open'`,
  someRows: `SELECT r.tbl, r.key, r.json FROM sync_rows r JOIN unnest($2::text[], $3::text[]) AS k(tbl, key)
    ON r.tbl = k.tbl AND r.key = k.key WHERE r.operation_id = $1`,
  rows: `SELECT tbl, key, json FROM sync_rows WHERE operation_id = $1`,
  putRows: `INSERT INTO sync_rows (operation_id, tbl, key, json) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])
    ON CONFLICT (operation_id, tbl, key) DO UPDATE SET json = excluded.json`,
  deleteRows: `DELETE FROM sync_rows r USING unnest($2::text[], $3::text[]) AS k(tbl, key)
    WHERE r.operation_id = $1 AND r.tbl = k.tbl AND r.key = k.key`,
  byChangeSet: `SELECT result FROM sync_log WHERE operation_id = $1 AND change_set_id = $2`,
  insertLog: `INSERT INTO sync_log (operation_id, seq, change_set_id, by_user, logged_ms, entry, result) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  pull: `SELECT entry FROM sync_log WHERE operation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
  insertConflict: `INSERT INTO sync_conflicts (id, operation_id, raised_seq, raised, state) VALUES ($1, $2, $3, $4, 'open')`,
  conflict: `SELECT raised, state, resolution FROM sync_conflicts WHERE operation_id = $1 AND id = $2`,
  conflicts: `SELECT raised, state, resolution FROM sync_conflicts WHERE operation_id = $1 ORDER BY raised_seq, n`,
  openConflictList: `SELECT raised, state, resolution FROM sync_conflicts WHERE operation_id = $1 AND state = 'open' ORDER BY raised_seq, n`,
  resolveConflict: `UPDATE sync_conflicts SET state = 'resolved', resolution = $1 WHERE id = $2`,
  // One row's history (the audit trail): a scan of the operation's log, read only when someone follows a row.
  entriesTouching: `SELECT entry FROM sync_log WHERE operation_id = $1 AND seq > $2 AND seq <= $3
    AND (entry::jsonb -> 'changes') @> jsonb_build_array(jsonb_build_object('table', $4::text, 'key', $5::text))
    ORDER BY seq LIMIT $6`,
  conflictsOn: `SELECT raised, state, resolution, raised_seq FROM sync_conflicts WHERE operation_id = $1 AND raised_seq > $2 AND raised_seq <= $3
    AND raised::jsonb ->> 'table' = $4 AND raised::jsonb ->> 'key' = $5 ORDER BY raised_seq, n LIMIT $6`,
  entriesAt: `SELECT entry FROM sync_log WHERE operation_id = $1 AND seq = ANY($2::bigint[]) ORDER BY seq`,
  conflictsById: `SELECT raised, state, resolution FROM sync_conflicts WHERE operation_id = $1 AND id = ANY($2::text[])`,
};

type ConflictRow = { raised: string; state: string; resolution: string | null };
const fromConflictRow = (r: ConflictRow) => conflictOf(JSON.parse(r.raised), r.resolution ? JSON.parse(r.resolution) : null);
const rowKey = (table: string, key: string) => `${table}\u0000${key}`;

export class PgSync implements SyncStore {
  constructor(private readonly pool: pg.Pool) {}

  /** The tables and triggers (idempotent; the caller holds the schema lock). */
  static schema(c: pg.PoolClient): Promise<unknown> {
    return c.query(PG_SYNC_SCHEMA);
  }

  /** `fn` in a transaction holding the operation's sync lock; committed before it resolves. */
  private async locked<T>(operationId: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(SQL.lock, [operationId]);
      const value = await fn(c);
      await c.query('COMMIT');
      return value;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async shared(c: pg.PoolClient | pg.Pool, operationId: string): Promise<void> {
    if ((await c.query(SQL.share, [operationId])).rowCount === 0) throw new SyncNotShared(operationId);
  }

  private async headSeq(c: pg.PoolClient | pg.Pool, operationId: string): Promise<number> {
    return Number((await c.query<{ head: string }>(SQL.head, [operationId])).rows[0]!.head);
  }

  private async readRows(c: pg.PoolClient, operationId: string, keys: readonly { table: string; key: string }[]): Promise<Map<string, SyncRow>> {
    const { rows } = await c.query<{ tbl: string; key: string; json: string }>(SQL.someRows, [operationId, keys.map((k) => k.table), keys.map((k) => k.key)]);
    return new Map(rows.map((r) => [rowKey(r.tbl, r.key), JSON.parse(r.json) as SyncRow]));
  }

  private async writeRows(c: pg.PoolClient, operationId: string, writes: readonly RowWrite[]): Promise<void> {
    // The last write of a row wins (one statement may not touch a row twice).
    const last = new Map<string, RowWrite>();
    for (const w of writes) last.set(rowKey(w.table, w.key), w);
    const puts = [...last.values()].filter((w) => w.row !== null);
    const deletes = [...last.values()].filter((w) => w.row === null);
    if (puts.length > 0) await c.query(SQL.putRows, [operationId, puts.map((w) => w.table), puts.map((w) => w.key), puts.map((w) => JSON.stringify(w.row))]);
    if (deletes.length > 0) await c.query(SQL.deleteRows, [operationId, deletes.map((w) => w.table), deletes.map((w) => w.key)]);
  }

  private insertLog(c: pg.PoolClient, entry: SyncLogEntry, atMs: number, result: SyncPushResult | null): Promise<unknown> {
    return c.query(SQL.insertLog, [
      entry.operationId,
      entry.seq,
      entry.changeSetId,
      entry.by,
      atMs,
      JSON.stringify(entry),
      result ? JSON.stringify(result) : null,
    ]);
  }

  share(operationId: string, rows: readonly StoredSyncRow[], by: string, atMs: number): Promise<{ seq: number; created: boolean }> {
    return this.locked(operationId, async (c) => {
      if ((await c.query(SQL.share, [operationId])).rowCount !== 0) return { seq: await this.headSeq(c, operationId), created: false };
      await c.query(SQL.ensureOperation, [operationId, atMs]);
      await c.query(SQL.insertShare, [operationId, by, atMs]);
      await this.writeRows(c, operationId, rows);
      return { seq: 0, created: true };
    });
  }

  async head(operationId: string): Promise<SyncHead | null> {
    if ((await this.pool.query(SQL.share, [operationId])).rowCount === 0) return null;
    const [headSeq, open] = await Promise.all([this.headSeq(this.pool, operationId), this.pool.query<{ n: string }>(SQL.openConflicts, [operationId])]);
    return { headSeq, openConflicts: Number(open.rows[0]!.n) };
  }

  push(p: SyncPushInput): Promise<SyncPushResult> {
    return this.locked(p.operationId, async (c) => {
      await this.shared(c, p.operationId);
      const earlier = (await c.query<{ result: string | null }>(SQL.byChangeSet, [p.operationId, p.changeSetId])).rows[0];
      if (earlier?.result) return JSON.parse(earlier.result) as SyncPushResult;
      const rows = await this.readRows(c, p.operationId, p.changes);
      const seq = (await this.headSeq(c, p.operationId)) + 1;
      const plan = planPush(p, (table: SyncTable, key: string) => rows.get(rowKey(table, key)) ?? null, seq, randomUUID);
      await this.insertLog(c, plan.entry, p.atMs, plan.result);
      await this.writeRows(c, p.operationId, plan.writes);
      for (const x of plan.conflicts) await c.query(SQL.insertConflict, [x.id, x.operationId, seq, JSON.stringify(x)]);
      return plan.result;
    });
  }

  async pull(operationId: string, sinceSeq: number, limit: number): Promise<SyncPullPage> {
    await this.shared(this.pool, operationId);
    // The head first: entries committed after it are left for the next pull, so `more` never under-reports.
    const headSeq = await this.headSeq(this.pool, operationId);
    const { rows } = await this.pool.query<{ entry: string }>(SQL.pull, [operationId, sinceSeq, limit]);
    const entries = rows.map((r) => JSON.parse(r.entry) as SyncLogEntry).filter((e) => e.seq <= headSeq);
    return { entries, headSeq, more: (entries.at(-1)?.seq ?? sinceSeq) < headSeq };
  }

  async snapshot(operationId: string): Promise<{ rows: StoredSyncRow[]; seq: number } | null> {
    // Under the lock: no push can land between reading the rows and the seq.
    return this.locked(operationId, async (c) => {
      if ((await c.query(SQL.share, [operationId])).rowCount === 0) return null;
      const { rows } = await c.query<{ tbl: SyncTable; key: string; json: string }>(SQL.rows, [operationId]);
      return { rows: rows.map((r) => ({ table: r.tbl, key: r.key, row: JSON.parse(r.json) as SyncRow })), seq: await this.headSeq(c, operationId) };
    });
  }

  async conflicts(operationId: string, includeResolved: boolean): Promise<SyncConflict[]> {
    const { rows } = await this.pool.query<ConflictRow>(includeResolved ? SQL.conflicts : SQL.openConflictList, [operationId]);
    return rows.map(fromConflictRow);
  }

  async row(operationId: string, table: SyncTable, key: string): Promise<SyncRow | null> {
    const { rows } = await this.pool.query<{ json: string }>(`SELECT json FROM sync_rows WHERE operation_id = $1 AND tbl = $2 AND key = $3`, [
      operationId,
      table,
      key,
    ]);
    return rows[0] ? (JSON.parse(rows[0].json) as SyncRow) : null;
  }

  async rowHistory(operationId: string, table: SyncTable, key: string, afterSeq: number, limit: number): Promise<SyncRowHistoryPage> {
    if ((await this.pool.query(SQL.share, [operationId])).rowCount === 0) return { events: [], more: false };
    const entries = (rows: { entry: string }[]) => rows.map((r) => JSON.parse(r.entry) as SyncLogEntry);
    const q = <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => this.pool.query<R>(sql, params).then((r) => r.rows);
    return readRowHistory(
      {
        head: () => this.headSeq(this.pool, operationId),
        entriesTouching: async (after, upto, n) => entries(await q(SQL.entriesTouching, [operationId, after, upto, table, key, n])),
        conflictsOn: async (after, upto, n) =>
          (await q<ConflictRow & { raised_seq: string }>(SQL.conflictsOn, [operationId, after, upto, table, key, n])).map((r) => ({
            conflict: fromConflictRow(r),
            raisedSeq: Number(r.raised_seq),
          })),
        entriesAt: async (seqs) => entries(await q(SQL.entriesAt, [operationId, seqs])),
        conflictsById: async (ids) => (await q<ConflictRow>(SQL.conflictsById, [operationId, ids])).map(fromConflictRow),
      },
      operationId,
      table,
      key,
      afterSeq,
      limit,
    );
  }

  resolve(r: SyncResolveInput): Promise<{ conflict: SyncConflict; seq: number }> {
    return this.locked(r.operationId, async (c) => {
      await this.shared(c, r.operationId);
      const row = (await c.query<ConflictRow>(SQL.conflict, [r.operationId, r.conflictId])).rows[0];
      if (!row) throw new SyncUnknownConflict(r.operationId, r.conflictId);
      const open = fromConflictRow(row);
      if (open.state !== 'open') throw new SyncAlreadyResolved(open);
      const current = (await this.readRows(c, r.operationId, [open])).get(rowKey(open.table, open.key)) ?? null;
      const seq = (await this.headSeq(c, r.operationId)) + 1;
      const plan = planResolve(r, open, current, seq);
      await this.insertLog(c, plan.entry, r.atMs, null);
      await this.writeRows(c, r.operationId, [plan.write]);
      await c.query(SQL.resolveConflict, [JSON.stringify(resolutionOf(plan.conflict)), open.id]);
      return { conflict: plan.conflict, seq };
    });
  }
}
