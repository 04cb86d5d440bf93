/**
 * Log entries written while the link to the command server is down: kept in IndexedDB (table `logOutbox`) until the
 * server has stored them, so that closing the app or losing power loses nothing. Sending is idempotent (the server
 * keys entries by their client-made id), so a draft is removed only after the server's answer, never before.
 */
import { EntryDraft } from '../../shared/decisionLog';
import type { CordonDb, LogOutboxRecord } from './db';

export async function queueLogDraft(db: CordonDb, draft: EntryDraft): Promise<void> {
  await db.logOutbox.put({ entryId: draft.entryId, operationId: draft.operationId, queuedAt: new Date().toISOString(), draft });
}

/** The operation's drafts not yet on the server, oldest first. A row that no longer parses is reported, not sent. */
export async function pendingLogDrafts(db: CordonDb, operationId: string): Promise<{ drafts: EntryDraft[]; unreadable: number }> {
  const rows: LogOutboxRecord[] = await db.logOutbox.where('operationId').equals(operationId).toArray();
  rows.sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : 1));
  const drafts: EntryDraft[] = [];
  let unreadable = 0;
  for (const r of rows) {
    const p = EntryDraft.safeParse(r.draft);
    if (p.success) drafts.push(p.data);
    else unreadable++;
  }
  return { drafts, unreadable };
}

export async function removeLogDraft(db: CordonDb, entryId: string): Promise<void> {
  await db.logOutbox.delete(entryId);
}
