/**
 * The accounts tables, for SQLite and PostgreSQL: idempotent (IF NOT EXISTS), run on every open after the store's own
 * schema step, so no schema version is bumped. The audit log refuses UPDATE and DELETE in the engine itself (triggers),
 * so not even a bug in our code (or a hand-typed statement) can rewrite what an inquiry will read.
 */

export const SQLITE_ACCOUNTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, user_name TEXT NOT NULL, name TEXT NOT NULL, collar TEXT NOT NULL, rank TEXT NOT NULL,
    enabled INTEGER NOT NULL, admin INTEGER NOT NULL, password_hash TEXT, external_id TEXT, created_ms INTEGER NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS accounts_user_name ON accounts (lower(user_name));
  CREATE UNIQUE INDEX IF NOT EXISTS accounts_external_id ON accounts (external_id) WHERE external_id IS NOT NULL;
  CREATE TABLE IF NOT EXISTS account_roles (
    user_id TEXT NOT NULL, operation_id TEXT NOT NULL, roles TEXT NOT NULL, PRIMARY KEY (user_id, operation_id)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS account_sessions (
    id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, workstation TEXT,
    created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL, revoked_ms INTEGER);
  CREATE INDEX IF NOT EXISTS account_sessions_user ON account_sessions (user_id);
  CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, event_ms INTEGER NOT NULL, logged_ms INTEGER NOT NULL, user_label TEXT NOT NULL,
    user_id TEXT, workstation TEXT, action TEXT NOT NULL, object TEXT NOT NULL, operation_id TEXT,
    result TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'failed')), detail TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS audit_log_event ON audit_log (event_ms);
  CREATE INDEX IF NOT EXISTS audit_log_op ON audit_log (operation_id, event_ms);
  CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TABLE IF NOT EXISTS audit_receipts (key TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TRIGGER IF NOT EXISTS audit_receipts_no_update BEFORE UPDATE ON audit_receipts
    BEGIN SELECT RAISE(ABORT, 'audit_receipts is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS audit_receipts_no_delete BEFORE DELETE ON audit_receipts
    BEGIN SELECT RAISE(ABORT, 'audit_receipts is append-only'); END;
`;

export const PG_ACCOUNTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS accounts (
    id text PRIMARY KEY, user_name text NOT NULL, name text NOT NULL, collar text NOT NULL, rank text NOT NULL,
    enabled boolean NOT NULL, admin boolean NOT NULL, password_hash text, external_id text, created_ms bigint NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS accounts_user_name ON accounts (lower(user_name));
  CREATE UNIQUE INDEX IF NOT EXISTS accounts_external_id ON accounts (external_id) WHERE external_id IS NOT NULL;
  CREATE TABLE IF NOT EXISTS account_roles (
    user_id text NOT NULL, operation_id text NOT NULL, roles text[] NOT NULL, PRIMARY KEY (user_id, operation_id));
  CREATE TABLE IF NOT EXISTS account_sessions (
    id text PRIMARY KEY, token_hash text NOT NULL UNIQUE, user_id text NOT NULL, workstation text,
    created_ms bigint NOT NULL, expires_ms bigint NOT NULL, revoked_ms bigint);
  CREATE INDEX IF NOT EXISTS account_sessions_user ON account_sessions (user_id);
  CREATE TABLE IF NOT EXISTS audit_log (
    seq bigserial PRIMARY KEY, event_ms bigint NOT NULL, logged_ms bigint NOT NULL, user_label text NOT NULL,
    user_id text, workstation text, action text NOT NULL, object text NOT NULL, operation_id text,
    result text NOT NULL CHECK (result IN ('ok', 'refused', 'failed')), detail text NOT NULL);
  CREATE INDEX IF NOT EXISTS audit_log_event ON audit_log (event_ms);
  CREATE INDEX IF NOT EXISTS audit_log_op ON audit_log (operation_id, event_ms);
  CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
  DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
  CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
  DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
  CREATE TABLE IF NOT EXISTS audit_receipts (key text PRIMARY KEY, seq bigint NOT NULL);
  DROP TRIGGER IF EXISTS audit_receipts_no_change ON audit_receipts;
  CREATE TRIGGER audit_receipts_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_receipts
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
`;

/** Rows as both engines hand them back (PostgreSQL: bigints as strings, booleans as booleans). */
export interface AccountRow {
  id: string;
  user_name: string;
  name: string;
  collar: string;
  rank: string;
  enabled: number | boolean;
  admin: number | boolean;
  password_hash: string | null;
  external_id: string | null;
  created_ms: number | string;
}
export interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  workstation: string | null;
  created_ms: number | string;
  expires_ms: number | string;
  revoked_ms: number | string | null;
}
export interface AuditRow {
  seq: number | string;
  event_ms: number | string;
  logged_ms: number | string;
  user_label: string;
  user_id: string | null;
  workstation: string | null;
  action: string;
  object: string;
  operation_id: string | null;
  result: string;
  detail: string;
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

export const accountFromRow = (r: AccountRow) => ({
  id: r.id,
  userName: r.user_name,
  name: r.name,
  collar: r.collar,
  rank: r.rank,
  enabled: Boolean(r.enabled),
  admin: Boolean(r.admin),
  passwordHash: r.password_hash,
  externalId: r.external_id,
  createdAt: iso(r.created_ms),
});

export const sessionFromRow = (r: SessionRow) => ({
  id: r.id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  workstation: r.workstation,
  createdAt: iso(r.created_ms),
  expiresAt: iso(r.expires_ms),
  revokedAt: r.revoked_ms === null ? null : iso(r.revoked_ms),
});

export const auditFromRow = (r: AuditRow) => ({
  seq: Number(r.seq),
  eventTime: iso(r.event_ms),
  loggedAt: iso(r.logged_ms),
  user: r.user_label,
  userId: r.user_id,
  workstation: r.workstation,
  action: r.action,
  object: r.object,
  operationId: r.operation_id,
  result: r.result as 'ok' | 'refused' | 'failed',
  detail: r.detail,
});
