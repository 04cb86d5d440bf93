/** Plan versions in memory (MemoryStore): the same behaviour as SQLite and PostgreSQL, nothing kept across restarts. */
import type { OperationBundle } from '../../shared/domain';
import type { PlanVersionInfo } from '../../shared/protocol';
import { unknownVersion, versionInfo, type ApproveVersion, type PlanVersionStore, type PublishVersion } from './planVersionTypes';

interface Stored {
  row: { operationId: string; version: number; operationName: string; publishedBy: string; publishedAtMs: number; note: string };
  plan: OperationBundle;
  approvals: { approvedBy: string; rank?: string; atMs: number }[];
}

export class MemoryVersions implements PlanVersionStore {
  private readonly byOperation = new Map<string, Stored[]>();

  /** `record`: notes the operation in the store, as every write to it does. */
  constructor(private readonly record: (operationId: string, atMs: number) => void) {}

  publish(v: PublishVersion): Promise<PlanVersionInfo> {
    this.record(v.operationId, v.atMs);
    const list = this.byOperation.get(v.operationId) ?? [];
    this.byOperation.set(v.operationId, list);
    const s: Stored = {
      row: {
        operationId: v.operationId,
        version: list.length + 1,
        operationName: v.plan.operation.name,
        publishedBy: v.publishedBy,
        publishedAtMs: v.atMs,
        note: v.note,
      },
      plan: structuredClone(v.plan),
      approvals: [],
    };
    list.push(s);
    return Promise.resolve(versionInfo(s.row, null));
  }

  list(operationId: string): Promise<PlanVersionInfo[]> {
    return Promise.resolve((this.byOperation.get(operationId) ?? []).map((s) => versionInfo(s.row, s.approvals.at(-1) ?? null)));
  }

  get(operationId: string, version: number): Promise<{ info: PlanVersionInfo; plan: OperationBundle } | null> {
    const s = this.byOperation.get(operationId)?.[version - 1];
    return Promise.resolve(s ? { info: versionInfo(s.row, s.approvals.at(-1) ?? null), plan: structuredClone(s.plan) } : null);
  }

  approve(a: ApproveVersion): Promise<PlanVersionInfo> {
    const s = this.byOperation.get(a.operationId)?.[a.version - 1];
    if (!s) return Promise.reject(unknownVersion(a.operationId, a.version));
    const approval = { approvedBy: a.approvedBy, atMs: a.atMs, ...(a.rank ? { rank: a.rank } : {}) };
    s.approvals.push(approval);
    return Promise.resolve(versionInfo(s.row, approval));
  }
}
