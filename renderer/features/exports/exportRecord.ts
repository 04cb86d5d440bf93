/**
 * The record of one file made here (shared/protocol/exports.ts): what it is, its size and SHA-256, the marking and
 * copy number, when, and who was signed in. The hash is taken of the very bytes written, so a file found later can be
 * matched to the audit entry that says who made it and when.
 */
import type { ProtectiveMarking } from '../../../shared/domain';
import type { ExportKind, ExportRecord } from '../../../shared/protocol/exports';
import { newId } from '../../../shared/domain/ids';

export interface MadeFile {
  kind: ExportKind;
  operationId: string | null;
  fileName: string;
  /** The bytes written; null when another process wrote them (see `written`) or the browser's print dialog does (web mode). */
  data: Uint8Array | null;
  /** Size and SHA-256 as the desktop app's main process wrote the file (a PDF). */
  written?: { bytes?: number | undefined; sha256?: string | undefined } | null;
  marking: ProtectiveMarking | null;
  copy?: number | null;
  note?: string;
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function exportRecord(file: MadeFile, madeBy: ExportRecord['madeBy'], at: Date): Promise<ExportRecord> {
  return {
    exportId: newId(),
    kind: file.kind,
    operationId: file.operationId,
    fileName: file.fileName.slice(0, 255) || 'unnamed',
    bytes: file.data ? file.data.byteLength : (file.written?.bytes ?? null),
    sha256: file.data ? await sha256Hex(file.data) : (file.written?.sha256 ?? null),
    marking: file.marking,
    copy: file.copy ?? null,
    note: (file.note ?? '').slice(0, 300),
    at: at.toISOString(),
    madeBy,
  };
}
