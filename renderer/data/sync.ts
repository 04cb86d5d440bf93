/**
 * Shared operations in the local database (issue 11): marking an operation shared, opening a shared operation from
 * the server's snapshot, and applying the server's change log to the local copy.
 *
 * Remote changes are written as revisions of kind 'remote' ("Rename sector — by Insp Dev planner (#12)": the server's
 * change number, which the conflict panel refers to): they show in History, are never put on the undo stack (the
 * editor only stacks its own edits) and never go to the outbox.
 *
 * Rebase rule: a pulled change to a row that still has a local change waiting in the outbox is NOT applied; the local
 * row is kept. The pending push will be merged by the server (and come back in a later log entry) or raise a conflict
 * that a person resolves; either way the row ends as the server decides, and nobody's edit vanishes meanwhile.
 */
import type { OperationBundle } from '../../shared/domain';
import { err, ok, type Result } from '../../shared/util/result';
import { operationTables, type CordonDb } from './db';
import { deepEqual, type Change, type Row, type TableName } from './patches';
import { applyPatch, importParsedBundle } from './repositories';
import { pendingChangeSets } from './syncOutbox';

/** One entry of the server's change log, as the data layer needs it (parsed by the net layer). */
export interface RemoteEntry {
  seq: number;
  label: string;
  /** The authenticated user the server recorded. */
  by: string;
  changes: readonly Change[];
}

export interface RemoteOutcome {
  /** Rows written from the server. */
  applied: number;
  /** Rows left as they are here because a local change to them is waiting to be pushed. */
  keptLocal: number;
  lastSeq: number;
}

const slot = (table: TableName, key: string) => `${table}\u0000${key}`;
const syncTables = (db: CordonDb) => [...operationTables(db), db.syncState, db.syncOutbox];

/** Marks a local operation shared on `serverUrl` at the server's `seq` (after sync:share answered). */
export async function markShared(db: CordonDb, operationId: string, serverUrl: string, seq: number, now: string): Promise<void> {
  await db.transaction('rw', db.syncState, db.syncOutbox, async () => {
    await db.syncOutbox.where('operationId').equals(operationId).delete();
    await db.syncState.put({ operationId, serverUrl, sharedSince: now, lastSeq: seq, lastSyncAt: now });
  });
}

/**
 * Writes the server's snapshot of a shared operation as a new local operation, marked shared at `seq`, in one
 * transaction (an operation either arrives whole and shared, or not at all).
 */
export async function openSharedOperation(db: CordonDb, plan: OperationBundle, seq: number, serverUrl: string, now: string): Promise<Result<string>> {
  let problem: string | null = null;
  try {
    await db.transaction('rw', syncTables(db), async () => {
      const r = await importParsedBundle(db, plan, { mode: 'new', label: `Opened from the planning cell's shared copy (change ${seq})`, now });
      if (!r.ok) {
        problem = r.error;
        throw new Error(r.error);
      }
      // Change sets left from an earlier copy of this operation (deleted here since) describe rows that are gone.
      await db.syncOutbox.where('operationId').equals(plan.operation.id).delete();
      await db.syncState.put({ operationId: plan.operation.id, serverUrl, sharedSince: now, lastSeq: seq, lastSyncAt: now });
    });
  } catch (e) {
    return err(problem ?? `The shared operation could not be saved here: ${(e as Error).message}`);
  }
  return ok(plan.operation.id);
}

/**
 * Applies the server's log entries (oldest first) to the local copy: one transaction for the whole page (each entry
 * still its own "remote" revision), so lastSeq moves with the rows it covers and no local edit can slip in between
 * reading the outbox and writing a row. Entries at or below the local lastSeq are skipped (a repeated pull is
 * harmless). One transaction per entry, each re-reading the outbox, was half the time of taking in 1,000 edits.
 */
export async function applyRemoteEntries(db: CordonDb, operationId: string, entries: readonly RemoteEntry[]): Promise<Result<RemoteOutcome>> {
  const outcome: RemoteOutcome = { applied: 0, keptLocal: 0, lastSeq: 0 };
  // The entry being applied, and why it failed if it did, for the message.
  const failing: { label: string | null; error: string | null } = { label: null, error: null };
  try {
    await db.transaction('rw', syncTables(db), async () => {
      const state = await db.syncState.get(operationId);
      if (!state) throw new Error('this operation is not shared');
      let lastSeq = state.lastSeq;
      outcome.lastSeq = lastSeq;
      // Rows with a change still waiting to be pushed keep the local version (the push is merged or raises a conflict).
      const pending = new Set<string>();
      for (const cs of await pendingChangeSets(db, operationId)) for (const c of cs.changes) pending.add(slot(c.table, c.key));
      for (const entry of entries) {
        if (entry.seq <= lastSeq) continue;
        failing.label = entry.label;
        const changes: Change[] = [];
        for (const c of entry.changes) {
          if (pending.has(slot(c.table, c.key))) {
            outcome.keptLocal++;
            continue;
          }
          const table = db[c.table] as unknown as { get: (k: string) => Promise<Row | undefined> };
          const current = (await table.get(c.key)) ?? null;
          if (!deepEqual(current, c.after)) changes.push({ table: c.table, key: c.key, before: current, after: c.after } as Change);
        }
        if (changes.length) {
          const r = await applyPatch(db, operationId, { label: `${entry.label} — by ${entry.by} (#${entry.seq})`, changes }, { kind: 'remote' });
          if (!r.ok) {
            failing.error = r.error;
            throw new Error(r.error);
          }
          outcome.applied += changes.length;
        }
        lastSeq = entry.seq;
      }
      failing.label = null;
      if (lastSeq !== state.lastSeq) await db.syncState.update(operationId, { lastSeq });
      outcome.lastSeq = lastSeq;
    });
  } catch (e) {
    return err(
      failing.label !== null
        ? `A change from the planning cell (${failing.label}) could not be applied here: ${failing.error ?? (e as Error).message}`
        : `The planning cell's changes could not be applied here: ${(e as Error).message}`,
    );
  }
  return ok(outcome);
}
