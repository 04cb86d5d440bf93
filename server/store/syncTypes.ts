/**
 * The shared working copy of synced operations, as every store keeps it (Store.sync; issue 11, model in
 * shared/protocol/sync.ts). Per operation: its rows (table, key -> row), the append-only change log numbered by seq
 * (changeSetId unique per operation: a resent push finds its first answer), and conflicts (raised once, append-only;
 * the only change allowed is open -> resolved, recording who, when and the seq of the resolving log entry).
 *
 * A push or a resolution is ONE transaction (log entry, rows, conflicts) and resolves only once committed, so the
 * server acknowledges nothing that a crash could lose. The decisions themselves are pure (server/sync/plan.ts).
 */
import type { AuditChange, SyncChange, SyncConflict, SyncLogEntry, SyncPushResult, SyncTable } from '../../shared/protocol';

export type SyncRow = Record<string, unknown>;

/** One row of a working copy. */
export interface StoredSyncRow {
  table: SyncTable;
  key: string;
  row: SyncRow;
}

export interface SyncPushInput {
  operationId: string;
  changeSetId: string;
  baseSeq: number;
  label: string;
  /** The event time, from the workstation. */
  editedAt: string;
  changes: SyncChange[];
  /** The authenticated user. */
  by: string;
  /** The logged time (server clock). */
  atMs: number;
}

export interface SyncResolveInput {
  operationId: string;
  conflictId: string;
  keep: 'mine' | 'theirs';
  /** The authenticated user. */
  by: string;
  atMs: number;
}

export interface SyncHead {
  headSeq: number;
  openConflicts: number;
}

export interface SyncPullPage {
  entries: SyncLogEntry[];
  headSeq: number;
  more: boolean;
}

export interface SyncStore {
  /**
   * Seeds the working copy of an operation not yet shared (`created` true); for one already shared changes nothing.
   * Either way answers the head seq.
   */
  share(operationId: string, rows: readonly StoredSyncRow[], by: string, atMs: number): Promise<{ seq: number; created: boolean }>;
  /** The head seq and open conflicts, or null when the operation is not shared. */
  head(operationId: string): Promise<SyncHead | null>;
  /** Applies a change set (or answers the first result for a changeSetId already logged). Throws SyncNotShared. */
  push(p: SyncPushInput): Promise<SyncPushResult>;
  /** Log entries with seq > sinceSeq, oldest first, at most `limit`. */
  pull(operationId: string, sinceSeq: number, limit: number): Promise<SyncPullPage>;
  /** Every row of the working copy at the head seq, or null when not shared. */
  snapshot(operationId: string): Promise<{ rows: StoredSyncRow[]; seq: number } | null>;
  /** Open conflicts (and resolved ones when asked), oldest first. */
  conflicts(operationId: string, includeResolved: boolean): Promise<SyncConflict[]>;
  /** Resolves an open conflict with a log entry that sets the row. Throws SyncAlreadyResolved / SyncUnknownConflict. */
  resolve(r: SyncResolveInput): Promise<{ conflict: SyncConflict; seq: number }>;
  /** One row of the working copy (null: absent, or the operation is not shared), e.g. the operation's own for its name. */
  row(operationId: string, table: SyncTable, key: string): Promise<SyncRow | null>;
  /**
   * Every change-log entry and conflict touching one row (table + key), oldest first, seqs after `afterSeq`, at most
   * `limit` seqs a page; empty when the operation is not shared. What the audit trail shows to follow one feature.
   */
  rowHistory(operationId: string, table: SyncTable, key: string, afterSeq: number, limit: number): Promise<SyncRowHistoryPage>;
}

export class SyncNotShared extends Error {
  constructor(readonly operationId: string) {
    super(`operation ${operationId} is not shared yet: share it first`);
  }
}

export class SyncUnknownConflict extends Error {
  constructor(operationId: string, conflictId: string) {
    super(`operation ${operationId} has no conflict ${conflictId}`);
  }
}

export class SyncAlreadyResolved extends Error {
  constructor(readonly conflict: SyncConflict) {
    super(`already resolved by ${conflict.resolvedBy ?? '?'} at ${conflict.resolvedAt ?? '?'} (kept ${conflict.resolution ?? '?'})`);
  }
}

/** A stored conflict: the raised part as it was raised, and the resolution laid over it once there is one. */
export const conflictOf = (raised: unknown, resolution: unknown): SyncConflict =>
  ({ ...(raised as SyncConflict), ...(resolution ? { ...(resolution as object), state: 'resolved' } : { state: 'open' }) }) as SyncConflict;
/** The resolution part of a resolved conflict, as stored beside the raised part. */
export const resolutionOf = (c: SyncConflict) => ({ resolvedBy: c.resolvedBy, resolvedAt: c.resolvedAt, resolution: c.resolution, resolvedSeq: c.resolvedSeq });

/** One row's part of one change set, for the audit trail's "follow this feature" (server/sync/rowHistory.ts). */
export interface SyncRowEvent extends AuditChange {
  operationId: string;
  /** The authenticated user who pushed (or resolved) it, the event time (workstation) and the logged time (server). */
  by: string;
  editedAt: string;
  loggedAt: string;
}

export interface SyncRowHistoryPage {
  /** Oldest first; every event of a seq is on the same page. */
  events: SyncRowEvent[];
  /** There may be more after the last event's seq. */
  more: boolean;
}

/**
 * What a store reads for one row's history (server/sync/rowHistory.ts assembles the page). Every read is of seqs up to
 * `uptoSeq` (the head read first), so a push landing meanwhile cannot leave half of itself on the page.
 */
export interface RowHistorySource {
  head(): Promise<number>;
  /** Log entries after `afterSeq` (up to `uptoSeq`) with a change of the row, oldest first, at most `limit`. */
  entriesTouching(afterSeq: number, uptoSeq: number, limit: number): Promise<SyncLogEntry[]>;
  /** Conflicts raised on the row by pushes after `afterSeq` (up to `uptoSeq`), oldest first, at most `limit`. */
  conflictsOn(afterSeq: number, uptoSeq: number, limit: number): Promise<{ conflict: SyncConflict; raisedSeq: number }[]>;
  /** The log entries at these seqs (for a conflict: the push that raised it). */
  entriesAt(seqs: readonly number[]): Promise<SyncLogEntry[]>;
  /** These conflicts (for a resolution entry: which version was kept). */
  conflictsById(ids: readonly string[]): Promise<SyncConflict[]>;
}
