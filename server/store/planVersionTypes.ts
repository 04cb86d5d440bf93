/**
 * Published plan versions and their approvals, as every store keeps them (Store.versions). Both are append-only in
 * the store itself: a version is never changed once published, and an approval is a new row (the latest one of a
 * version stands), so an inquiry can read exactly what was published, by whom and when, and who approved it.
 */
import type { OperationBundle } from '../../shared/domain';
import type { PlanVersionInfo } from '../../shared/protocol';

export interface PublishVersion {
  operationId: string;
  plan: OperationBundle;
  /** The authenticated user. */
  publishedBy: string;
  note: string;
  atMs: number;
}

export interface ApproveVersion {
  operationId: string;
  version: number;
  /** The authenticated user. */
  approvedBy: string;
  rank?: string;
  atMs: number;
}

export interface PlanVersionStore {
  /** Stores the next version of the operation (1, 2, ...); resolves once durable with its number. */
  publish(v: PublishVersion): Promise<PlanVersionInfo>;
  /** Every version of the operation, oldest first, each with its latest approval. */
  list(operationId: string): Promise<PlanVersionInfo[]>;
  /** One version with its plan, or null. */
  get(operationId: string, version: number): Promise<{ info: PlanVersionInfo; plan: OperationBundle } | null>;
  /** Records an approval of an existing version (throws for an unknown one); resolves once durable. */
  approve(a: ApproveVersion): Promise<PlanVersionInfo>;
}

/** A stored version row and its latest approval as the wire shape. */
export function versionInfo(
  row: { operationId: string; version: number; operationName: string; publishedBy: string; publishedAtMs: number; note: string },
  approval: { approvedBy: string; rank?: string | null; atMs: number } | null,
): PlanVersionInfo {
  return {
    operationId: row.operationId,
    version: row.version,
    operationName: row.operationName,
    publishedBy: row.publishedBy,
    publishedAt: new Date(row.publishedAtMs).toISOString(),
    note: row.note,
    ...(approval
      ? { approvedBy: approval.approvedBy, approvedAt: new Date(approval.atMs).toISOString(), ...(approval.rank ? { approvedRank: approval.rank } : {}) }
      : {}),
  };
}

export const unknownVersion = (operationId: string, version: number) => new Error(`operation ${operationId} has no version ${version}`);
