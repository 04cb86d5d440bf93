/**
 * A followed row's synced changes as audit entries (issue 11): `audit:query` with a row object
 * ("feature:<operationId>/<featureId>") answers these beside the audit table's own entries, so one Audit view and one
 * export show who changed the row, when (event and logged time), what became of it, and the row before and after.
 */
import { rowObject, type AuditEntry, type RowRef, type SyncOutcome } from '../../shared/protocol';
import type { SyncRowEvent, SyncRowHistoryPage } from '../store/syncTypes';

/** Seqs read per store page while following a row (each page is one bounded read). */
export const FOLLOW_PAGE = 500;

const OUTCOME_WORDS: Record<SyncOutcome, string> = {
  applied: 'applied',
  merged: 'merged field by field with a change made meanwhile',
  conflict: 'conflict raised: held, not applied, until a person resolves it',
  resolved: 'conflict resolved',
};

export function rowEventEntry(e: SyncRowEvent): AuditEntry {
  const kept = e.kept ? `: kept ${e.kept === 'mine' ? 'the edit' : 'the version before it'}` : '';
  return {
    seq: e.seq,
    eventTime: e.editedAt,
    loggedAt: e.loggedAt,
    user: e.by,
    // The change log records the authenticated user's label; the push's own audit entry carries the id.
    userId: null,
    workstation: null,
    action: 'sync.change',
    object: rowObject(e),
    operationId: e.operationId,
    result: 'ok',
    detail: `"${e.label}" ${OUTCOME_WORDS[e.outcome]}${kept} (seq ${e.seq})`,
    change: {
      table: e.table,
      key: e.key,
      seq: e.seq,
      changeSetId: e.changeSetId,
      label: e.label,
      outcome: e.outcome,
      ...(e.kept ? { kept: e.kept } : {}),
      ...(e.conflictId ? { conflictId: e.conflictId } : {}),
      before: e.before,
      after: e.after,
    },
  };
}

export type RowHistoryReader = (ref: RowRef, afterSeq: number, limit: number) => Promise<SyncRowHistoryPage>;

/** The row's synced changes, oldest first, at most `limit` entries, read a bounded page at a time. */
export async function rowAuditEntries(read: RowHistoryReader, ref: RowRef, limit: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let after = 0;
  while (out.length < limit) {
    const page = await read(ref, after, FOLLOW_PAGE);
    out.push(...page.events.map(rowEventEntry));
    const last = page.events.at(-1);
    if (!page.more || !last) break;
    after = last.seq;
  }
  return out.slice(0, limit);
}

/** The audit table's entries (newest first) and a row's synced changes (oldest first) as one list, newest first by logged time. */
export function mergeNewestFirst(stored: readonly AuditEntry[], synced: readonly AuditEntry[]): AuditEntry[] {
  // A stable sort: entries logged in the same millisecond keep each list's own order.
  return [...stored, ...[...synced].reverse()].sort((a, b) => Date.parse(b.loggedAt) - Date.parse(a.loggedAt));
}
