// Every statement of the SQLite store, in one place: the schema and its migrations, and the statements the main
// thread (sqliteStore.ts), the writer thread (sqliteWriter.mjs) and the reader thread (sqliteReader.mjs) run.
// Plain JavaScript so that the worker threads can import it under tsx, vitest and plain node alike (types: sqliteSql.d.mts).

export const SCHEMA_VERSION = 2;

/** Version 1, as the first servers wrote it: a file with no schema version starts here. */
const V1 = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS positions (
    operation_id TEXT NOT NULL, unit_id TEXT NOT NULL, time_ms INTEGER NOT NULL, json TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS positions_op_time ON positions (operation_id, time_ms);
  CREATE INDEX IF NOT EXISTS positions_op_unit_time ON positions (operation_id, unit_id, time_ms);
  CREATE TABLE IF NOT EXISTS latest (
    operation_id TEXT NOT NULL, unit_id TEXT NOT NULL, time_ms INTEGER NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (operation_id, unit_id)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS alerts (
    operation_id TEXT NOT NULL, id TEXT NOT NULL, open INTEGER NOT NULL, updated_ms INTEGER NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (operation_id, id)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS alert_log (
    operation_id TEXT NOT NULL, id TEXT NOT NULL, at_ms INTEGER NOT NULL, json TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS alert_log_op_time ON alert_log (operation_id, at_ms);
  CREATE TABLE IF NOT EXISTS plans (operation_id TEXT PRIMARY KEY, published_ms INTEGER NOT NULL, json TEXT NOT NULL);
`;

/**
 * Migrations: MIGRATIONS[n] takes a version n-1 file to version n, inside one transaction. Append only: a released
 * migration is never edited.
 */
export const MIGRATIONS = {
  // 2: emergencies, operations and their lifecycle, the append-only retention log, idempotent alert versions.
  // Operations a version-1 file has data of become known as open (their creation time: the migration's).
  2: `
    ALTER TABLE alert_log ADD COLUMN version_key TEXT;
    CREATE UNIQUE INDEX IF NOT EXISTS alert_log_version ON alert_log (operation_id, id, version_key);
    CREATE TABLE IF NOT EXISTS emergencies (
      operation_id TEXT NOT NULL, unit_id TEXT NOT NULL, cleared INTEGER NOT NULL, json TEXT NOT NULL,
      PRIMARY KEY (operation_id, unit_id)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS operations (
      id TEXT PRIMARY KEY, state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'archived')), created_ms INTEGER NOT NULL,
      closed_ms INTEGER, legal_hold INTEGER NOT NULL DEFAULT 0, legal_hold_by TEXT, legal_hold_reason TEXT) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS retention_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, operation_id TEXT NOT NULL, action TEXT NOT NULL,
      by_user TEXT NOT NULL, detail TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS retention_log_op ON retention_log (operation_id, seq);
    CREATE TRIGGER IF NOT EXISTS retention_log_no_update BEFORE UPDATE ON retention_log
      BEGIN SELECT RAISE(ABORT, 'retention_log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS retention_log_no_delete BEFORE DELETE ON retention_log
      BEGIN SELECT RAISE(ABORT, 'retention_log is append-only'); END;
    INSERT OR IGNORE INTO operations (id, state, created_ms, legal_hold)
      SELECT operation_id, 'open', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 0
      FROM (SELECT operation_id FROM plans UNION SELECT operation_id FROM latest UNION SELECT operation_id FROM alerts
            UNION SELECT DISTINCT operation_id FROM positions);
  `,
};

/** Brings a connection's file to SCHEMA_VERSION; returns the version it found (0: a new file). */
export function migrate(db) {
  db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'schemaVersion'`).get();
  const found = row ? Number(row.value) : 0;
  if (found > SCHEMA_VERSION) throw new Error(`written by a newer server (schema ${found}); refusing to open it`);
  if (found === SCHEMA_VERSION) return found;
  db.transaction(() => {
    if (found < 1) db.exec(V1);
    for (let v = Math.max(found, 1) + 1; v <= SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('schemaVersion', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(SCHEMA_VERSION));
  }).immediate();
  return found;
}

/** The version-1 schema, for tests that make an old file. */
export const SCHEMA_V1 = V1;

/** Statements the writer thread runs, by name (the main thread sends names and parameters). */
export const WRITES = {
  insertPosition: `INSERT INTO positions (operation_id, unit_id, time_ms, json) VALUES (?, ?, ?, ?)`,
  upsertLatest: `INSERT INTO latest (operation_id, unit_id, time_ms, json) VALUES (?, ?, ?, ?)
    ON CONFLICT (operation_id, unit_id) DO UPDATE SET time_ms = excluded.time_ms, json = excluded.json
    WHERE excluded.time_ms >= latest.time_ms`,
  ensureOperation: `INSERT INTO operations (id, state, created_ms, legal_hold) VALUES (?, 'open', ?, 0) ON CONFLICT (id) DO NOTHING`,
  // The current state moves to a newer version only (an older one arriving late is logged, not made current).
  upsertAlert: `INSERT INTO alerts (operation_id, id, open, updated_ms, json) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (operation_id, id) DO UPDATE SET open = excluded.open, updated_ms = excluded.updated_ms, json = excluded.json
    WHERE excluded.updated_ms >= alerts.updated_ms`,
  logAlert: `INSERT INTO alert_log (operation_id, id, at_ms, version_key, json) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (operation_id, id, version_key) DO NOTHING`,
  putEmergency: `INSERT INTO emergencies (operation_id, unit_id, cleared, json) VALUES (?, ?, ?, ?)
    ON CONFLICT (operation_id, unit_id) DO UPDATE SET cleared = excluded.cleared, json = excluded.json`,
  putPlan: `INSERT INTO plans (operation_id, published_ms, json) VALUES (?, ?, ?)
    ON CONFLICT (operation_id) DO UPDATE SET published_ms = excluded.published_ms, json = excluded.json`,
  putOperation: `INSERT INTO operations (id, state, created_ms, closed_ms, legal_hold, legal_hold_by, legal_hold_reason)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET state = excluded.state, closed_ms = excluded.closed_ms, legal_hold = excluded.legal_hold,
      legal_hold_by = excluded.legal_hold_by, legal_hold_reason = excluded.legal_hold_reason`,
  logRetention: `INSERT INTO retention_log (at_ms, operation_id, action, by_user, detail) VALUES (?, ?, ?, ?, ?)`,
  // Retention: checked again inside the deleting transaction, so that a hold set meanwhile wins.
  sweepable: `SELECT 1 AS ok FROM operations WHERE id = ? AND state <> 'open' AND legal_hold = 0 AND closed_ms < ?`,
  deletePositions: `DELETE FROM positions WHERE operation_id = ?`,
  deleteAlertLog: `DELETE FROM alert_log WHERE operation_id = ?`,
};

/** Reads on the main thread's connection (small results). */
export const READS = {
  latest: `SELECT json FROM latest WHERE operation_id = ?`,
  openAlerts: `SELECT json FROM alerts WHERE operation_id = ? AND open = 1`,
  alertsBefore: `SELECT json FROM alert_log WHERE rowid IN (
      SELECT MAX(rowid) FROM alert_log WHERE operation_id = ? AND at_ms < ? GROUP BY id) ORDER BY at_ms, rowid`,
  alertsInWindow: `SELECT json FROM alert_log WHERE operation_id = ? AND at_ms BETWEEN ? AND ? ORDER BY at_ms, rowid LIMIT ?`,
  activeEmergencies: `SELECT json FROM emergencies WHERE operation_id = ? AND cleared = 0`,
  plan: `SELECT json FROM plans WHERE operation_id = ?`,
  operation: `SELECT * FROM operations WHERE id = ?`,
  operations: `SELECT * FROM operations ORDER BY created_ms, id`,
  sweepCandidates: `SELECT id FROM operations WHERE state <> 'open' AND legal_hold = 0 AND closed_ms < ? ORDER BY id`,
  retentionLog: `SELECT at_ms, operation_id, action, by_user, detail FROM retention_log ORDER BY seq`,
  retentionLogOf: `SELECT at_ms, operation_id, action, by_user, detail FROM retention_log WHERE operation_id = ? ORDER BY seq`,
};

/**
 * History pages, on the reader thread. The cursor is (time_ms, rowid); every index ends in the rowid, so the
 * (operation_id, time_ms) index returns rows in page order. Parameters: operation, lower time (max of from and the
 * cursor's), to, cursor time, cursor rowid, limit (and the unit ids as a JSON array).
 */
export const PAGE = {
  all: `SELECT rowid AS seq, time_ms, json FROM positions
    WHERE operation_id = ? AND time_ms BETWEEN ? AND ? AND (time_ms > ? OR rowid > ?)
    ORDER BY time_ms, rowid LIMIT ?`,
  units: `SELECT rowid AS seq, time_ms, json FROM positions
    WHERE operation_id = ? AND time_ms BETWEEN ? AND ? AND (time_ms > ? OR rowid > ?)
      AND unit_id IN (SELECT value FROM json_each(?))
    ORDER BY time_ms, rowid LIMIT ?`,
  // A few units (one unit's track, a serial's): their own index ranges and a sort of their rows, rather than walking
  // every unit's rows of the window in time order. Same parameters as `units`.
  fewUnits: `SELECT rowid AS seq, time_ms, json FROM positions INDEXED BY positions_op_unit_time
    WHERE operation_id = ? AND time_ms BETWEEN ? AND ? AND (time_ms > ? OR rowid > ?)
      AND unit_id IN (SELECT value FROM json_each(?))
    ORDER BY time_ms, rowid LIMIT ?`,
};

/** Up to this many unit ids, a page reads by the unit index (PAGE.fewUnits). */
export const FEW_UNITS = 32;
