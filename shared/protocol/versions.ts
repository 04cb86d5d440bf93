/**
 * Published plan versions and approval: the wire shapes of `plan:publish` (answered with the version number),
 * `plan:approve`, `plan:versions`, `plan:version` and `operations:list`, and of the `version` event the server sends
 * to an operation's subscribers when a version is published or approved. Both sides parse these.
 *
 * A version is immutable once published (the store refuses UPDATE and DELETE); an approval is a separate append-only
 * record naming the version, who (the authenticated user, with rank when the server knows it) and when.
 */
import { z } from 'zod';

const OperationId = z.string().min(1).max(100);
const IsoTime = z.iso.datetime({ offset: true });
export const VersionNumber = z.number().int().min(1).max(1_000_000);

/** What a screen needs to say "Plan v7, approved 09:14 by Supt Jones". */
export const PlanVersionInfo = z.object({
  operationId: OperationId,
  version: VersionNumber,
  /** The operation's name as published. */
  operationName: z.string().max(200),
  /** The authenticated user who published it (never a typed name). */
  publishedBy: z.string().max(200),
  publishedAt: IsoTime,
  note: z.string().max(1000),
  /** The latest approval of this version, if any. */
  approvedBy: z.string().max(200).optional(),
  approvedRank: z.string().max(60).optional(),
  approvedAt: IsoTime.optional(),
});
export type PlanVersionInfo = z.infer<typeof PlanVersionInfo>;

export const PublishVersionNote = z.string().trim().max(1000);
export const ApproveVersionRequest = z.object({ operationId: OperationId, version: VersionNumber });
export const VersionsRequest = z.object({ operationId: OperationId });
export const VersionRequest = z.object({ operationId: OperationId, version: VersionNumber });
export const OperationsListRequest = z.object({}).default({});

/** One row of the Live workspace's operation picker. */
export const OperationSummary = z.object({
  id: OperationId,
  name: z.string().max(200),
  state: z.enum(['open', 'closed', 'archived']),
  latestVersion: VersionNumber.nullable(),
  approvedVersion: VersionNumber.nullable(),
});
export type OperationSummary = z.infer<typeof OperationSummary>;

/** Server to subscribers: a version was published (`published`) or approved (`approved`). */
export const VersionNotice = z.object({
  operationId: OperationId,
  change: z.enum(['published', 'approved']),
  version: PlanVersionInfo,
});
export type VersionNotice = z.infer<typeof VersionNotice>;

/** The version whose publication time is the latest at or before `atMs` (the plan in force then), or null. */
export function versionInForce<T extends { publishedAt: string; version: number }>(versions: readonly T[], atMs: number): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (Date.parse(v.publishedAt) > atMs) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best;
}

/** The newest version that carries an approval, or null. */
export function approvedVersionOf<T extends { version: number; approvedAt?: string | undefined }>(versions: readonly T[]): T | null {
  let best: T | null = null;
  for (const v of versions) if (v.approvedAt !== undefined && (!best || v.version > best.version)) best = v;
  return best;
}
