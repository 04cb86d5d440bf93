/**
 * The sync outbox of shared operations (issue 11): every local edit of a shared operation is one change set, written
 * by applyPatch in the SAME transaction as the edit's rows and revision, so that a crash can never leave an edit
 * without its outbox entry or an entry without its edit. Change sets leave the outbox only once the server has
 * answered for them (applied, merged or held as a conflict); a refused one stays, with the reason, until it goes.
 */
import { newId } from '../../shared/domain';
import type { CordonDb, SyncOutboxRecord, SyncStateRecord } from './db';
import type { Change } from './patches';

export interface QueuedEdit {
  operationId: string;
  revisionId: number;
  label: string;
  editedAt: string;
  changes: Change[];
}

/**
 * Called inside applyPatch's transaction (which includes the sync tables): queues the edit when the operation is
 * shared, does nothing otherwise.
 */
export async function queueIfShared(db: CordonDb, edit: QueuedEdit): Promise<void> {
  const state = await db.syncState.get(edit.operationId);
  if (!state || edit.changes.length === 0) return;
  await db.syncOutbox.add({ changeSetId: newId(), baseSeq: state.lastSeq, ...edit });
}

/** The operation's change sets waiting to be pushed, in the order they were made. */
export async function pendingChangeSets(db: CordonDb, operationId: string): Promise<SyncOutboxRecord[]> {
  return db.syncOutbox.where('[operationId+revisionId]').between([operationId, 0], [operationId, Infinity]).toArray();
}

const outboxOf = (db: CordonDb, operationId: string) => db.syncOutbox.where('[operationId+revisionId]').between([operationId, 0], [operationId, Infinity]);

/**
 * How many change sets wait, and the first of them (the only one that can have been refused: pushing stops at the
 * first that does not go through). Read from the index, not the rows: the status line asks after every push and
 * every edit, and reading a 1,000-entry outbox each time made draining it quadratic (bench/sync-browser-bench.ts).
 */
export async function outboxSummary(db: CordonDb, operationId: string): Promise<{ pending: number; first: SyncOutboxRecord | null }> {
  const [pending, first] = await Promise.all([outboxOf(db, operationId).count(), outboxOf(db, operationId).first()]);
  return { pending, first: first ?? null };
}

/** The server has answered for this change set: it leaves the outbox. */
export async function removeChangeSet(db: CordonDb, changeSetId: string): Promise<void> {
  await db.syncOutbox.delete(changeSetId);
}

/** The server refused this change set (not a conflict): it stays, and says why. */
export async function markChangeSetRefused(db: CordonDb, changeSetId: string, why: string): Promise<void> {
  await db.syncOutbox.update(changeSetId, { refused: why });
}

export async function getSyncState(db: CordonDb, operationId: string): Promise<SyncStateRecord | null> {
  return (await db.syncState.get(operationId)) ?? null;
}

/** The pull caught up and nothing waits: remember when (the status bar's "Synced 09:14:03"). */
export async function markSynced(db: CordonDb, operationId: string, at: string): Promise<void> {
  await db.syncState.update(operationId, { lastSyncAt: at });
}

/** What deleting an operation here would take away from the planning cell's point of view: its link and unsent edits. */
export interface LocalCopy {
  /** Shared with a command server (deleting removes this workstation's copy only). */
  sharedOn: string | null;
  /** Change sets made here that have not reached the server: deleting loses them. */
  pending: number;
}

export async function localCopyOf(db: CordonDb, operationId: string): Promise<LocalCopy> {
  const [state, pending] = await Promise.all([db.syncState.get(operationId), outboxOf(db, operationId).count()]);
  return { sharedOn: state?.serverUrl ?? null, pending };
}
