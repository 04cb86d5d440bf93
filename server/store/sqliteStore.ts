/**
 * The default Store: one SQLite file in the data directory (better-sqlite3, WAL mode, prepared statements).
 *
 * Position history is the hot path (thousands of rows a second): each tick's batch goes, in one transaction, to a
 * writer thread (sqliteWriter.mjs) with its own connection, so that a slow disk never blocks the event loop; the
 * retention sweep runs there too. Reads, alerts and plans (rare) use this thread's connection; WAL lets both work at
 * once. `flush()` waits for the writer, e.g. before answering a history query. If the writer falls far behind (a
 * stalled disk), batches beyond `maxPendingRows` are dropped and counted rather than held in memory without bound.
 *
 * Rows hold the report / alert / plan as JSON text plus the columns the queries need. Plans are parsed again with
 * the domain schema when read.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';
import { alertOpen, timeOf, type AlertQuery, type PositionQuery, type Store } from './types';

const SCHEMA_VERSION = 1;
/** Above this many unit ids, filter in JS rather than binding an IN list. */
const MAX_IN_LIST = 500;

type WriterReply =
  | { type: 'written'; count: number }
  | { type: 'done'; id: number; value?: unknown }
  | { type: 'error'; id?: number; message: string };

export interface SqliteStoreOptions {
  /** Where writer errors are reported. */
  log?: (line: string) => void;
  /** Rows waiting for the writer beyond which new batches are dropped. */
  maxPendingRows?: number;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly file: string;
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly alertTx: (alerts: readonly Alert[], atMs: number) => void;
  private readonly writer: Worker;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private pendingRows = 0;
  private written = 0;
  private dropped = 0;
  private errors = 0;
  private closed: Promise<void> | null = null;
  private readonly log: (line: string) => void;
  private readonly maxPendingRows: number;

  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    this.log = options.log ?? (() => undefined);
    this.maxPendingRows = options.maxPendingRows ?? 1_000_000;
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'cordon-server.sqlite');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS positions (
        operation_id TEXT NOT NULL, unit_id TEXT NOT NULL, time_ms INTEGER NOT NULL, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS positions_op_time ON positions (operation_id, time_ms);
      CREATE INDEX IF NOT EXISTS positions_op_unit_time ON positions (operation_id, unit_id, time_ms);
      CREATE TABLE IF NOT EXISTS latest (
        operation_id TEXT NOT NULL, unit_id TEXT NOT NULL, time_ms INTEGER NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (operation_id, unit_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS alerts (
        operation_id TEXT NOT NULL, id TEXT NOT NULL, open INTEGER NOT NULL, updated_ms INTEGER NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (operation_id, id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS alert_log (
        operation_id TEXT NOT NULL, id TEXT NOT NULL, at_ms INTEGER NOT NULL, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS alert_log_op_time ON alert_log (operation_id, at_ms);
      CREATE TABLE IF NOT EXISTS plans (operation_id TEXT PRIMARY KEY, published_ms INTEGER NOT NULL, json TEXT NOT NULL);
    `);
    const version = this.db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'schemaVersion'`).get();
    if (!version) this.db.prepare(`INSERT INTO meta (key, value) VALUES ('schemaVersion', ?)`).run(String(SCHEMA_VERSION));
    else if (Number(version.value) > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${this.file} was written by a newer server (schema ${version.value}); refusing to open it`);
    }

    this.stmts = {
      latest: this.db.prepare<[string], { json: string }>(`SELECT json FROM latest WHERE operation_id = ?`),
      history: this.db.prepare<[string, number, number, number], { json: string }>(
        `SELECT json FROM positions WHERE operation_id = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms, rowid LIMIT ?`,
      ),
      upsertAlert: this.db.prepare<[string, string, number, number, string]>(
        `INSERT INTO alerts (operation_id, id, open, updated_ms, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (operation_id, id) DO UPDATE SET open = excluded.open, updated_ms = excluded.updated_ms, json = excluded.json`,
      ),
      logAlert: this.db.prepare<[string, string, number, string]>(`INSERT INTO alert_log (operation_id, id, at_ms, json) VALUES (?, ?, ?, ?)`),
      openAlerts: this.db.prepare<[string], { json: string }>(`SELECT json FROM alerts WHERE operation_id = ? AND open = 1`),
      alertsBefore: this.db.prepare<[string, number], { json: string }>(
        `SELECT json FROM alert_log WHERE rowid IN (
           SELECT MAX(rowid) FROM alert_log WHERE operation_id = ? AND at_ms < ? GROUP BY id) ORDER BY at_ms, rowid`,
      ),
      alertsInWindow: this.db.prepare<[string, number, number, number], { json: string }>(
        `SELECT json FROM alert_log WHERE operation_id = ? AND at_ms BETWEEN ? AND ? ORDER BY at_ms, rowid LIMIT ?`,
      ),
      putPlan: this.db.prepare<[string, number, string]>(
        `INSERT INTO plans (operation_id, published_ms, json) VALUES (?, ?, ?)
         ON CONFLICT (operation_id) DO UPDATE SET published_ms = excluded.published_ms, json = excluded.json`,
      ),
      plan: this.db.prepare<[string], { json: string }>(`SELECT json FROM plans WHERE operation_id = ?`),
      operationIds: this.db.prepare<[], { operation_id: string }>(
        `SELECT operation_id FROM plans UNION SELECT DISTINCT operation_id FROM latest UNION SELECT DISTINCT operation_id FROM alerts`,
      ),
    };
    this.alertTx = this.db.transaction((alerts: readonly Alert[], atMs: number) => {
      for (const a of alerts) {
        const json = JSON.stringify(a);
        this.stmts.upsertAlert.run(a.operationId, a.id, alertOpen(a) ? 1 : 0, atMs, json);
        this.stmts.logAlert.run(a.operationId, a.id, atMs, json);
      }
    });

    this.writer = new Worker(new URL('./sqliteWriter.mjs', import.meta.url), { workerData: { file: this.file } });
    this.writer.unref();
    this.writer.on('message', (m: WriterReply) => this.onReply(m));
    this.writer.on('error', (e) => {
      this.errors++;
      this.log(`store: the writer thread failed: ${e.message}`);
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    });
  }

  private onReply(m: WriterReply): void {
    if (m.type === 'written') {
      this.pendingRows -= m.count;
      this.written += m.count;
      return;
    }
    if (m.type === 'error') {
      this.errors++;
      this.log(`store: ${m.message}`);
    }
    if (m.id !== undefined) {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.type === 'error') w?.reject(new Error(m.message));
      else w?.resolve(m.value);
    }
  }

  private ask<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.writer.postMessage({ ...message, id });
    });
  }

  writePositions(operationId: string, reports: readonly PositionReport[]): void {
    if (reports.length === 0 || this.closed) return;
    if (this.pendingRows + reports.length > this.maxPendingRows) {
      this.dropped += reports.length;
      if (this.dropped === reports.length) this.log(`store: the disk is not keeping up; dropping position history (see store.dropped)`);
      return;
    }
    const rows = reports.map((r) => [r.id, timeOf(r), JSON.stringify(r)]);
    this.pendingRows += rows.length;
    this.writer.postMessage({ type: 'positions', operationId, rows });
  }

  flush(): Promise<void> {
    return this.closed ? Promise.resolve() : this.ask<void>({ type: 'flush' });
  }

  latest(operationId: string): PositionReport[] {
    return this.stmts.latest.all(operationId).map((row) => JSON.parse(row.json) as PositionReport);
  }

  positionHistory(q: PositionQuery) {
    const out: PositionReport[] = [];
    if (q.unitIds && q.unitIds.length <= MAX_IN_LIST) {
      if (q.unitIds.length === 0) return { positions: out, truncated: false };
      const marks = q.unitIds.map(() => '?').join(',');
      const rows = this.db
        .prepare<unknown[], { json: string }>(
          `SELECT json FROM positions WHERE operation_id = ? AND unit_id IN (${marks}) AND time_ms BETWEEN ? AND ?
           ORDER BY time_ms, rowid LIMIT ?`,
        )
        .all(q.operationId, ...q.unitIds, q.fromMs, q.toMs, q.limit + 1);
      for (const row of rows) out.push(JSON.parse(row.json) as PositionReport);
    } else if (q.unitIds) {
      const ids = new Set(q.unitIds);
      const stmt = this.db.prepare<[string, number, number], { json: string; unit_id: string }>(
        `SELECT json, unit_id FROM positions WHERE operation_id = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms, rowid`,
      );
      for (const row of stmt.iterate(q.operationId, q.fromMs, q.toMs)) {
        if (!ids.has(row.unit_id)) continue;
        out.push(JSON.parse(row.json) as PositionReport);
        if (out.length > q.limit) break;
      }
    } else {
      for (const row of this.stmts.history.all(q.operationId, q.fromMs, q.toMs, q.limit + 1)) out.push(JSON.parse(row.json) as PositionReport);
    }
    const truncated = out.length > q.limit;
    if (truncated) out.length = q.limit;
    return { positions: out, truncated };
  }

  putAlerts(alerts: readonly Alert[], atMs: number): void {
    if (alerts.length > 0) this.alertTx(alerts, atMs);
  }

  openAlerts(operationId: string): Alert[] {
    return this.stmts.openAlerts.all(operationId).map((row) => JSON.parse(row.json) as Alert);
  }

  alertHistory(q: AlertQuery) {
    const atStart = this.stmts.alertsBefore
      .all(q.operationId, q.fromMs)
      .map((row) => JSON.parse(row.json) as Alert)
      .filter((a) => a.clearedAt === undefined || Date.parse(a.clearedAt) >= q.fromMs);
    const inWindow = this.stmts.alertsInWindow.all(q.operationId, q.fromMs, q.toMs, q.limit + 1).map((row) => JSON.parse(row.json) as Alert);
    const all = [...atStart, ...inWindow];
    const truncated = all.length > q.limit;
    if (truncated) all.length = q.limit;
    return { alerts: all, truncated };
  }

  putPlan(plan: OperationBundle, atMs: number): void {
    this.stmts.putPlan.run(plan.operation.id, atMs, JSON.stringify(plan));
  }

  plan(operationId: string): OperationBundle | null {
    const row = this.stmts.plan.get(operationId);
    if (!row) return null;
    const parsed = OperationBundle.safeParse(JSON.parse(row.json));
    return parsed.success ? parsed.data : null;
  }

  operationIds(): string[] {
    return this.stmts.operationIds.all().map((r) => r.operation_id);
  }

  sweep(beforeMs: number): Promise<{ positions: number; alertVersions: number }> {
    if (this.closed) return Promise.resolve({ positions: 0, alertVersions: 0 });
    return this.ask({ type: 'sweep', beforeMs });
  }

  stats(): Record<string, number> {
    return { pendingRows: this.pendingRows, written: this.written, dropped: this.dropped, errors: this.errors };
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      try {
        await this.ask({ type: 'flush' });
        await this.ask({ type: 'close' });
      } catch {
        // the writer is gone already
      }
      await this.writer.terminate();
      if (this.db.open) this.db.close();
    })();
    return this.closed;
  }
}
