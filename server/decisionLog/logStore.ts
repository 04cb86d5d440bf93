/**
 * Where the decision logs and the control-room log are kept: append-only in the store itself. The SQL engines refuse
 * UPDATE and DELETE on these tables with triggers, so that not even a bug (or a person with the server's database
 * login) can rewrite a log through the engine; what is changed behind the engine's back (the file edited) is caught by
 * the hashes and signed checkpoints (shared/decisionLog/verify.ts).
 *
 * Each entry is kept as the exact JSON text that was hashed (not re-encoded), with its hash beside it. Implemented by
 * each Store (memory, SQLite, PostgreSQL) as `store.appendLogs`; the conformance suite is appendLogs.suite.ts.
 */
import type { Checkpoint, StoredEntry } from '../../shared/decisionLog';

export interface EntryRow {
  operationId: string;
  logId: string;
  seq: number;
  entryId: string;
  loggedAtMs: number;
  hash: string;
  /** The entry's JSON text. */
  json: string;
}

/** An append lost a race for its sequence number (another server process wrote that number first). */
export class SeqTaken extends Error {
  constructor(logId: string, seq: number) {
    super(`entry #${seq} of ${logId} was written by someone else first`);
  }
}

export interface AppendLogStore {
  /**
   * Adds the row; durable on resolve. Rejects with SeqTaken when (operation, log, seq) is already there, and with an
   * error when the entry id is (callers look the id up first: resending is answered with what is stored).
   */
  appendEntry(row: EntryRow): Promise<void>;
  /** Entries of an operation (one log, or all logs), by log then sequence number. */
  entries(operationId: string, logId?: string): Promise<StoredEntry[]>;
  entryById(operationId: string, entryId: string): Promise<StoredEntry | null>;
  /** The log's last entry, or null when it has none. */
  lastEntry(operationId: string, logId: string): Promise<StoredEntry | null>;
  putCheckpoint(cp: Checkpoint): Promise<void>;
  checkpoints(operationId: string, logId?: string): Promise<Checkpoint[]>;
}

/**
 * A stored row back as an entry. A row whose text no longer parses (changed on disk) still comes back, with what the
 * columns say, so that the verifier names it rather than it silently disappearing from the log.
 */
export function rowToEntry(r: { operation_id: string; log_id: string; seq: number | string; hash: string; json: string }): StoredEntry {
  try {
    const entry = JSON.parse(r.json) as unknown;
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) return { entry: entry as Record<string, unknown>, hash: r.hash };
  } catch {
    // fall through
  }
  return { entry: { operationId: r.operation_id, logId: r.log_id, seq: Number(r.seq), unreadable: r.json }, hash: r.hash };
}

/** SQLite (and, in spirit, PostgreSQL) tables of the logs; run on every open, after the store's own schema step. */
export const SQLITE_APPEND_LOG_SCHEMA = `
  CREATE TABLE IF NOT EXISTS log_entries (
    operation_id TEXT NOT NULL, log_id TEXT NOT NULL, seq INTEGER NOT NULL, entry_id TEXT NOT NULL,
    logged_ms INTEGER NOT NULL, hash TEXT NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (operation_id, log_id, seq), UNIQUE (operation_id, entry_id));
  CREATE TABLE IF NOT EXISTS log_checkpoints (
    operation_id TEXT NOT NULL, log_id TEXT NOT NULL, size INTEGER NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (operation_id, log_id, size));
  CREATE TRIGGER IF NOT EXISTS log_entries_no_update BEFORE UPDATE ON log_entries
    BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS log_entries_no_delete BEFORE DELETE ON log_entries
    BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
    BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
    BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
`;

/** PostgreSQL: the same tables; cordon_append_only() also refuses TRUNCATE. Idempotent, run on every open. */
export const PG_APPEND_LOG_SCHEMA = `
  CREATE TABLE IF NOT EXISTS log_entries (
    operation_id text NOT NULL, log_id text NOT NULL, seq integer NOT NULL, entry_id text NOT NULL,
    logged_ms bigint NOT NULL, hash text NOT NULL, json text NOT NULL,
    PRIMARY KEY (operation_id, log_id, seq), UNIQUE (operation_id, entry_id));
  CREATE TABLE IF NOT EXISTS log_checkpoints (
    operation_id text NOT NULL, log_id text NOT NULL, size integer NOT NULL, json text NOT NULL,
    PRIMARY KEY (operation_id, log_id, size));
  CREATE OR REPLACE FUNCTION cordon_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
  CREATE OR REPLACE TRIGGER log_entries_append_only BEFORE UPDATE OR DELETE ON log_entries
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER log_checkpoints_append_only BEFORE UPDATE OR DELETE ON log_checkpoints
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER log_checkpoints_no_truncate BEFORE TRUNCATE ON log_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
`;
