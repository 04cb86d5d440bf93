/**
 * Plan versions in the SQLite file (SqliteStore.versions). Reads on the store's main-thread connection; writes go to
 * the writer thread like every other write (durable on resolve). Publishing reads the last number and writes the next
 * one, so publishes run one at a time (one server process owns a SQLite file; the primary key backs that up).
 */
import type Database from 'better-sqlite3';
import { OperationBundle } from '../../shared/domain';
import type { PlanVersionInfo } from '../../shared/protocol';
import { unknownVersion, versionInfo, type ApproveVersion, type PlanVersionStore, type PublishVersion } from './planVersionTypes';
import { PLAN_VERSION_READS, PLAN_VERSIONS_SCHEMA } from './planVersionsSql.mjs';

type VersionRow = { operation_id: string; version: number; operation_name: string; published_by: string; published_ms: number; note: string };
type ApprovalRow = { version: number; approved_by: string; rank: string | null; at_ms: number };
/** [statement name, parameters] run on the writer thread in one transaction. */
export type WriterSteps = (steps: [string, unknown[]][]) => Promise<unknown>;

const fromRow = (r: VersionRow) => ({
  operationId: r.operation_id,
  version: Number(r.version),
  operationName: r.operation_name,
  publishedBy: r.published_by,
  publishedAtMs: Number(r.published_ms),
  note: r.note,
});
const approvalOf = (r: ApprovalRow | undefined) => (r ? { approvedBy: r.approved_by, rank: r.rank, atMs: Number(r.at_ms) } : null);

export class SqliteVersions implements PlanVersionStore {
  private readonly reads: { [K in keyof typeof PLAN_VERSION_READS]: Database.Statement };
  private tail: Promise<unknown> = Promise.resolve();

  /** Makes the tables if missing (idempotent), on the main connection, before the writer thread prepares its statements. */
  static prepareSchema(db: Database.Database): void {
    db.exec(PLAN_VERSIONS_SCHEMA);
  }

  constructor(
    db: Database.Database,
    private readonly write: WriterSteps,
  ) {
    this.reads = Object.fromEntries(Object.entries(PLAN_VERSION_READS).map(([k, sql]) => [k, db.prepare(sql)])) as typeof this.reads;
  }

  private latestApprovals(operationId: string): Map<number, ApprovalRow> {
    const m = new Map<number, ApprovalRow>();
    for (const r of this.reads.approvals.all(operationId) as ApprovalRow[]) m.set(Number(r.version), r);
    return m;
  }

  publish(v: PublishVersion): Promise<PlanVersionInfo> {
    const run = this.tail.then(async () => {
      const { last } = this.reads.lastVersion.get(v.operationId) as { last: number };
      const row = {
        operationId: v.operationId,
        version: Number(last) + 1,
        operationName: v.plan.operation.name,
        publishedBy: v.publishedBy,
        publishedAtMs: v.atMs,
        note: v.note,
      };
      await this.write([
        ['ensureOperation', [v.operationId, v.atMs]],
        ['insertPlanVersion', [row.operationId, row.version, row.operationName, row.publishedBy, row.publishedAtMs, row.note, JSON.stringify(v.plan)]],
      ]);
      return versionInfo(row, null);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  list(operationId: string): Promise<PlanVersionInfo[]> {
    const approvals = this.latestApprovals(operationId);
    const rows = this.reads.versions.all(operationId) as VersionRow[];
    return Promise.resolve(rows.map((r) => versionInfo(fromRow(r), approvalOf(approvals.get(Number(r.version))))));
  }

  get(operationId: string, version: number): Promise<{ info: PlanVersionInfo; plan: OperationBundle } | null> {
    const r = this.reads.version.get(operationId, version) as (VersionRow & { json: string }) | undefined;
    if (!r) return Promise.resolve(null);
    const plan = OperationBundle.parse(JSON.parse(r.json));
    return Promise.resolve({ info: versionInfo(fromRow(r), approvalOf(this.latestApprovals(operationId).get(version))), plan });
  }

  async approve(a: ApproveVersion): Promise<PlanVersionInfo> {
    const r = this.reads.version.get(a.operationId, a.version) as VersionRow | undefined;
    if (!r) throw unknownVersion(a.operationId, a.version);
    await this.write([['insertPlanApproval', [a.operationId, a.version, a.approvedBy, a.rank ?? null, a.atMs]]]);
    return versionInfo(fromRow(r), { approvedBy: a.approvedBy, rank: a.rank ?? null, atMs: a.atMs });
  }
}
