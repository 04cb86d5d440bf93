/**
 * The default Store: one SQLite file in the data directory (better-sqlite3, WAL mode, prepared statements; every
 * statement in sqliteSql.mjs).
 *
 * Three connections, so that the event loop never waits on the disk for long:
 * - the writer thread (sqliteWriter.mjs) makes every write, one transaction per call, in call order, and answers once
 *   it is committed; the methods that write resolve then;
 * - the reader thread (sqliteReader.mjs) reads and parses pages of position history (the big reads);
 * - this thread reads the small things (latest positions, open alerts, emergencies, plans, operations). WAL lets all
 *   three work at once, and a read here sees every write whose promise has resolved.
 * Operation lifecycle changes and retention sweeps read, decide and write, so they run one at a time, each after the
 * writes called before it (a write called while one is deciding may commit first: no write depends on an operation's
 * state, so the outcome is the same).
 *
 * If the writer falls far behind (a stalled disk), position batches beyond `maxPendingRows` are refused (the promise
 * rejects, counted in `dropped`) rather than held in memory without bound.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { OperationBundle } from '../../shared/domain';
import { SqliteAppendLogs } from '../decisionLog/sqliteLogs';
import type { Alert, PositionReport } from '../../shared/protocol';
import {
  alertVersionKey,
  checkPageLimit,
  nextOperation,
  operationFromRow,
  operationParams,
  sweepDetail,
  type OperationChange,
  type OperationRow,
} from './common';
import { migrate, READS, type WriteName } from './sqliteSql.mjs';
import {
  alertOpen,
  timeOf,
  type AlertQuery,
  type EmergencyRecord,
  type OperationRecord,
  type OperationState,
  type PositionPage,
  type PositionPageJson,
  type PositionPageQuery,
  type RetentionEntry,
  type Store,
} from './types';
import { WorkerClient } from './workerClient';
import { SqliteVersions } from './sqliteVersions';
import { SqliteSync } from './sqliteSync';

export interface SqliteStoreOptions {
  /** Where store errors are reported. */
  log?: (line: string) => void;
  /** Rows waiting for the writer beyond which new batches are refused. */
  maxPendingRows?: number;
}

type Step = [WriteName, unknown[]];
type Row<K extends string> = Record<K, unknown>;

