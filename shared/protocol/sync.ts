/**
 * Sync of an operation's working copy between workstations (issue 11): the wire shapes of `sync:*` and `presence:*`.
 * Both sides parse these.
 *
 * The model, in one paragraph. Every workstation keeps the whole operation in IndexedDB and edits it offline. Each
 * local edit is a change set (the edit registry's patch: per row, `before` and `after`), written to an outbox in the
 * same Dexie transaction as the edit. When connected, the outbox is pushed in order (`sync:push`, idempotent by
 * `changeSetId`, safe to resend). The server holds the shared working copy and a per-operation change log numbered by
 * `seq`; clients pull what they have not seen (`sync:pull` from their last seq) and apply it as patches that are not
 * on anyone's undo stack. A pushed row applies when its `before` equals the server's row, or when the top-level fields
 * it changed do not overlap the fields changed on the server since that `before` (field-level merge; a geometry is
 * one field; a delete against an edit, or an edit against a delete, always conflicts). Otherwise the server records a
 * conflict; nothing is silently dropped: both versions are kept and shown side by side until a person resolves it,
 * once, for everybody.
 */
import { z } from 'zod';
import { Assignment, IsoTime, Operation, OperationBundle, Phase, PlanFeature, Unit } from '../domain/schemas';

const OperationId = z.string().min(1).max(100);
const RowKey = z.string().min(1).max(200);
/** A client-made id (uuid) naming one change set everywhere: resending it is harmless. */
export const ChangeSetId = z.string().min(8).max(100);
export const SyncSeq = z.number().int().min(0);

/** The largest change set one push may carry (an import of a big plan is split by the client). */
export const MAX_SYNC_CHANGES = 5_000;
/** The most change sets one pull answer carries; the client pulls again while `more` is true. */
export const MAX_SYNC_PULL = 500;

const changeOf = <T extends string, R extends z.ZodType>(table: T, row: R) =>
  z.object({ table: z.literal(table), key: RowKey, before: row.nullable(), after: row.nullable() });

