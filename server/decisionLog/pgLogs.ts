/** The PostgreSQL log store (PgStore.appendLogs): shared by every server process, so the sequence number is the race. */
import type pg from 'pg';
import type { Checkpoint, StoredEntry } from '../../shared/decisionLog';
import { PG_APPEND_LOG_SCHEMA, rowToEntry, SeqTaken, type AppendLogStore, type EntryRow } from './logStore';

type Row = { operation_id: string; log_id: string; seq: number; hash: string; json: string };
const COLS = 'operation_id, log_id, seq, hash, json';

export class PgAppendLogs implements AppendLogStore {
  constructor(private readonly pool: pg.Pool) {}

  /** The tables and triggers (idempotent; the caller holds the schema lock). */
  static schema(c: pg.PoolClient): Promise<unknown> {
    return c.query(PG_APPEND_LOG_SCHEMA);
  }

  async appendEntry(r: EntryRow): Promise<void> {
    try {
      await this.pool.query(`INSERT INTO log_entries (operation_id, log_id, seq, entry_id, logged_ms, hash, json) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        r.operationId,
        r.logId,
        r.seq,
        r.entryId,
        r.loggedAtMs,
        r.hash,
        r.json,
      ]);
    } catch (e) {
      const pe = e as { code?: string; constraint?: string };
      if (pe.code === '23505' && pe.constraint === 'log_entries_pkey') throw new SeqTaken(r.logId, r.seq);
      throw e;
    }
  }

  async entries(operationId: string, logId?: string): Promise<StoredEntry[]> {
    const { rows } =
      logId === undefined
        ? await this.pool.query<Row>(`SELECT ${COLS} FROM log_entries WHERE operation_id = $1 ORDER BY log_id COLLATE "C", seq`, [operationId])
        : await this.pool.query<Row>(`SELECT ${COLS} FROM log_entries WHERE operation_id = $1 AND log_id = $2 ORDER BY seq`, [operationId, logId]);
    return rows.map(rowToEntry);
  }

  async entryById(operationId: string, entryId: string): Promise<StoredEntry | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLS} FROM log_entries WHERE operation_id = $1 AND entry_id = $2`, [operationId, entryId]);
    return rows[0] ? rowToEntry(rows[0]) : null;
  }

  async lastEntry(operationId: string, logId: string): Promise<StoredEntry | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLS} FROM log_entries WHERE operation_id = $1 AND log_id = $2 ORDER BY seq DESC LIMIT 1`, [
      operationId,
      logId,
    ]);
    return rows[0] ? rowToEntry(rows[0]) : null;
  }

  async putCheckpoint(cp: Checkpoint): Promise<void> {
    await this.pool.query(`INSERT INTO log_checkpoints (operation_id, log_id, size, json) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      cp.operationId,
      cp.logId,
      cp.size,
      JSON.stringify(cp),
    ]);
  }

  async checkpoints(operationId: string, logId?: string): Promise<Checkpoint[]> {
    const { rows } =
      logId === undefined
        ? await this.pool.query<{ json: string }>(`SELECT json FROM log_checkpoints WHERE operation_id = $1 ORDER BY log_id COLLATE "C", size`, [operationId])
        : await this.pool.query<{ json: string }>(`SELECT json FROM log_checkpoints WHERE operation_id = $1 AND log_id = $2 ORDER BY size`, [
            operationId,
            logId,
          ]);
    return rows.map((r) => JSON.parse(r.json) as Checkpoint);
  }
}
