/**
 * Files made on this workstation that the command server's audit trail has not yet recorded (shared/protocol/
 * exports.ts). A file is noted the moment it is made, online or not, and the note stays in IndexedDB until the server
 * has answered for it: closing the app or losing the link loses no record. Sending is idempotent (the server records
 * each export id once), so a note is removed only after the answer, never before.
 */
import { ExportRecord } from '../../shared/protocol/exports';
import type { CordonDb } from './db';

export async function noteExport(db: CordonDb, record: ExportRecord): Promise<void> {
  await db.exportLedger.put({ exportId: record.exportId, at: record.at, record });
}

/** Notes waiting to be sent, oldest first; refused ones and ones that no longer parse are counted, not sent. */
export async function pendingExports(db: CordonDb): Promise<{ records: ExportRecord[]; refused: number; unreadable: number }> {
  const rows = await db.exportLedger.orderBy('at').toArray();
  const records: ExportRecord[] = [];
  let refused = 0;
  let unreadable = 0;
  for (const r of rows) {
    if (r.refused) {
      refused++;
      continue;
    }
    const p = ExportRecord.safeParse(r.record);
    if (p.success) records.push(p.data);
    else unreadable++;
  }
  return { records, refused, unreadable };
}

export async function exportRecorded(db: CordonDb, exportId: string): Promise<void> {
  await db.exportLedger.delete(exportId);
}

/** The server refused it (a bug, or a clock far ahead): kept with the reason, so nothing is silently lost. */
export async function exportRefused(db: CordonDb, exportId: string, why: string): Promise<void> {
  await db.exportLedger.update(exportId, { refused: why });
}
