// The SQLite statements of published plan versions and approvals (see planVersionTypes.ts), shared by the main
// thread and the writer thread. The schema is idempotent and run on every open, after the store's own migrations;
// both tables are append-only in the file itself (triggers refuse UPDATE and DELETE).

export const PLAN_VERSIONS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS plan_versions (
    operation_id TEXT NOT NULL, version INTEGER NOT NULL, operation_name TEXT NOT NULL, published_by TEXT NOT NULL,
    published_ms INTEGER NOT NULL, note TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (operation_id, version));
  CREATE TABLE IF NOT EXISTS plan_approvals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, operation_id TEXT NOT NULL, version INTEGER NOT NULL,
    approved_by TEXT NOT NULL, rank TEXT, at_ms INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS plan_approvals_op ON plan_approvals (operation_id, version, seq);
  CREATE TRIGGER IF NOT EXISTS plan_versions_no_update BEFORE UPDATE ON plan_versions
    BEGIN SELECT RAISE(ABORT, 'plan_versions is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS plan_versions_no_delete BEFORE DELETE ON plan_versions
    BEGIN SELECT RAISE(ABORT, 'plan_versions is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS plan_approvals_no_update BEFORE UPDATE ON plan_approvals
    BEGIN SELECT RAISE(ABORT, 'plan_approvals is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS plan_approvals_no_delete BEFORE DELETE ON plan_approvals
    BEGIN SELECT RAISE(ABORT, 'plan_approvals is append-only'); END;
`;

/** Run by the writer thread (by name, like WRITES). */
export const PLAN_VERSION_WRITES = {
  insertPlanVersion: `INSERT INTO plan_versions (operation_id, version, operation_name, published_by, published_ms, note, json)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
  insertPlanApproval: `INSERT INTO plan_approvals (operation_id, version, approved_by, rank, at_ms) VALUES (?, ?, ?, ?, ?)`,
};

/** Read on the main thread. */
export const PLAN_VERSION_READS = {
  lastVersion: `SELECT COALESCE(MAX(version), 0) AS last FROM plan_versions WHERE operation_id = ?`,
  versions: `SELECT operation_id, version, operation_name, published_by, published_ms, note FROM plan_versions
    WHERE operation_id = ? ORDER BY version`,
  version: `SELECT operation_id, version, operation_name, published_by, published_ms, note, json FROM plan_versions
    WHERE operation_id = ? AND version = ?`,
  approvals: `SELECT version, approved_by, rank, at_ms FROM plan_approvals WHERE operation_id = ? ORDER BY seq`,
};
