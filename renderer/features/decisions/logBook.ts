/**
 * What a log looks like on screen, from the server's entries and this screen's outbox: numbered entries in order, each
 * with the entry that corrects it (the old one is shown struck through, its correction beside it), and drafts not
 * yet on the server at the end. Pure: tested without React.
 */
import { LogEntry, type Checkpoint, type EntryDraft, type StoredEntry } from '../../../shared/decisionLog';

export interface LogRow {
  seq: number;
  /** Null when the stored entry no longer reads as an entry (changed on disk): "Verify log" says why. */
  entry: LogEntry | null;
  hash: string;
  /** Later entries that correct this one (newest last). */
  correctedBy: LogEntry[];
}

export interface LogBookView {
  rows: LogRow[];
  /** Written here, not yet stored by the server. */
  pending: EntryDraft[];
  checkpoints: Checkpoint[];
}

export function logBookView(all: readonly StoredEntry[], checkpoints: readonly Checkpoint[], outbox: readonly EntryDraft[], logId: string): LogBookView {
  const mine = all.filter((e) => e.entry.logId === logId);
  const rows: LogRow[] = mine.map(({ entry, hash }) => {
    const p = LogEntry.safeParse(entry);
    return { seq: Number(entry.seq), entry: p.success ? p.data : null, hash, correctedBy: [] };
  });
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  for (const r of rows) if (r.entry?.corrects) bySeq.get(r.entry.corrects.seq)?.correctedBy.push(r.entry);
  const stored = new Set(mine.map((e) => String(e.entry.entryId)));
  return {
    rows,
    pending: outbox.filter((d) => d.logId === logId && !stored.has(d.entryId)),
    checkpoints: checkpoints.filter((c) => c.logId === logId),
  };
}

/** The logs of an operation worth offering: Gold and Silver always, and every log that has entries. */
export function knownLogs(all: readonly StoredEntry[], outbox: readonly EntryDraft[], extra: readonly string[] = []): string[] {
  const ids = new Set<string>(['gold', 'silver', ...extra]);
  for (const e of all) ids.add(String(e.entry.logId));
  for (const d of outbox) ids.add(d.logId);
  ids.delete('control-room');
  const order = (id: string) => (id === 'gold' ? 0 : id === 'silver' ? 1 : 2);
  return [...ids].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
}

/** Short hash for people: the first 12 hex digits. */
export const shortHash = (h: string) => h.slice(0, 12);