/** One row's change, as `renderer/data/patches.ts` Change: insert has `before` null, delete has `after` null. */
export const SyncChange = z.discriminatedUnion('table', [
  changeOf('operations', Operation),
  changeOf('phases', Phase),
  changeOf('features', PlanFeature),
  changeOf('units', Unit),
  changeOf('assignments', Assignment),
]);
export type SyncChange = z.infer<typeof SyncChange>;
export const SYNC_TABLES = ['operations', 'phases', 'features', 'units', 'assignments'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

/** Client to server: make this operation shared (first time), seeded with the workstation's whole copy. */
export const SyncShareRequest = z.object({ plan: OperationBundle });

/** Client to server: one local edit. */
export const SyncPushRequest = z.object({
  operationId: OperationId,
  changeSetId: ChangeSetId,
  /**
   * The last server seq this workstation had applied when it made the edit. Kept on a conflict the edit raises, so
   * whoever resolves it can see how much the editor had not seen ("made without seeing changes after #N").
   */
  baseSeq: SyncSeq,
  /** What the user did ("Draw sector"): shown in the other workstations' history. */
  label: z.string().max(200),
  /** When the user made the edit (the event time; the server adds the logged time). */
  editedAt: IsoTime,
  changes: z.array(SyncChange).min(1).max(MAX_SYNC_CHANGES),
});
export type SyncPushRequest = z.infer<typeof SyncPushRequest>;

/** Server answer to a push: applied (perhaps merged), or partly held as conflicts. Same answer for a resend. */
export const SyncPushResult = z.object({
  changeSetId: ChangeSetId,
  /** The seq the server gave this change set (its applied rows are in the log under it). */
  seq: SyncSeq,
  /** Rows applied as sent, or merged field by field with a competing change. */
  applied: z.number().int().min(0),
  merged: z.number().int().min(0),
  /** Ids of conflicts recorded for rows that could not be applied. */
  conflictIds: z.array(z.string()),
});
export type SyncPushResult = z.infer<typeof SyncPushResult>;

/** One entry of the server's change log: the rows as the server now has them (after merge), not as pushed. */
export const SyncLogEntry = z.object({
  seq: SyncSeq,
  changeSetId: ChangeSetId,
  operationId: OperationId,
  label: z.string().max(200),
  /** The authenticated user (never a typed name) and the times: when edited, when the server logged it. */
  by: z.string().max(200),
  editedAt: IsoTime,
  loggedAt: IsoTime,
  /** `before` is the server's row before this entry; `after` the row after it. */
  changes: z.array(SyncChange),
  /** The rows ("table/key") merged field by field with a competing change rather than applied as sent (the audit's outcome). */
  merged: z.array(z.string().max(300)).optional(),
});
export type SyncLogEntry = z.infer<typeof SyncLogEntry>;

export const SyncPullRequest = z.object({ operationId: OperationId, sinceSeq: SyncSeq, limit: z.number().int().min(1).max(MAX_SYNC_PULL).optional() });
export const SyncPullResult = z.object({ operationId: OperationId, entries: z.array(SyncLogEntry), headSeq: SyncSeq, more: z.boolean() });
export type SyncPullResult = z.infer<typeof SyncPullResult>;

/** The whole working copy at a seq (a workstation opening a shared operation for the first time). */
export const SyncSnapshotRequest = z.object({ operationId: OperationId });
export const SyncSnapshotResult = z.object({ plan: OperationBundle, seq: SyncSeq });

/** A row two people changed in the same field: both versions kept until a person resolves it. */
export const SyncConflict = z.object({
  id: z.string(),
  operationId: OperationId,
  table: z.enum(SYNC_TABLES),
  key: RowKey,
  /** What the pusher's edit started from, what they wanted, and what the server had (null: absent or deleted). */
  base: z.unknown().nullable(),
  mine: z.unknown().nullable(),
  theirs: z.unknown().nullable(),
  /** The fields both sides changed (empty when one side deleted the row). */
  fields: z.array(z.string()),
  label: z.string().max(200),
  raisedBy: z.string().max(200),
  raisedAt: IsoTime,
  state: z.enum(['open', 'resolved']),
  resolvedBy: z.string().max(200).optional(),
  resolvedAt: IsoTime.optional(),
  /** Which version was kept; the resolution itself is an ordinary log entry at `resolvedSeq`. */
  resolution: z.enum(['mine', 'theirs']).optional(),
  resolvedSeq: SyncSeq.optional(),
  /**
   * The pushing workstation's `baseSeq`, and the seq its push was logged at: the edit was made without seeing the
   * changes numbered after `baseSeq` and before `raisedSeq`. Absent on conflicts raised before they were kept.
   */
  baseSeq: SyncSeq.optional(),
  raisedSeq: SyncSeq.optional(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

export const SyncConflictsRequest = z.object({ operationId: OperationId, includeResolved: z.boolean().optional() });
export const SyncResolveRequest = z.object({ operationId: OperationId, conflictId: z.string().min(1).max(100), keep: z.enum(['mine', 'theirs']) });

/** Server to the workstations that have the operation open: the log moved on (pull), or a conflict was raised/resolved. */
export const SyncHeadNotice = z.object({ operationId: OperationId, headSeq: SyncSeq, openConflicts: z.number().int().min(0) });
export type SyncHeadNotice = z.infer<typeof SyncHeadNotice>;

/** Presence: who else has this operation open, in which workspace, and what they have selected. */
export const PresenceUpdate = z.object({
  operationId: OperationId,
  workspace: z.enum(['plan', 'live', 'brief', 'decisions']),
  /** Ids of the rows they have selected (features, units), at most a few. */
  selection: z.array(RowKey).max(50),
});
export const PresencePerson = z.object({
  /** The socket's connection id: one person may have two windows. */
  connectionId: z.string(),
  user: z.string().max(200),
  displayName: z.string().max(200),
  workspace: PresenceUpdate.shape.workspace,
  selection: z.array(RowKey).max(50),
  since: IsoTime,
});
export const PresenceNotice = z.object({ operationId: OperationId, people: z.array(PresencePerson) });
export type PresenceNotice = z.infer<typeof PresenceNotice>;
