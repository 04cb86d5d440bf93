/**
 * What a push or a resolution writes, decided before anything is written (pure: every store runs these inside its own
 * transaction, with the rows it read in that transaction). A push always gets a log entry and a seq, even when every
 * row was already so or held as a conflict: the entry is where a resend finds its answer, and where an inquiry sees
 * that the edit arrived.
 */
import type { SyncChange, SyncConflict, SyncLogEntry, SyncPushResult, SyncTable } from '../../shared/protocol';
import type { OperationBundle } from '../../shared/domain';
import type { StoredSyncRow, SyncPushInput, SyncResolveInput, SyncRow } from '../store/syncTypes';
import { decideChange, resolvedRow } from './merge';

/** A row write: `row` null deletes it. */
export interface RowWrite {
  table: SyncTable;
  key: string;
  row: SyncRow | null;
}

export interface PushPlan {
  entry: SyncLogEntry;
  writes: RowWrite[];
  conflicts: SyncConflict[];
  result: SyncPushResult;
}

const rowKey = (table: string, key: string) => `${table}\u0000${key}`;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `current` reads the server's row as of this transaction; `seq` is the entry's number (head + 1); `newId` names
 * conflicts. Two changes of one row in a set apply in order, the second against the first's result.
 */
export function planPush(p: SyncPushInput, current: (table: SyncTable, key: string) => SyncRow | null, seq: number, newId: () => string): PushPlan {
  const overlay = new Map<string, SyncRow | null>();
  const now = (table: SyncTable, key: string) => {
    const k = rowKey(table, key);
    return overlay.has(k) ? overlay.get(k)! : current(table, key);
  };
  const logged: SyncChange[] = [];
  const conflicts: SyncConflict[] = [];
  let applied = 0;
  let merged = 0;
  // Which rows merged (rather than applied as sent): the audit trail says so per row.
  const mergedRows: string[] = [];
  for (const c of p.changes) {
    const server = now(c.table, c.key);
    const d = decideChange(server, c.before as SyncRow | null, c.after as SyncRow | null);
    if (d.kind === 'noop') continue;
    if (d.kind === 'conflict') {
      conflicts.push({
        id: newId(),
        operationId: p.operationId,
        table: c.table,
        key: c.key,
        base: c.before,
        mine: c.after,
        theirs: server,
        fields: d.fields,
        label: p.label,
        raisedBy: p.by,
        raisedAt: iso(p.atMs),
        state: 'open',
        baseSeq: p.baseSeq,
        raisedSeq: seq,
      });
      continue;
    }
    if (d.kind === 'apply') applied++;
    else {
      merged++;
      mergedRows.push(`${c.table}/${c.key}`);
    }
    overlay.set(rowKey(c.table, c.key), d.row);
    logged.push({ table: c.table, key: c.key, before: server, after: d.row } as SyncChange);
  }
  const entry: SyncLogEntry = {
    seq,
    changeSetId: p.changeSetId,
    operationId: p.operationId,
    label: p.label,
    by: p.by,
    editedAt: p.editedAt,
    loggedAt: iso(p.atMs),
    changes: logged,
    ...(mergedRows.length > 0 ? { merged: mergedRows } : {}),
  };
  const writes = logged.map((c) => ({ table: c.table, key: c.key, row: c.after as SyncRow | null }));
  return { entry, writes, conflicts, result: { changeSetId: p.changeSetId, seq, applied, merged, conflictIds: conflicts.map((c) => c.id) } };
}

export interface ResolvePlan {
  entry: SyncLogEntry;
  write: RowWrite;
  conflict: SyncConflict;
}

/** The changeSetId of a resolution's log entry: one per conflict, so the log itself refuses a second resolution. */
export const resolutionChangeSetId = (conflictId: string) => `resolve:${conflictId}`;

/**
 * Resolving writes the kept version as an ordinary log entry, even when it is the server's own row ("theirs"): the
 * pusher's workstation still shows its own edit and must be told to set the row back.
 */
export function planResolve(r: SyncResolveInput, open: SyncConflict, current: SyncRow | null, seq: number): ResolvePlan {
  const row = resolvedRow(r.keep, current, open.base as SyncRow | null, open.mine as SyncRow | null);
  const at = iso(r.atMs);
  const entry: SyncLogEntry = {
    seq,
    changeSetId: resolutionChangeSetId(open.id),
    operationId: r.operationId,
    label: `Resolve conflict (${r.keep === 'mine' ? 'kept the edit' : 'kept the version before it'}): ${open.label}`.slice(0, 200),
    by: r.by,
    editedAt: at,
    loggedAt: at,
    changes: [{ table: open.table, key: open.key, before: current, after: row } as SyncChange],
  };
  return {
    entry,
    write: { table: open.table, key: open.key, row },
    conflict: { ...open, state: 'resolved', resolvedBy: r.by, resolvedAt: at, resolution: r.keep, resolvedSeq: seq },
  };
}

/** The working copy's rows of a whole operation (what a share seeds). */
export function bundleRows(plan: OperationBundle): StoredSyncRow[] {
  const rows: StoredSyncRow[] = [{ table: 'operations', key: plan.operation.id, row: plan.operation }];
  for (const table of ['phases', 'features', 'units', 'assignments'] as const) for (const r of plan[table]) rows.push({ table, key: r.id, row: r });
  return rows;
}

/** The operation as a bundle again (what a snapshot answers); unparsed: the caller checks it with OperationBundle. */
export function rowsBundle(operationId: string, rows: readonly StoredSyncRow[]): unknown {
  const out: Record<string, unknown> = { operation: null, phases: [], features: [], units: [], assignments: [] };
  for (const r of rows) {
    if (r.table === 'operations') {
      if (r.key === operationId) out.operation = r.row;
    } else (out[r.table] as unknown[]).push(r.row);
  }
  return out;
}
