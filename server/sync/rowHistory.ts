/**
 * One row's history from the change log and the conflicts (the audit trail's "follow this feature", issue 11). Pure
 * assembly over what a store reads (RowHistorySource): each store only finds the entries and conflicts that touch
 * the row, in its own query language, and all three answer alike.
 */
import type { SyncConflict, SyncLogEntry, SyncTable } from '../../shared/protocol';
import type { RowHistorySource, SyncRowEvent, SyncRowHistoryPage } from '../store/syncTypes';
import { resolutionChangeSetId } from './plan';

const RESOLUTION = resolutionChangeSetId('');

/** Whether a log entry changed this row (what a store's query narrows to). */
export const touchesRow = (e: SyncLogEntry, table: SyncTable, key: string) => e.changes.some((c) => c.table === table && c.key === key);
/** Whether a conflict is about this row. */
export const conflictOnRow = (c: SyncConflict, table: SyncTable, key: string) => c.table === table && c.key === key;

export async function readRowHistory(
  src: RowHistorySource,
  operationId: string,
  table: SyncTable,
  key: string,
  afterSeq: number,
  limit: number,
): Promise<SyncRowHistoryPage> {
  const head = await src.head();
  if (head <= afterSeq) return { events: [], more: false };
  const [entries, conflicts] = await Promise.all([src.entriesTouching(afterSeq, head, limit), src.conflictsOn(afterSeq, head, limit)]);
  const resolutionIds = entries.filter((e) => e.changeSetId.startsWith(RESOLUTION)).map((e) => e.changeSetId.slice(RESOLUTION.length));
  const [raisers, resolved] = await Promise.all([
    conflicts.length > 0 ? src.entriesAt([...new Set(conflicts.map((c) => c.raisedSeq))]) : [],
    resolutionIds.length > 0 ? src.conflictsById(resolutionIds) : [],
  ]);
  const raiserAt = new Map(raisers.map((e) => [e.seq, e]));
  const keptIn = new Map(resolved.map((c) => [c.id, c.resolution]));

  const events: SyncRowEvent[] = [];
  for (const e of entries) {
    const conflictId = e.changeSetId.startsWith(RESOLUTION) ? e.changeSetId.slice(RESOLUTION.length) : null;
    const merged = new Set(e.merged ?? []);
    for (const c of e.changes) {
      if (c.table !== table || c.key !== key) continue;
      const kept = conflictId ? keptIn.get(conflictId) : undefined;
      events.push({
        ...common(e, operationId, table, key),
        outcome: conflictId ? 'resolved' : merged.has(`${table}/${key}`) ? 'merged' : 'applied',
        ...(conflictId ? { conflictId } : {}),
        ...(kept ? { kept } : {}),
        before: c.before,
        after: c.after,
      });
    }
  }
  for (const { conflict: c, raisedSeq } of conflicts) {
    const e = raiserAt.get(raisedSeq);
    events.push({
      ...(e
        ? common(e, operationId, table, key)
        : {
            operationId,
            table,
            key,
            seq: raisedSeq,
            changeSetId: `unknown-${raisedSeq}`,
            label: c.label,
            by: c.raisedBy,
            editedAt: c.raisedAt,
            loggedAt: c.raisedAt,
          }),
      outcome: 'conflict',
      conflictId: c.id,
      before: c.theirs,
      after: c.mine,
    });
  }
  // A change set's own rows before the conflicts it raised; both sources came oldest first.
  events.sort((a, b) => a.seq - b.seq || rank(a) - rank(b));
  // Whole seqs only: each source gave its first `limit`, so the union's first `limit` seqs are complete.
  const seqs = [...new Set(events.map((e) => e.seq))];
  const cut = seqs.length > limit ? seqs[limit - 1]! : Infinity;
  const page = events.filter((e) => e.seq <= cut);
  return { events: page, more: page.length < events.length || entries.length >= limit || conflicts.length >= limit };
}

const rank = (e: SyncRowEvent) => (e.outcome === 'conflict' ? 1 : 0);

function common(e: SyncLogEntry, operationId: string, table: SyncTable, key: string) {
  return { operationId, table, key, seq: e.seq, changeSetId: e.changeSetId, label: e.label, by: e.by, editedAt: e.editedAt, loggedAt: e.loggedAt };
}