const json = <T>(rows: { json: string }[]) => rows.map((r) => JSON.parse(r.json) as T);
/** better-sqlite3 binds no booleans. */
/** A page query as the reader thread takes it (plain data: it is copied to the thread). */
const readerQuery = (q: PositionPageQuery) => ({
  operationId: q.operationId,
  fromMs: q.fromMs,
  toMs: q.toMs,
  unitIds: q.unitIds ? [...q.unitIds] : null,
  limit: q.limit,
  after: q.after ?? null,
});
const bindable = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? Number(p) : p));

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly file: string;
  /** The schema version the file had when this store opened it (0: a new file). */
  readonly foundSchemaVersion: number;
  readonly appendLogs: SqliteAppendLogs;
  /** Shared operations (issue 11): its own connection, like the logs. */
  readonly sync: SqliteSync;
  private readonly db: Database.Database;
  private readonly reads: { [K in keyof typeof READS]: Database.Statement };
  private readonly writer: WorkerClient;
  private readonly reader: WorkerClient;
  private readonly log: (line: string) => void;
  private readonly maxPendingRows: number;
  /** Read-decide-write changes (lifecycle, sweeps), one at a time. */
  private serialTail: Promise<unknown> = Promise.resolve();
  private pendingRows = 0;
  private written = 0;
  private dropped = 0;
  private errors = 0;
  private closed: Promise<void> | null = null;
  readonly versions: SqliteVersions;

  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    this.log = options.log ?? (() => undefined);
    this.maxPendingRows = options.maxPendingRows ?? 1_000_000;
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'cordon-server.sqlite');
    this.db = new Database(this.file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 10000');
      this.foundSchemaVersion = migrate(this.db);
      SqliteVersions.prepareSchema(this.db);
      // The logs' tables (idempotent), right after the schema step; their own connection writes them.
      this.appendLogs = new SqliteAppendLogs(this.file);
      this.sync = new SqliteSync(this.file);
    } catch (e) {
      this.db.close();
      throw new Error(`${this.file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    this.reads = Object.fromEntries(Object.entries(READS).map(([k, sql]) => [k, this.db.prepare(sql)])) as typeof this.reads;
    const failed = (e: Error) => {
      this.errors++;
      this.log(`store: a worker thread failed: ${e.message}`);
    };
    this.writer = new WorkerClient(new URL('./sqliteWriter.mjs', import.meta.url), { file: this.file }, failed);
    this.reader = new WorkerClient(new URL('./sqliteReader.mjs', import.meta.url), { file: this.file }, failed);
    this.versions = new SqliteVersions(this.db, (steps) => {
      this.assertOpen();
      return this.steps(steps as Step[]);
    });
  }

  /** One transaction on the writer thread; resolves once committed. */
  private async write<T = unknown>(message: Record<string, unknown>): Promise<T> {
    try {
      return await this.writer.ask<T>(message);
    } catch (e) {
      this.errors++;
      this.log(`store: a write failed: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  private steps(steps: Step[]): Promise<unknown> {
    return this.write({ type: 'steps', steps: steps.map(([name, params]) => [name, bindable(params)]) });
  }

  /** Calls made after close() fail; those made before it complete first. */
  private assertOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const run = this.serialTail.then(fn);
    this.serialTail = run.catch(() => undefined);
    return run;
  }

  async writePositions(operationId: string, reports: readonly PositionReport[]): Promise<void> {
    this.assertOpen();
    if (reports.length === 0) return;
    if (this.pendingRows + reports.length > this.maxPendingRows) {
      this.dropped += reports.length;
      if (this.dropped === reports.length) this.log(`store: the disk is not keeping up; refusing position history (see store.dropped)`);
      throw new Error('the store is not keeping up: position history refused');
    }
    const rows = reports.map((r) => [r.id, timeOf(r), JSON.stringify(r)]);
    this.pendingRows += rows.length;
    try {
      await this.write({ type: 'positions', operationId, atMs: Date.now(), rows });
      this.written += rows.length;
    } finally {
      this.pendingRows -= rows.length;
    }
  }

  async flush(): Promise<void> {
    if (!this.closed) await this.write({ type: 'flush' });
  }

  async latest(operationId: string): Promise<PositionReport[]> {
    return json<PositionReport>(this.reads.latest.all(operationId) as { json: string }[]);
  }

  async positionPage(q: PositionPageQuery): Promise<PositionPage> {
    checkPageLimit(q.limit);
    if (q.unitIds?.length === 0) return { positions: [], next: null };
    this.assertOpen();
    return this.reader.ask<PositionPage>({ type: 'page', query: readerQuery(q) });
  }

  async positionPageJson(q: PositionPageQuery): Promise<PositionPageJson> {
    checkPageLimit(q.limit);
    if (q.unitIds?.length === 0) return { json: '[]', count: 0, next: null };
    this.assertOpen();
    return this.reader.ask<PositionPageJson>({ type: 'pageJson', query: readerQuery(q) });
  }

  async putAlerts(alerts: readonly Alert[], atMs: number): Promise<void> {
    this.assertOpen();
    if (alerts.length === 0) return;
    const steps: Step[] = [];
    for (const a of alerts) {
      const v = alertVersionKey(a);
      steps.push(['ensureOperation', [a.operationId, atMs]]);
      steps.push(['upsertAlert', [a.operationId, a.id, alertOpen(a), v.versionMs, v.json]]);
      steps.push(['logAlert', [a.operationId, a.id, atMs, v.key, v.json]]);
    }
    await this.steps(steps);
  }

  async openAlerts(operationId: string): Promise<Alert[]> {
    return json<Alert>(this.reads.openAlerts.all(operationId) as { json: string }[]);
  }

  async alertHistory(q: AlertQuery): Promise<{ alerts: Alert[]; truncated: boolean }> {
    const atStart = json<Alert>(this.reads.alertsBefore.all(q.operationId, q.fromMs) as { json: string }[]).filter(
      (a) => a.clearedAt === undefined || Date.parse(a.clearedAt) >= q.fromMs,
    );
    const inWindow = json<Alert>(this.reads.alertsInWindow.all(q.operationId, q.fromMs, q.toMs, q.limit + 1) as { json: string }[]);
    const all = [...atStart, ...inWindow];
    const truncated = all.length > q.limit;
    if (truncated) all.length = q.limit;
    return { alerts: all, truncated };
  }

  async putEmergency(e: EmergencyRecord): Promise<void> {
    this.assertOpen();
    await this.steps([
      ['ensureOperation', [e.operationId, Date.parse(e.receivedAt)]],
      ['putEmergency', [e.operationId, e.unitId, e.clearedAt !== undefined, JSON.stringify(e)]],
    ]);
  }

  async activeEmergencies(operationId: string): Promise<EmergencyRecord[]> {
    return json<EmergencyRecord>(this.reads.activeEmergencies.all(operationId) as { json: string }[]);
  }

  async putPlan(plan: OperationBundle, atMs: number): Promise<void> {
    this.assertOpen();
    await this.steps([
      ['ensureOperation', [plan.operation.id, atMs]],
      ['putPlan', [plan.operation.id, atMs, JSON.stringify(plan)]],
    ]);
  }

  async plan(operationId: string): Promise<OperationBundle | null> {
    const row = this.reads.plan.get(operationId) as { json: string } | undefined;
    if (!row) return null;
    const parsed = OperationBundle.safeParse(JSON.parse(row.json));
    return parsed.success ? parsed.data : null;
  }

  async ensureOperation(operationId: string, atMs: number): Promise<OperationRecord> {
    this.assertOpen();
    await this.steps([['ensureOperation', [operationId, atMs]]]);
    const rec = await this.operation(operationId);
    if (!rec) throw new Error(`operation ${operationId} was not created`);
    return rec;
  }

  async operation(operationId: string): Promise<OperationRecord | null> {
    const row = this.reads.operation.get(operationId) as OperationRow | undefined;
    return row ? operationFromRow(row) : null;
  }

  async operations(): Promise<OperationRecord[]> {
    return (this.reads.operations.all() as OperationRow[]).map(operationFromRow);
  }

  private change(operationId: string, c: OperationChange, by: string, atMs: number): Promise<OperationRecord> {
    return this.serial(async () => {
      await this.write({ type: 'flush' });
      const cur = await this.operation(operationId);
      if (!cur) throw new Error(`unknown operation ${operationId}`);
      const { record, entry } = nextOperation(cur, c, by, atMs);
      if (!entry) return record;
      await this.steps([
        ['putOperation', operationParams(record)],
        ['logRetention', [atMs, entry.operationId, entry.action, entry.by, entry.detail]],
      ]);
      return record;
    });
  }

  setOperationState(operationId: string, state: OperationState, by: string, atMs: number): Promise<OperationRecord> {
    return this.change(operationId, { state }, by, atMs);
  }

  setLegalHold(operationId: string, hold: boolean, by: string, reason: string, atMs: number): Promise<OperationRecord> {
    return this.change(operationId, { hold, reason }, by, atMs);
  }

  sweep(closedBeforeMs: number, atMs: number): Promise<{ positions: number; alertVersions: number; operations: string[] }> {
    return this.serial(async () => {
      await this.write({ type: 'flush' });
      const out = { positions: 0, alertVersions: 0, operations: [] as string[] };
      const detail = sweepDetail('{positions}', '{alertVersions}', closedBeforeMs);
      for (const { id } of this.reads.sweepCandidates.all(closedBeforeMs) as Row<'id'>[]) {
        const operationId = String(id);
        // One transaction per operation, so that the writer answers positions in between.
        const r = await this.write<{ positions: number; alertVersions: number }>({ type: 'sweep', operationId, closedBeforeMs, atMs, by: 'retention', detail });
        if (r.positions + r.alertVersions === 0) continue;
        out.positions += r.positions;
        out.alertVersions += r.alertVersions;
        out.operations.push(operationId);
      }
      return out;
    });
  }

  async retentionLog(operationId?: string): Promise<RetentionEntry[]> {
    const rows = (operationId === undefined ? this.reads.retentionLog.all() : this.reads.retentionLogOf.all(operationId)) as Row<
      'at_ms' | 'operation_id' | 'action' | 'by_user' | 'detail'
    >[];
    return rows.map((r) => ({
      at: new Date(Number(r.at_ms)).toISOString(),
      operationId: String(r.operation_id),
      action: r.action as RetentionEntry['action'],
      by: String(r.by_user),
      detail: String(r.detail),
    }));
  }

  stats(): Record<string, number> {
    return { pendingRows: this.pendingRows, written: this.written, dropped: this.dropped, errors: this.errors, waiting: this.writer.waitingCount };
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.serialTail;
      // Messages are handled in order: the writer closes after every write sent before.
      await this.writer.ask({ type: 'close' }).catch(() => undefined);
      await this.reader.ask({ type: 'close' }).catch(() => undefined);
      await this.writer.terminate();
      await this.reader.terminate();
      this.appendLogs.close();
      this.sync.close();
      if (this.db.open) this.db.close();
    })();
    return this.closed;
  }
}
