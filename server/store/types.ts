/**
 * What the server keeps: the latest position per unit per operation, the position history (time-indexed), alerts
 * (their current state and every version, for replay) and published plans. Two implementations: in memory (tests)
 * and SQLite (the default; survives restarts). Synchronous on purpose: better-sqlite3 is, and the hub writes one
 * batch per tick.
 */
import type { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';

export interface PositionQuery {
  operationId: string;
  fromMs: number;
  toMs: number;
  unitIds?: readonly string[];
  limit: number;
}

export interface AlertQuery {
  operationId: string;
  fromMs: number;
  toMs: number;
  limit: number;
}

export interface Store {
  readonly kind: 'memory' | 'sqlite';
  /**
   * Append reports to the history and move each unit's latest position forward (never back to an older report):
   * one transaction. May complete later (SQLite writes on its own thread): `flush()` waits for it.
   */
  writePositions(operationId: string, reports: readonly PositionReport[]): void;
  /** Resolves once every write made before it is committed. */
  flush(): Promise<void>;
  latest(operationId: string): PositionReport[];
  /** Reports with fromMs <= time <= toMs, oldest first, at most `limit` (truncated says when more matched). */
  positionHistory(q: PositionQuery): { positions: PositionReport[]; truncated: boolean };
  /** Save an alert's new version: its current state and an entry in its log (at `atMs`). */
  putAlerts(alerts: readonly Alert[], atMs: number): void;
  /** Current state of every alert not yet both cleared and acknowledged. */
  openAlerts(operationId: string): Alert[];
  /**
   * Alert versions for replay: the version current at fromMs of every alert open then, and every version made in
   * [fromMs, toMs], in time order.
   */
  alertHistory(q: AlertQuery): { alerts: Alert[]; truncated: boolean };
  putPlan(plan: OperationBundle, atMs: number): void;
  plan(operationId: string): OperationBundle | null;
  /** Every operation the store knows of (a plan, positions or alerts). */
  operationIds(): string[];
  /** Delete history and alert versions older than `beforeMs` (latest positions, open alerts and plans stay). */
  sweep(beforeMs: number): Promise<{ positions: number; alertVersions: number }>;
  /** Counters for /metrics (e.g. writes waiting, dropped). */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

export const alertOpen = (a: Alert) => !(a.clearedAt !== undefined && a.acknowledgedAt !== undefined);
export const timeOf = (r: PositionReport) => Date.parse(r.time);
