/**
 * Exports and prints in the audit trail (issue 11: "exports and prints" are audited). A file leaves Cordon on the
 * workstation (a briefing pack, a data package, a decision-log export, an audit export), often offline, so the
 * workstation keeps a record of each in IndexedDB and reports it with `audit:export` when it is next signed in to the
 * command server. The server writes one audit entry per export id (a resend after a lost answer writes nothing new):
 * the event time is when the file was made, the logged time when the server heard of it, and the user is the
 * authenticated account that reported it; who was signed in when the file was made is kept beside it when it differs.
 * The file's SHA-256 lets an inquiry match a file found later to the entry that says who made it and when.
 */
import { z } from 'zod';
import { Marking } from '../domain/schemas';

export const EXPORT_KINDS = {
  'briefing-pack': 'Briefing pack (PDF)',
  geojson: 'GeoJSON',
  kml: 'KML',
  cordon: 'Cordon operation file',
  tak: 'TAK data package',
  'decision-log-jsonl': 'Decision logs (JSONL)',
  'decision-log-pdf': 'Decision log (PDF)',
  'audit-csv': 'Audit trail (CSV)',
  'audit-jsonl': 'Audit trail (JSONL)',
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;

const ExportKind = z.enum(Object.keys(EXPORT_KINDS) as [ExportKind, ...ExportKind[]], {
  error: () => `unknown export kind (one of ${Object.keys(EXPORT_KINDS).join(', ')})`,
});

export const ExportRecord = z.object({
  /** Made on the workstation when the file was made; the server records each id once. */
  exportId: z.string().min(8).max(100),
  kind: ExportKind,
  /** The operation the file is about; null for the audit trail's own exports. */
  operationId: z.string().min(1).max(100).nullable(),
  fileName: z.string().trim().min(1, 'file name is required').max(255),
  /** Size and SHA-256 (hex) of what was written; null when the browser's print dialog wrote it (web mode). */
  bytes: z.number().int().min(0).nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits')
    .nullable(),
  marking: Marking.nullable(),
  /** The numbered copy of a briefing pack (null: uncontrolled, or not a pack). */
  copy: z.number().int().min(1).max(9999).nullable(),
  /** A short note: "briefing v3", "print view opened", "12 logs"… */
  note: z.string().max(300),
  /** Event time: when the file was made, on the workstation's clock. */
  at: z.iso.datetime({ offset: true }),
  /** Who was signed in on the workstation when it was made (null: nobody). The server records its own account. */
  madeBy: z.object({ userId: z.string().max(100), label: z.string().max(200) }).nullable(),
});
export type ExportRecord = z.infer<typeof ExportRecord>;

export const ExportRecorded = z.object({ seq: z.number().int(), duplicate: z.boolean() });
export type ExportRecorded = z.infer<typeof ExportRecorded>;
