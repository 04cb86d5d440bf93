/** The in-memory log store (MemoryStore.appendLogs): the same rules as the SQL engines, nothing kept across restarts. */
import type { Checkpoint, StoredEntry } from '../../shared/decisionLog';
import { rowToEntry, SeqTaken, type AppendLogStore, type EntryRow } from './logStore';

const key = (...parts: (string | number)[]) => parts.join('\u0000');
const toEntry = (r: EntryRow): StoredEntry => rowToEntry({ operation_id: r.operationId, log_id: r.logId, seq: r.seq, hash: r.hash, json: r.json });

export class MemoryAppendLogs implements AppendLogStore {
  private readonly rows: EntryRow[] = [];
  private readonly bySeq = new Map<string, EntryRow>();
  private readonly byId = new Map<string, EntryRow>();
  private readonly cps: Checkpoint[] = [];

  appendEntry(row: EntryRow): Promise<void> {
    if (this.bySeq.has(key(row.operationId, row.logId, row.seq))) return Promise.reject(new SeqTaken(row.logId, row.seq));
    if (this.byId.has(key(row.operationId, row.entryId))) return Promise.reject(new Error(`entry ${row.entryId} is already stored`));
    const copy = { ...row };
    this.rows.push(copy);
    this.bySeq.set(key(row.operationId, row.logId, row.seq), copy);
    this.byId.set(key(row.operationId, row.entryId), copy);
    return Promise.resolve();
  }

  entries(operationId: string, logId?: string): Promise<StoredEntry[]> {
    const rows = this.rows.filter((r) => r.operationId === operationId && (logId === undefined || r.logId === logId));
    rows.sort((a, b) => (a.logId === b.logId ? a.seq - b.seq : a.logId < b.logId ? -1 : 1));
    return Promise.resolve(rows.map(toEntry));
  }

  entryById(operationId: string, entryId: string): Promise<StoredEntry | null> {
    const r = this.byId.get(key(operationId, entryId));
    return Promise.resolve(r ? toEntry(r) : null);
  }

  lastEntry(operationId: string, logId: string): Promise<StoredEntry | null> {
    let last: EntryRow | null = null;
    for (const r of this.rows) if (r.operationId === operationId && r.logId === logId && (!last || r.seq > last.seq)) last = r;
    return Promise.resolve(last ? toEntry(last) : null);
  }

  putCheckpoint(cp: Checkpoint): Promise<void> {
    if (!this.cps.some((c) => c.operationId === cp.operationId && c.logId === cp.logId && c.size === cp.size)) this.cps.push(structuredClone(cp));
    return Promise.resolve();
  }

  checkpoints(operationId: string, logId?: string): Promise<Checkpoint[]> {
    return Promise.resolve(
      structuredClone(this.cps.filter((c) => c.operationId === operationId && (logId === undefined || c.logId === logId))).sort((a, b) =>
        a.logId === b.logId ? a.size - b.size : a.logId < b.logId ? -1 : 1,
      ),
    );
  }
}
