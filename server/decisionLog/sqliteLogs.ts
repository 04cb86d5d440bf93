/**
 * The SQLite log store (SqliteStore.appendLogs). Its own connection to the store's file, writing on the main thread:
 * decision-log entries are few (a handful a minute), each one short transaction with synchronous = FULL, so an
 * append is on disk before the server answers; position history keeps the writer thread to itself.
 */
import Database from 'better-sqlite3';
import type { Checkpoint, StoredEntry } from '../../shared/decisionLog';
import { rowToEntry, SeqTaken, SQLITE_APPEND_LOG_SCHEMA, type AppendLogStore, type EntryRow } from './logStore';

type Row = { operation_id: string; log_id: string; seq: number; hash: string; json: string };
const COLS = 'operation_id, log_id, seq, hash, json';

export class SqliteAppendLogs implements AppendLogStore {
  private readonly db: Database.Database;
  private readonly s: Record<'insert' | 'all' | 'ofLog' | 'byId' | 'last' | 'putCp' | 'cps' | 'cpsOfLog', Database.Statement>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SQLITE_APPEND_LOG_SCHEMA);
    this.s = {
      insert: this.db.prepare(`INSERT INTO log_entries (operation_id, log_id, seq, entry_id, logged_ms, hash, json) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      all: this.db.prepare(`SELECT ${COLS} FROM log_entries WHERE operation_id = ? ORDER BY log_id, seq`),
      ofLog: this.db.prepare(`SELECT ${COLS} FROM log_entries WHERE operation_id = ? AND log_id = ? ORDER BY seq`),
      byId: this.db.prepare(`SELECT ${COLS} FROM log_entries WHERE operation_id = ? AND entry_id = ?`),
      last: this.db.prepare(`SELECT ${COLS} FROM log_entries WHERE operation_id = ? AND log_id = ? ORDER BY seq DESC LIMIT 1`),
      putCp: this.db.prepare(`INSERT INTO log_checkpoints (operation_id, log_id, size, json) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      cps: this.db.prepare(`SELECT json FROM log_checkpoints WHERE operation_id = ? ORDER BY log_id, size`),
      cpsOfLog: this.db.prepare(`SELECT json FROM log_checkpoints WHERE operation_id = ? AND log_id = ? ORDER BY size`),
    };
  }

  appendEntry(r: EntryRow): Promise<void> {
    try {
      this.s.insert.run(r.operationId, r.logId, r.seq, r.entryId, r.loggedAtMs, r.hash, r.json);
      return Promise.resolve();
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return Promise.reject(new SeqTaken(r.logId, r.seq));
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  entries(operationId: string, logId?: string): Promise<StoredEntry[]> {
    const rows = (logId === undefined ? this.s.all.all(operationId) : this.s.ofLog.all(operationId, logId)) as Row[];
    return Promise.resolve(rows.map(rowToEntry));
  }

  entryById(operationId: string, entryId: string): Promise<StoredEntry | null> {
    const r = this.s.byId.get(operationId, entryId) as Row | undefined;
    return Promise.resolve(r ? rowToEntry(r) : null);
  }

  lastEntry(operationId: string, logId: string): Promise<StoredEntry | null> {
    const r = this.s.last.get(operationId, logId) as Row | undefined;
    return Promise.resolve(r ? rowToEntry(r) : null);
  }

  putCheckpoint(cp: Checkpoint): Promise<void> {
    this.s.putCp.run(cp.operationId, cp.logId, cp.size, JSON.stringify(cp));
    return Promise.resolve();
  }

  checkpoints(operationId: string, logId?: string): Promise<Checkpoint[]> {
    const rows = (logId === undefined ? this.s.cps.all(operationId) : this.s.cpsOfLog.all(operationId, logId)) as { json: string }[];
    return Promise.resolve(rows.map((r) => JSON.parse(r.json) as Checkpoint));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
