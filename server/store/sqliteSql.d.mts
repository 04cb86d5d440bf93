// Types of sqliteSql.mjs (the SQLite store's statements, shared with its worker threads).
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION: number;
export const SCHEMA_V1: string;
export const MIGRATIONS: Record<number, string>;
export function migrate(db: Database.Database): number;
export const WRITES: Record<
  | 'insertPosition'
  | 'upsertLatest'
  | 'ensureOperation'
  | 'upsertAlert'
  | 'logAlert'
  | 'putEmergency'
  | 'putPlan'
  | 'putOperation'
  | 'logRetention'
  | 'sweepable'
  | 'deletePositions'
  | 'deleteAlertLog',
  string
>;
export type WriteName = keyof typeof WRITES;
export const READS: Record<
  | 'latest'
  | 'openAlerts'
  | 'alertsBefore'
  | 'alertsInWindow'
  | 'activeEmergencies'
  | 'plan'
  | 'operation'
  | 'operations'
  | 'sweepCandidates'
  | 'retentionLog'
  | 'retentionLogOf',
  string
>;
export const PAGE: Record<'all' | 'units' | 'fewUnits', string>;
export const FEW_UNITS: number;
