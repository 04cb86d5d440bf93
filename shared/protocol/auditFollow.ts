/**
 * Following one row of a shared operation through the audit trail (issue 11): the audit object that names a row
 * ("feature:<operationId>/<featureId>"), and the synced change an audit entry carries when it comes from the sync
 * change log rather than the audit table. `audit:query` with such an object answers both, merged by time.
 */
import { z } from 'zod';
import { ChangeSetId, SYNC_TABLES, SyncSeq, type SyncTable } from './sync';

/** The audit object's kind for each synced table ("unit:<op>/<id>" is also what an emergency clear records). */
export const ROW_OBJECT_KINDS = {
  operations: 'operation',
  phases: 'phase',
  features: 'feature',
  units: 'unit',
  assignments: 'assignment',
} as const satisfies Record<SyncTable, string>;

export interface RowRef {
  operationId: string;
  table: SyncTable;
  key: string;
}

/** The operation's own row is "operation:<id>", the object its publish and approval entries already carry. */
export const rowObject = (r: RowRef): string => (r.table === 'operations' ? `operation:${r.key}` : `${ROW_OBJECT_KINDS[r.table]}:${r.operationId}/${r.key}`);

const TABLE_OF_KIND = new Map<string, SyncTable>(Object.entries(ROW_OBJECT_KINDS).map(([table, kind]) => [kind, table as SyncTable]));

/** The row an audit object names exactly, or null (a partial object is a text filter, not a row to follow). */
export function parseRowObject(object: string): RowRef | null {
  const m = /^([a-z]+):(.+)$/.exec(object.trim());
  const table = m ? TABLE_OF_KIND.get(m[1]!) : undefined;
  if (!m || !table) return null;
  if (table === 'operations') return { operationId: m[2]!, table, key: m[2]! };
  // Row keys are ids without slashes; an operation id may have one, so the key is after the last.
  const slash = m[2]!.lastIndexOf('/');
  if (slash <= 0 || slash === m[2]!.length - 1) return null;
  return { operationId: m[2]!.slice(0, slash), table, key: m[2]!.slice(slash + 1) };
}

/**
 * What became of one row in one change set: applied as sent, merged field by field with a competing change, held as a
 * conflict (not applied: `after` is what the pusher wanted), or set by a person resolving a conflict (`kept` says which
 * version).
 */
export const SYNC_OUTCOMES = ['applied', 'merged', 'conflict', 'resolved'] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

export const AuditChange = z.object({
  table: z.enum(SYNC_TABLES),
  key: z.string().min(1).max(200),
  /** The change log's seq (a conflict: the seq of the push that raised it). */
  seq: SyncSeq,
  changeSetId: ChangeSetId,
  /** What the user did ("Rename"). */
  label: z.string().max(200),
  outcome: z.enum(SYNC_OUTCOMES),
  kept: z.enum(['mine', 'theirs']).optional(),
  conflictId: z.string().max(100).optional(),
  /** The server's row before and after (a conflict: the server's row, and the version the pusher wanted). */
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditChange = z.infer<typeof AuditChange>;
