/**
 * The PostgreSQL Store, shared by several server processes (node-postgres Pool; every statement in pgSql.ts).
 *
 * - `PgStore.open(url)` creates the schema if it is missing, in one transaction under an advisory lock, so that two
 *   processes starting at once do not race.
 * - Writes from this process run one transaction at a time in call order (a chain), each resolving once committed.
 *   Positions go in one multi-row INSERT per transaction (arrays through unnest), into day partitions made on demand;
 *   batches that arrive while a write is in flight share the next transaction (group commit).
 * - What several processes write alike is made harmless: the latest position only moves forward, an alert version is
 *   logged once (unique key), lifecycle changes lock the operation's row.
 * - Reads go straight to the pool, in parallel with the writes.
 */
import pg from 'pg';
import { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';
import { PgAppendLogs } from '../decisionLog/pgLogs';
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
import { PG_PLAN_VERSIONS_SCHEMA, PgVersions } from './pgVersions';
import { PgSync } from './pgSync';
import { dayOf, partitionSql, PARTITION_LOCK, PG_SCHEMA_VERSION, SCHEMA, SCHEMA_LOCK, SQL } from './pgSql';
import { WRITE_POSITIONS } from './pgPositionsSql';
import {
  alertOpen,
  timeOf,
  type AlertQuery,
  type EmergencyRecord,
  type OperationRecord,
  type OperationState,
  type PositionPage,
  type PositionPageQuery,
  type RetentionEntry,
  type Store,
} from './types';

export interface PgStoreOptions {
  /** The PostgreSQL schema to keep the tables in (made if missing); default `cordon`. */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
  /** Where store errors are reported. */
  log?: (line: string) => void;
  /** Rows waiting to be written beyond which new batches are refused. */
  maxPendingRows?: number;
  /** Day partitions are made for report days this close to now; reports further off go to the DEFAULT partition. */
  partitionDaysBack?: number;
  partitionDaysAhead?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface PositionQueue {
  batches: { operationId: string; reports: readonly PositionReport[] }[];
  done: Promise<void>;
  /** Reports in `batches`. */
  rows: number;
}

/**
 * Reports in one group commit, at most. Its rows are built, JSON-encoded and serialised into the statement on the event
 * loop in one go: uncapped, a write that took 20 s on a busy database made the next commit carry 180,000 rows, and
 * building it stalled the process for a second and more (two-process bench, event-loop lag p99 2.5 s). 10,000 rows is
 * one second of the 10,000-unit bench: still few commits.
 */
const MAX_ROWS_PER_COMMIT = 10_000;

interface PositionRows {
  operations: string[];
  operationIds: string[];
  units: string[];
  times: number[];
  lons: number[];
  lats: number[];
  jsons: string[];
  /** Whether each row is its (operation, unit)'s newest of these batches (it goes into `latest` too). */
  newest: boolean[];
}

/** The column arrays of one multi-batch INSERT, in arrival order. */
function positionRows(batches: PositionQueue['batches']): PositionRows {
  const r: PositionRows = {
    operations: [],
    operationIds: [],
    units: [],
    times: [],
    lons: [],
    lats: [],
    jsons: [],
    newest: [],
  };
  const newest = new Map<string, number>();
  const ops = new Set<string>();
  for (const { operationId, reports } of batches) {
    ops.add(operationId);
    for (const report of reports) {
      const i = r.units.length;
      const t = timeOf(report);
      r.operationIds.push(operationId);
      r.units.push(report.id);
      r.times.push(t);
      r.lons.push(report.lon);
      r.lats.push(report.lat);
      r.jsons.push(JSON.stringify(report));
      const key = `${operationId}\u0000${report.id}`;
      const cur = newest.get(key);
      if (cur === undefined || t >= r.times[cur]!) newest.set(key, i);
    }
  }
  r.operations = [...ops];
  r.newest = r.units.map(() => false);
  for (const i of newest.values()) r.newest[i] = true;
  return r;
}
const json = <T>(rows: { json: T }[]) => rows.map((r) => r.json);

export class PgStore implements Store {
  readonly kind = 'postgres' as const;
  readonly appendLogs: PgAppendLogs;
  /** Shared operations (issue 11). */
  readonly sync: PgSync;
  /** Day partitions known to exist (or known to be left to the DEFAULT partition). */
  private readonly days = new Set<number>();
  /** Operations known to have a row, so that each batch need not insert it again. */
  private readonly known = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();
  /** Position batches waiting for the next write transaction (see queuePositions). */
  private positionQueue: PositionQueue | null = null;
  private pendingRows = 0;
  private pendingWrites = 0;
  private written = 0;
  private dropped = 0;
  private errors = 0;
  private partitionsMade = 0;
  private positionTransactions = 0;
  private closed: Promise<void> | null = null;
  readonly versions: PgVersions;

  private constructor(
    /** The PostgreSQL schema holding the tables. */
    readonly schema: string,
    private readonly pool: pg.Pool,
    private readonly o: Required<Omit<PgStoreOptions, 'schema' | 'poolSize'>>,
  ) {
    this.versions = new PgVersions(pool, (fn) => this.write(fn));
    this.appendLogs = new PgAppendLogs(pool);
    this.sync = new PgSync(pool);
    pool.on('error', (e) => {
      this.errors++;
      this.o.log(`store: an idle PostgreSQL connection failed: ${e.message}`);
    });
  }

  /** Connects, and creates or checks the schema. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const schema = options.schema ?? 'cordon';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`not a usable schema name: ${schema}`);
    // A database that cannot be reached fails the calls (after 10 s) rather than holding them for ever.
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 8, options: `-c search_path=${schema}`, connectionTimeoutMillis: 10_000 });
    const store = new PgStore(schema, pool, {
      log: options.log ?? (() => undefined),
      maxPendingRows: options.maxPendingRows ?? 1_000_000,
      partitionDaysBack: options.partitionDaysBack ?? 366,
      partitionDaysAhead: options.partitionDaysAhead ?? 2,
    });
    try {
      await store.transaction(async (c) => {
        await c.query(SCHEMA_LOCK, [schema]);
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        const meta = await c.query<{ exists: boolean }>(`SELECT to_regclass('cordon_meta') IS NOT NULL AS exists`);
        const found = meta.rows[0]?.exists ? Number((await c.query<{ value: string }>(SQL.schemaVersion)).rows[0]?.value ?? 0) : 0;
        if (found > PG_SCHEMA_VERSION) throw new Error(`schema ${schema} was written by a newer server (schema ${found}); refusing to use it`);
        if (found === PG_SCHEMA_VERSION) return;
        await c.query(SCHEMA);
        await c.query(SQL.setSchemaVersion, [String(PG_SCHEMA_VERSION)]);
      });
      // Plan versions and the logs' tables: idempotent, on every open (outside the numbered schema so that parallel
      // work does not collide).
      await store.transaction(async (c) => {
        await c.query(SCHEMA_LOCK, [schema]);
        await c.query(PG_PLAN_VERSIONS_SCHEMA);
        await PgAppendLogs.schema(c);
        await PgSync.schema(c);
      });
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  /** `fn` in a transaction; `before` on the same connection, before the transaction begins. */
  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>, before?: (c: pg.PoolClient) => Promise<void>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await before?.(c);
      await c.query('BEGIN');
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

  /** One write transaction after every write called before it; resolves once committed. */
  private write<T>(fn: (c: pg.PoolClient) => Promise<T>, before?: (c: pg.PoolClient) => Promise<void>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    this.pendingWrites++;
    const run = this.tail.then(() => this.transaction(fn, before));
    this.tail = run.catch(() => undefined);
    return run
      .catch((e: unknown) => {
        this.errors++;
        this.o.log(`store: a write failed: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      })
      .finally(() => this.pendingWrites--);
  }

  /** Inserts the operation's row if this process has not yet seen it committed (the caller notes it after commit). */
  private async ensure(c: pg.PoolClient, operationId: string, atMs: number): Promise<void> {
    if (!this.known.has(operationId)) await c.query(SQL.ensureOperation, [operationId, atMs]);
  }

  /** Makes the day partitions a batch needs (each its own short transaction, before the batch's). */
  private async partitionsFor(c: pg.PoolClient, times: number[]): Promise<void> {
    const now = dayOf(Date.now());
    const missing = new Set<number>();
    for (const t of times) {
      const day = dayOf(t);
      if (this.days.has(day)) continue;
      // A device with a wild clock must not make a partition per wrong day: those reports go to the DEFAULT partition.
      if (day < now - this.o.partitionDaysBack || day > now + this.o.partitionDaysAhead) this.days.add(day);
      else missing.add(day);
    }
    for (const day of missing) {
      const p = partitionSql(day * 86_400_000);
      try {
        await c.query('BEGIN');
        await c.query(PARTITION_LOCK);
        await c.query(p.create);
        await c.query('COMMIT');
        this.partitionsMade++;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        // The DEFAULT partition already holds rows of that day (check_violation): they, and later ones, stay there.
        // Anything else fails this batch, and the next batch tries again.
        if ((e as { code?: string }).code !== '23514') throw e;
        this.o.log(`store: could not make partition ${p.name} (${(e as Error).message}); its reports go to the default partition`);
      }
      this.days.add(day);
    }
  }

  async writePositions(operationId: string, reports: readonly PositionReport[]): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    if (reports.length === 0) return;
    if (this.pendingRows + reports.length > this.o.maxPendingRows) {
      this.dropped += reports.length;
      if (this.dropped === reports.length) this.o.log(`store: PostgreSQL is not keeping up; refusing position history (see store.dropped)`);
      throw new Error('the store is not keeping up: position history refused');
    }
    this.pendingRows += reports.length;
    try {
      await this.queuePositions(operationId, reports);
      this.known.add(operationId);
      this.written += reports.length;
    } finally {
      this.pendingRows -= reports.length;
    }
  }

  /**
   * Position batches that arrive while a write is in flight wait together and go in the NEXT transaction as one
   * INSERT: the number of commits (each an fsync) follows the database's pace, not the number of batches. Without this
   * a process writing one small batch per event-loop turn made a commit per batch and fell behind at ~7k rows/s.
   */
  private queuePositions(operationId: string, reports: readonly PositionReport[]): Promise<void> {
    const queued = this.positionQueue;
    if (queued && queued.rows + reports.length <= MAX_ROWS_PER_COMMIT) {
      queued.batches.push({ operationId, reports });
      queued.rows += reports.length;
      return queued.done;
    }
    // A full queue is left to its own commit; later batches start the next one (writes run one after the other).
    const next: PositionQueue = { batches: [{ operationId, reports }], done: Promise.resolve(), rows: reports.length };
    this.positionQueue = next;
    const rows = () => {
      // From here on, new batches start the next queue: this one is being written.
      if (this.positionQueue === next) this.positionQueue = null;
      return positionRows(next.batches);
    };
    let taken: PositionRows | null = null;
    const take = () => (taken ??= rows());
    next.done = this.write(
      async (c) => {
        const r = take();
        this.positionTransactions++;
        for (const op of r.operations) await this.ensure(c, op, Date.now());
        await c.query(WRITE_POSITIONS, [r.operationIds, r.units, r.times, r.lons, r.lats, `[${r.jsons.join(',')}]`, r.newest]);
      },
      (c) => this.partitionsFor(c, take().times),
    ).then(() => undefined);
    // A write that failed before taking its rows (no connection) must not leave later batches joining a lost cause.
    const detach = () => {
      if (this.positionQueue === next) this.positionQueue = null;
    };
    next.done.then(detach, detach);
    return next.done;
  }

  async flush(): Promise<void> {
    await this.tail;
  }

  async latest(operationId: string): Promise<PositionReport[]> {
    return json((await this.pool.query<{ json: PositionReport }>(SQL.latest, [operationId])).rows);
  }

  async positionPage(q: PositionPageQuery): Promise<PositionPage> {
    checkPageLimit(q.limit);
    if (q.unitIds?.length === 0) return { positions: [], next: null };
    if (this.closed) throw new Error('the store is closed');
    const afterT = q.after ? q.after.timeMs : q.fromMs;
    const afterSeq = q.after ? q.after.seq : -1;
    const params: unknown[] = [q.operationId, Math.max(q.fromMs, afterT), q.toMs, afterT, afterSeq, q.limit + 1];
    if (q.unitIds) params.push(q.unitIds);
    const { rows } = await this.pool.query<{ seq: string; time_ms: string; json: PositionReport }>(q.unitIds ? SQL.pageUnits : SQL.pageAll, params);
    const more = rows.length > q.limit;
    if (more) rows.length = q.limit;
    const last = rows.at(-1);
    return { positions: rows.map((r) => r.json), next: more && last ? { timeMs: Number(last.time_ms), seq: Number(last.seq) } : null };
  }

  async putAlerts(alerts: readonly Alert[], atMs: number): Promise<void> {
    if (alerts.length === 0) return;
    await this.write(async (c) => {
      for (const a of alerts) {
        const v = alertVersionKey(a);
        await this.ensure(c, a.operationId, atMs);
        await c.query(SQL.upsertAlert, [a.operationId, a.id, alertOpen(a), v.versionMs, v.json]);
        await c.query(SQL.logAlert, [a.operationId, a.id, atMs, v.key, v.json]);
      }
    });
    for (const a of alerts) this.known.add(a.operationId);
  }

  async openAlerts(operationId: string): Promise<Alert[]> {
    return json((await this.pool.query<{ json: Alert }>(SQL.openAlerts, [operationId])).rows);
  }

  async alertHistory(q: AlertQuery): Promise<{ alerts: Alert[]; truncated: boolean }> {
    const [before, inWindow] = await Promise.all([
      this.pool.query<{ json: Alert }>(SQL.alertsBefore, [q.operationId, q.fromMs]),
      this.pool.query<{ json: Alert }>(SQL.alertsInWindow, [q.operationId, q.fromMs, q.toMs, q.limit + 1]),
    ]);
    const atStart = json(before.rows).filter((a) => a.clearedAt === undefined || Date.parse(a.clearedAt) >= q.fromMs);
    const all = [...atStart, ...json(inWindow.rows)];
    const truncated = all.length > q.limit;
    if (truncated) all.length = q.limit;
    return { alerts: all, truncated };
  }

  async putEmergency(e: EmergencyRecord): Promise<void> {
    await this.write(async (c) => {
      await this.ensure(c, e.operationId, Date.parse(e.receivedAt));
      await c.query(SQL.putEmergency, [e.operationId, e.unitId, e.clearedAt !== undefined, JSON.stringify(e)]);
    });
    this.known.add(e.operationId);
  }

  async activeEmergencies(operationId: string): Promise<EmergencyRecord[]> {
    return json((await this.pool.query<{ json: EmergencyRecord }>(SQL.activeEmergencies, [operationId])).rows);
  }

  async putPlan(plan: OperationBundle, atMs: number): Promise<void> {
    await this.write(async (c) => {
      await this.ensure(c, plan.operation.id, atMs);
      await c.query(SQL.putPlan, [plan.operation.id, atMs, JSON.stringify(plan)]);
    });
    this.known.add(plan.operation.id);
  }

  async plan(operationId: string): Promise<OperationBundle | null> {
    const row = (await this.pool.query<{ json: unknown }>(SQL.plan, [operationId])).rows[0];
    if (!row) return null;
    const parsed = OperationBundle.safeParse(row.json);
    return parsed.success ? parsed.data : null;
  }

  async ensureOperation(operationId: string, atMs: number): Promise<OperationRecord> {
    await this.write((c) => c.query(SQL.ensureOperation, [operationId, atMs]));
    const rec = await this.operation(operationId);
    if (!rec) throw new Error(`operation ${operationId} was not created`);
    return rec;
  }

  async operation(operationId: string): Promise<OperationRecord | null> {
    const row = (await this.pool.query<OperationRow>(SQL.operation, [operationId])).rows[0];
    return row ? operationFromRow(row) : null;
  }

  async operations(): Promise<OperationRecord[]> {
    return (await this.pool.query<OperationRow>(SQL.operations)).rows.map(operationFromRow);
  }

  private change(operationId: string, ch: OperationChange, by: string, atMs: number): Promise<OperationRecord> {
    return this.write(async (c) => {
      const row = (await c.query<OperationRow>(SQL.operationForUpdate, [operationId])).rows[0];
      if (!row) throw new Error(`unknown operation ${operationId}`);
      const { record, entry } = nextOperation(operationFromRow(row), ch, by, atMs);
      if (!entry) return record;
      await c.query(SQL.putOperation, operationParams(record));
      await c.query(SQL.logRetention, [atMs, entry.operationId, entry.action, entry.by, entry.detail]);
      return record;
    });
  }

  setOperationState(operationId: string, state: OperationState, by: string, atMs: number): Promise<OperationRecord> {
    return this.change(operationId, { state }, by, atMs);
  }

  setLegalHold(operationId: string, hold: boolean, by: string, reason: string, atMs: number): Promise<OperationRecord> {
    return this.change(operationId, { hold, reason }, by, atMs);
  }

  /** After the writes called before it; one transaction per operation, beside (not in) the write chain. */
  async sweep(closedBeforeMs: number, atMs: number): Promise<{ positions: number; alertVersions: number; operations: string[] }> {
    if (this.closed) throw new Error('the store is closed');
    await this.flush();
    const out = { positions: 0, alertVersions: 0, operations: [] as string[] };
    const candidates = (await this.pool.query<{ id: string }>(SQL.sweepCandidates, [closedBeforeMs])).rows;
    for (const { id } of candidates) {
      const r = await this.transaction(async (c) => {
        if ((await c.query(SQL.sweepable, [id, closedBeforeMs])).rowCount === 0) return null;
        const positions = (await c.query(SQL.deletePositions, [id])).rowCount ?? 0;
        const alertVersions = (await c.query(SQL.deleteAlertLog, [id])).rowCount ?? 0;
        if (positions + alertVersions === 0) return null;
        await c.query(SQL.logRetention, [atMs, id, 'deleted', 'retention', sweepDetail(positions, alertVersions, closedBeforeMs)]);
        return { positions, alertVersions };
      });
      if (!r) continue;
      out.positions += r.positions;
      out.alertVersions += r.alertVersions;
      out.operations.push(id);
    }
    return out;
  }

  async retentionLog(operationId?: string): Promise<RetentionEntry[]> {
    type Row = { at_ms: string; operation_id: string; action: RetentionEntry['action']; by_user: string; detail: string };
    const { rows } = operationId === undefined ? await this.pool.query<Row>(SQL.retentionLog) : await this.pool.query<Row>(SQL.retentionLogOf, [operationId]);
    return rows.map((r) => ({ at: new Date(Number(r.at_ms)).toISOString(), operationId: r.operation_id, action: r.action, by: r.by_user, detail: r.detail }));
  }

  /** The day partitions of the history (for tests and operators). */
  async partitions(): Promise<string[]> {
    return (await this.pool.query<{ name: string }>(SQL.partitions)).rows.map((r) => r.name).sort();
  }

  stats(): Record<string, number> {
    return {
      pendingRows: this.pendingRows,
      pendingWrites: this.pendingWrites,
      written: this.written,
      dropped: this.dropped,
      errors: this.errors,
      partitionsMade: this.partitionsMade,
      positionTransactions: this.positionTransactions,
      poolConnections: this.pool.totalCount,
      poolWaiting: this.pool.waitingCount,
    };
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.tail;
      await this.pool.end();
    })();
    return this.closed;
  }
}
