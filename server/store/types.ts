/**
 * What the server keeps: the latest position per unit per operation, the position history (time-indexed), alerts
 * (their current state and every version, for replay), emergencies (the latch that only a cancel or a person clears),
 * operations and their lifecycle (open, closed, archived; legal hold), published plans, and the retention log.
 *
 * Three implementations behind this one interface, and one conformance suite run against each (store.suite.ts):
 * - MemoryStore: tests and `--memory`; nothing survives a restart.
 * - SqliteStore: the embedded default for one machine (better-sqlite3 on worker threads, so the event loop never
 *   waits on the disk).
 * - PgStore: PostgreSQL, shared by several server processes (node-postgres), time-partitioned history.
 *
 * Every method is asynchronous and resolves only once what it wrote is durable (committed): the server answers a
 * feed, an acknowledgement or an emergency only after that. Reads never block the event loop for long: history is
 * read in pages (`positionPage`), each at most `limit` rows.
 */
import type { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';
import type { PlanVersionStore } from './planVersionTypes';
import type { AppendLogStore } from '../decisionLog/logStore';
import type { SyncStore } from './syncTypes';

/** Where a page of position history resumes: strictly after this (time, sequence) pair. Opaque to callers. */
export interface HistoryCursor {
  timeMs: number;
  seq: number;
}

export interface PositionPageQuery {
  operationId: string;
  fromMs: number;
  toMs: number;
  unitIds?: readonly string[];
  /** Rows in this page, at most. */
  limit: number;
  /** Resume after this cursor (from the previous page's `next`). */
  after?: HistoryCursor | null;
}

export interface PositionPage {
  /** Oldest first (by report time, then by the order they were stored). */
  positions: PositionReport[];
  /** Where the next page starts, or null when this page reached `toMs`. */
  next: HistoryCursor | null;
}

export interface AlertQuery {
  operationId: string;
  fromMs: number;
  toMs: number;
  limit: number;
}

/**
 * An emergency latch: raised by a device's emergency (a report with status 'emergency', a CoT 911), kept until that
 * same source cancels it or a person clears it. Emergencies are keyed by (operationId, unitId): one latch per device.
 */
export interface EmergencyRecord {
  operationId: string;
  unitId: string;
  callSign?: string;
  /**
   * The source that raised it, and the only one whose cancel counts: 'cot' (plain CoT), 'cot:<certificate CN>',
   * 'feed:<feed name>' (socket.io or HTTP feed token), 'sim'.
   */
  origin: string;
  /** The source's words (CoT "911 Alert", "Ring The Bell"...) or "Emergency". */
  label: string;
  /** Event time at the device. */
  raisedAt: string;
  /** Server time it was received (logged time). */
  receivedAt: string;
  /** Last known position; absent: position unknown (e.g. a CoT 911 with no GPS fix and no earlier report). */
  lon?: number;
  lat?: number;
  /** Set when it ends: by the device's own cancel ('device') or a person ('person'). */
  clearedAt?: string;
  clearedBy?: string;
  clearedHow?: 'device' | 'person';
  clearReason?: string;
}

export type OperationState = 'open' | 'closed' | 'archived';

export interface OperationRecord {
  id: string;
  state: OperationState;
  createdAt: string;
  closedAt?: string;
  /** While true, retention never deletes anything of this operation. */
  legalHold: boolean;
  legalHoldBy?: string;
  legalHoldReason?: string;
}

/** A retention or legal-hold action, kept for ever (append-only). */
export interface RetentionEntry {
  at: string;
  operationId: string;
  action: 'deleted' | 'legalHoldOn' | 'legalHoldOff' | 'closed' | 'archived' | 'reopened';
  by: string;
  detail: string;
}

export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /**
   * Append reports to the history and move each unit's latest position forward (never back to an older report), in
   * one transaction. Resolves once committed. Writes are applied in the order they were called.
   */
  writePositions(operationId: string, reports: readonly PositionReport[]): Promise<void>;
  /** Resolves once every write made before it is committed. */
  flush(): Promise<void>;
  latest(operationId: string): Promise<PositionReport[]>;
  /** One page of history with fromMs <= time <= toMs (see PositionPageQuery). */
  positionPage(q: PositionPageQuery): Promise<PositionPage>;

  /** Save alerts' new versions: current state and an entry each in the alert log (at `atMs`). Durable on resolve. */
  putAlerts(alerts: readonly Alert[], atMs: number): Promise<void>;
  /** Current state of every alert not yet both cleared and acknowledged. */
  openAlerts(operationId: string): Promise<Alert[]>;
  /**
   * Alert versions for replay: the version current at fromMs of every alert open then, and every version made in
   * [fromMs, toMs], in time order.
   */
  alertHistory(q: AlertQuery): Promise<{ alerts: Alert[]; truncated: boolean }>;

  /** Insert or replace the latch of (operationId, unitId). Durable on resolve. */
  putEmergency(e: EmergencyRecord): Promise<void>;
  /** Latches not cleared. */
  activeEmergencies(operationId: string): Promise<EmergencyRecord[]>;

  putPlan(plan: OperationBundle, atMs: number): Promise<void>;
  plan(operationId: string): Promise<OperationBundle | null>;

  /** Create the operation (state 'open') if the store does not know it; returns its record either way. */
  ensureOperation(operationId: string, atMs: number): Promise<OperationRecord>;
  operation(operationId: string): Promise<OperationRecord | null>;
  /** Every operation the store knows of. */
  operations(): Promise<OperationRecord[]>;
  /** Change state or legal hold, and append the matching retention entry (`by`: the authenticated user). */
  setOperationState(operationId: string, state: OperationState, by: string, atMs: number): Promise<OperationRecord>;
  setLegalHold(operationId: string, hold: boolean, by: string, reason: string, atMs: number): Promise<OperationRecord>;

  /**
   * Retention: delete position history and alert versions of operations closed before `closedBeforeMs` and not under
   * legal hold. Open operations are never swept. Each deletion is recorded in the retention log.
   */
  sweep(closedBeforeMs: number, atMs: number): Promise<{ positions: number; alertVersions: number; operations: string[] }>;
  retentionLog(operationId?: string): Promise<RetentionEntry[]>;

  /** Counters for /metrics (e.g. writes waiting, errors). */
  stats(): Record<string, number>;
  close(): Promise<void>;
  /** Published plan versions and approvals (append-only). */
  readonly versions: PlanVersionStore;

  /** The decision logs and the control-room log: append-only, UPDATE and DELETE refused (server/decisionLog/). */
  readonly appendLogs: AppendLogStore;

  /** Shared operations' working copies, change logs and conflicts (issue 11; server/store/syncTypes.ts). */
  readonly sync: SyncStore;
  /**
   * The same page as `positionPage`, as the stored JSON rows joined into one array text (not parsed), for sending as
   * it is (server/rawJson.ts). Optional: a store without it is read with `positionPage`.
   */
  positionPageJson?(q: PositionPageQuery): Promise<PositionPageJson>;
}

/** A page of history as JSON text (see Store.positionPageJson). */
export interface PositionPageJson {
  /** `[report, ...]`: exactly JSON.stringify(positionPage(q).positions). */
  json: string;
  count: number;
  next: HistoryCursor | null;
}

export const alertOpen = (a: Alert) => !(a.clearedAt !== undefined && a.acknowledgedAt !== undefined);
export const timeOf = (r: PositionReport) => Date.parse(r.time);
