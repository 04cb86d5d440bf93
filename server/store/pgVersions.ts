/**
 * Plan versions in PostgreSQL (PgStore.versions), shared by every server process on the database. The next number
 * is taken inside the inserting transaction under a per-operation advisory lock, so two processes publishing at once
 * get consecutive numbers (the primary key backs that up). Both tables are append-only (triggers).
 */
import type pg from 'pg';
import { OperationBundle } from '../../shared/domain';
import type { PlanVersionInfo } from '../../shared/protocol';
import { unknownVersion, versionInfo, type ApproveVersion, type PlanVersionStore, type PublishVersion } from './planVersionTypes';

/** Idempotent; run on every open after the store's schema step (needs its cordon_append_only() function). */
export const PG_PLAN_VERSIONS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS plan_versions (
    operation_id text NOT NULL, version integer NOT NULL, operation_name text NOT NULL, published_by text NOT NULL,
    published_ms bigint NOT NULL, note text NOT NULL, json jsonb NOT NULL, PRIMARY KEY (operation_id, version));
  CREATE TABLE IF NOT EXISTS plan_approvals (
    seq bigserial PRIMARY KEY, operation_id text NOT NULL, version integer NOT NULL, approved_by text NOT NULL,
    rank text, at_ms bigint NOT NULL);
  CREATE INDEX IF NOT EXISTS plan_approvals_op ON plan_approvals (operation_id, version, seq);
  CREATE OR REPLACE TRIGGER plan_versions_append_only BEFORE UPDATE OR DELETE ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER plan_versions_no_truncate BEFORE TRUNCATE ON plan_versions
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER plan_approvals_append_only BEFORE UPDATE OR DELETE ON plan_approvals
    FOR EACH ROW EXECUTE FUNCTION cordon_append_only();
  CREATE OR REPLACE TRIGGER plan_approvals_no_truncate BEFORE TRUNCATE ON plan_approvals
    FOR EACH STATEMENT EXECUTE FUNCTION cordon_append_only();
`;

const SQL = {
  lock: `SELECT pg_advisory_xact_lock(hashtext('cordon.planVersion:' || $1::text))`,
  ensureOperation: `INSERT INTO operations (id, state, created_ms) VALUES ($1, 'open', $2) ON CONFLICT (id) DO NOTHING`,
  insert: `INSERT INTO plan_versions (operation_id, version, operation_name, published_by, published_ms, note, json)
    SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6::jsonb FROM plan_versions WHERE operation_id = $1
    RETURNING version`,
  versions: `SELECT operation_id, version, operation_name, published_by, published_ms, note FROM plan_versions
    WHERE operation_id = $1 ORDER BY version`,
  version: `SELECT operation_id, version, operation_name, published_by, published_ms, note, json FROM plan_versions
    WHERE operation_id = $1 AND version = $2`,
  approvals: `SELECT version, approved_by, rank, at_ms FROM plan_approvals WHERE operation_id = $1 ORDER BY seq`,
  approve: `INSERT INTO plan_approvals (operation_id, version, approved_by, rank, at_ms) VALUES ($1, $2, $3, $4, $5)`,
};

type VersionRow = { operation_id: string; version: number; operation_name: string; published_by: string; published_ms: string; note: string };
type ApprovalRow = { version: number; approved_by: string; rank: string | null; at_ms: string };
export type PgWrite = <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>;

const fromRow = (r: VersionRow) => ({
  operationId: r.operation_id,
  version: Number(r.version),
  operationName: r.operation_name,
  publishedBy: r.published_by,
  publishedAtMs: Number(r.published_ms),
  note: r.note,
});
const approvalOf = (r: ApprovalRow | undefined) => (r ? { approvedBy: r.approved_by, rank: r.rank, atMs: Number(r.at_ms) } : null);

export class PgVersions implements PlanVersionStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly write: PgWrite,
  ) {}

  private async latestApprovals(operationId: string): Promise<Map<number, ApprovalRow>> {
    const m = new Map<number, ApprovalRow>();
    for (const r of (await this.pool.query<ApprovalRow>(SQL.approvals, [operationId])).rows) m.set(Number(r.version), r);
    return m;
  }

  async publish(v: PublishVersion): Promise<PlanVersionInfo> {
    const version = await this.write(async (c) => {
      await c.query(SQL.lock, [v.operationId]);
      await c.query(SQL.ensureOperation, [v.operationId, v.atMs]);
      const r = await c.query<{ version: number }>(SQL.insert, [v.operationId, v.plan.operation.name, v.publishedBy, v.atMs, v.note, JSON.stringify(v.plan)]);
      return Number(r.rows[0]!.version);
    });
    const row = { operationId: v.operationId, version, operationName: v.plan.operation.name, publishedBy: v.publishedBy, publishedAtMs: v.atMs, note: v.note };
    return versionInfo(row, null);
  }

  async list(operationId: string): Promise<PlanVersionInfo[]> {
    const [approvals, rows] = await Promise.all([this.latestApprovals(operationId), this.pool.query<VersionRow>(SQL.versions, [operationId])]);
    return rows.rows.map((r) => versionInfo(fromRow(r), approvalOf(approvals.get(Number(r.version)))));
  }

  async get(operationId: string, version: number): Promise<{ info: PlanVersionInfo; plan: OperationBundle } | null> {
    const r = (await this.pool.query<VersionRow & { json: unknown }>(SQL.version, [operationId, version])).rows[0];
    if (!r) return null;
    const approvals = await this.latestApprovals(operationId);
    return { info: versionInfo(fromRow(r), approvalOf(approvals.get(version))), plan: OperationBundle.parse(r.json) };
  }

  async approve(a: ApproveVersion): Promise<PlanVersionInfo> {
    const r = (await this.pool.query<VersionRow>(SQL.version, [a.operationId, a.version])).rows[0];
    if (!r) throw unknownVersion(a.operationId, a.version);
    await this.write(async (c) => {
      await c.query(SQL.approve, [a.operationId, a.version, a.approvedBy, a.rank ?? null, a.atMs]);
    });
    return versionInfo(fromRow(r), { approvedBy: a.approvedBy, rank: a.rank ?? null, atMs: a.atMs });
  }
}
