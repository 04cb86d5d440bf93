/**
 * Every statement of the PostgreSQL store, in one place. Names are unqualified: the store sets its schema as the
 * connection's search_path, so that several Cordon deployments (or tests) can share one database.
 */

export const PG_SCHEMA_VERSION = 1;

/** Serialises schema creation between server processes starting at once (pg_advisory_xact_lock key). */
export const SCHEMA_LOCK = `SELECT pg_advisory_xact_lock(hashtext('cordon.schema:' || $1::text))`;
/** Serialises creating partitions (CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator). */
export const PARTITION_LOCK = `SELECT pg_advisory_xact_lock(hashtext('cordon.partition:' || current_schema()))`;

export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS cordon_meta (key text PRIMARY KEY, value text NOT NULL);

  -- Position history: partitioned by day on report time (partitions made on demand, see partitionSql), the DEFAULT
  -- partition a safety net for reports whose day has none. lon/lat as columns so that "who was inside this area
  -- between these times" can be asked with an index; seq orders reports of the same time as they were stored.
  CREATE TABLE IF NOT EXISTS positions (
    operation_id text NOT NULL, unit_id text NOT NULL, time_ms bigint NOT NULL, seq bigserial NOT NULL,
    lon double precision NOT NULL, lat double precision NOT NULL, json jsonb NOT NULL
  ) PARTITION BY RANGE (time_ms);
  CREATE TABLE IF NOT EXISTS positions_default PARTITION OF positions DEFAULT;
  CREATE INDEX IF NOT EXISTS positions_op_time ON positions (operation_id, time_ms, seq);
  CREATE INDEX IF NOT EXISTS positions_op_unit_time ON positions (operation_id, unit_id, time_ms, seq);

  CREATE TABLE IF NOT EXISTS latest (
    operation_id text NOT NULL, unit_id text NOT NULL, time_ms bigint NOT NULL, json jsonb NOT NULL,
    PRIMARY KEY (operation_id, unit_id));

  CREATE TABLE IF NOT EXISTS alerts (
    operation_id text NOT NULL, id text NOT NULL, open boolean NOT NULL, version_ms bigint NOT NULL, json jsonb NOT NULL,
    PRIMARY KEY (operation_id, id));
  -- Every server process saves the alert versions it computes; the unique key keeps each version once.
  CREATE TABLE IF NOT EXISTS alert_log (
    seq bigserial PRIMARY KEY, operation_id text NOT NULL, id text NOT NULL, at_ms bigint NOT NULL,
    version_key text NOT NULL, json jsonb NOT NULL, UNIQUE (operation_id, id, version_key));
  CREATE INDEX IF NOT EXISTS alert_log_op_time ON alert_log (operation_id, at_ms, seq);

  CREATE TABLE IF NOT EXISTS emergencies (
    operation_id text NOT NULL, unit_id text NOT NULL, cleared boolean NOT NULL, json jsonb NOT NULL,
    PRIMARY KEY (operation_id, unit_id));

  CREATE TABLE IF NOT EXISTS plans (operation_id text PRIMARY KEY, published_ms bigint NOT NULL, json jsonb NOT NULL);

  CREATE TABLE IF NOT EXISTS operations (
    id text PRIMARY KEY, state text NOT NULL CHECK (state IN ('open', 'closed', 'archived')), created_ms bigint NOT NULL,
    closed_ms bigint, legal_hold boolean NOT NULL DEFAULT false, legal_hold_by text, legal_hold_reason text);

  CREATE TABLE IF NOT EXISTS retention_log (
    seq bigserial PRIMARY KEY, at_ms bigint NOT NULL, operation_id text NOT NULL, action text NOT NULL,
    by_user text NOT NULL, detail text NOT NULL);
  CREATE INDEX IF NOT EXISTS retention_log_op ON retention_log (operation_id, seq);
  CREATE OR REPLACE FUNCTION cordon_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
  CREATE OR REPLACE TRIGGER retention_log_append_only BEFORE UPDATE OR DELETE ON retention_log
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER retention_log_no_truncate BEFORE TRUNCATE ON retention_log
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
`;

export const SQL = {
  schemaVersion: `SELECT value FROM cordon_meta WHERE key = 'schemaVersion'`,
  setSchemaVersion: `INSERT INTO cordon_meta (key, value) VALUES ('schemaVersion', $1)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  partitions: `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'positions'::regclass`,

  ensureOperation: `INSERT INTO operations (id, state, created_ms) VALUES ($1, 'open', $2) ON CONFLICT (id) DO NOTHING`,
  upsertAlert: `INSERT INTO alerts (operation_id, id, open, version_ms, json) VALUES ($1, $2, $3, $4, $5::jsonb)
    ON CONFLICT (operation_id, id) DO UPDATE SET open = excluded.open, version_ms = excluded.version_ms, json = excluded.json
    WHERE excluded.version_ms >= alerts.version_ms`,
  logAlert: `INSERT INTO alert_log (operation_id, id, at_ms, version_key, json) VALUES ($1, $2, $3, $4, $5::jsonb)
    ON CONFLICT (operation_id, id, version_key) DO NOTHING`,
  putEmergency: `INSERT INTO emergencies (operation_id, unit_id, cleared, json) VALUES ($1, $2, $3, $4::jsonb)
    ON CONFLICT (operation_id, unit_id) DO UPDATE SET cleared = excluded.cleared, json = excluded.json`,
  putPlan: `INSERT INTO plans (operation_id, published_ms, json) VALUES ($1, $2, $3::jsonb)
    ON CONFLICT (operation_id) DO UPDATE SET published_ms = excluded.published_ms, json = excluded.json`,
  operationForUpdate: `SELECT * FROM operations WHERE id = $1 FOR UPDATE`,
  putOperation: `INSERT INTO operations (id, state, created_ms, closed_ms, legal_hold, legal_hold_by, legal_hold_reason)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (id) DO UPDATE SET state = excluded.state, closed_ms = excluded.closed_ms, legal_hold = excluded.legal_hold,
      legal_hold_by = excluded.legal_hold_by, legal_hold_reason = excluded.legal_hold_reason`,
  logRetention: `INSERT INTO retention_log (at_ms, operation_id, action, by_user, detail) VALUES ($1, $2, $3, $4, $5)`,
  // Retention: checked again inside the deleting transaction (and the row locked), so that a hold set meanwhile wins.
  sweepable: `SELECT 1 FROM operations WHERE id = $1 AND state <> 'open' AND NOT legal_hold AND closed_ms < $2 FOR UPDATE`,
  deletePositions: `DELETE FROM positions WHERE operation_id = $1`,
  deleteAlertLog: `DELETE FROM alert_log WHERE operation_id = $1`,

  latest: `SELECT json FROM latest WHERE operation_id = $1`,
  pageAll: `SELECT seq, time_ms, json FROM positions
    WHERE operation_id = $1 AND time_ms BETWEEN $2 AND $3 AND (time_ms, seq) > ($4, $5)
    ORDER BY time_ms, seq LIMIT $6`,
  pageUnits: `SELECT seq, time_ms, json FROM positions
    WHERE operation_id = $1 AND time_ms BETWEEN $2 AND $3 AND (time_ms, seq) > ($4, $5) AND unit_id = ANY($7::text[])
    ORDER BY time_ms, seq LIMIT $6`,
  openAlerts: `SELECT json FROM alerts WHERE operation_id = $1 AND open`,
  alertsBefore: `SELECT json FROM (
      SELECT DISTINCT ON (id) json, at_ms, seq FROM alert_log WHERE operation_id = $1 AND at_ms < $2 ORDER BY id, at_ms DESC, seq DESC
    ) v ORDER BY at_ms, seq`,
  alertsInWindow: `SELECT json FROM alert_log WHERE operation_id = $1 AND at_ms BETWEEN $2 AND $3 ORDER BY at_ms, seq LIMIT $4`,
  activeEmergencies: `SELECT json FROM emergencies WHERE operation_id = $1 AND NOT cleared`,
  plan: `SELECT json FROM plans WHERE operation_id = $1`,
  operation: `SELECT * FROM operations WHERE id = $1`,
  operations: `SELECT * FROM operations ORDER BY created_ms, id`,
  sweepCandidates: `SELECT id FROM operations WHERE state <> 'open' AND NOT legal_hold AND closed_ms < $1 ORDER BY id`,
  retentionLog: `SELECT at_ms, operation_id, action, by_user, detail FROM retention_log ORDER BY seq`,
  retentionLogOf: `SELECT at_ms, operation_id, action, by_user, detail FROM retention_log WHERE operation_id = $1 ORDER BY seq`,
} as const;

const DAY_MS = 86_400_000;

/** The day partition holding `timeMs` (UTC days): its name and the statement that makes it. */
export function partitionSql(timeMs: number): { day: number; name: string; create: string } {
  const day = Math.floor(timeMs / DAY_MS);
  const name = `positions_${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;
  const create = `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF positions FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`;
  return { day, name, create };
}

export const dayOf = (timeMs: number) => Math.floor(timeMs / DAY_MS);
