/**
 * Every file Cordon makes is noted here the moment it is made (exportRecord.ts, kept in IndexedDB by
 * data/exportLedger.ts) and sent to the audit trail when this workstation is signed in (sendPendingExports). The
 * places that make files (File > Export, the briefing pack, the decision-log exports, the audit export) call
 * `recordMadeFile`; the app configures who is signed in and which database, once, through useExportLedger.
 */
import type { ExportRecord } from '../../../shared/protocol/exports';
import { exportRecorded, exportRefused, noteExport, pendingExports, type CordonDb } from '../../data';
import { NO_ANSWER, NOT_UNDERSTOOD, SIGNED_OUT, type AccountLink } from '../../net/accountLink';
import { exportRecord, type MadeFile } from './exportRecord';

const recorder = {
  db: null as CordonDb | null,
  madeBy: null as ExportRecord['madeBy'],
  listeners: new Set<() => void>(),
};

export function configureExportRecorder(db: CordonDb, madeBy: ExportRecord['madeBy']): void {
  recorder.db = db;
  recorder.madeBy = madeBy;
}

export function onExportNoted(listener: () => void): () => void {
  recorder.listeners.add(listener);
  return () => recorder.listeners.delete(listener);
}

/**
 * Notes a file just made. Never throws: the file exists whatever happens here, so a failure is answered as the text to
 * show beside the export's own message (null: noted).
 */
export async function recordMadeFile(file: MadeFile): Promise<string | null> {
  const db = recorder.db;
  if (!db) return 'The file was made, but this window cannot note it for the audit trail (the app is still starting).';
  try {
    await noteExport(db, await exportRecord(file, recorder.madeBy, new Date()));
  } catch (e) {
    return `The file was made, but could not be noted for the audit trail: ${e instanceof Error ? e.message : String(e)}`;
  }
  for (const l of recorder.listeners) l();
  return null;
}

/** The link could not decide (down, signed out, busy): keep the note and try again later. */
const undecided = (error: string) => error === NO_ANSWER || error === SIGNED_OUT || error === NOT_UNDERSTOOD || /rate|too many|busy|try again/i.test(error);

export interface LedgerState {
  /** Notes not yet recorded by the server. */
  waiting: number;
  /** Notes the server refused (kept, with the reason). */
  refused: number;
  lastRefusal: string | null;
}

/** Sends every waiting note, oldest first; stops at the first the link could not decide. Nothing is tried while the link is down. */
export async function sendPendingExports(db: CordonDb, link: Pick<AccountLink, 'request' | 'connected'>): Promise<LedgerState> {
  if (!link.connected()) return ledgerState(db);
  const pending = await pendingExports(db);
  let lastRefusal: string | null = null;
  let refused = pending.refused + pending.unreadable;
  let left = pending.records.length;
  for (const record of pending.records) {
    const r = await link.request('audit:export', record);
    if (!r.ok && undecided(r.error)) break;
    left--;
    if (r.ok) await exportRecorded(db, record.exportId);
    else {
      await exportRefused(db, record.exportId, r.error);
      refused++;
      lastRefusal = `${record.fileName}: ${r.error}`;
    }
  }
  return { waiting: left, refused, lastRefusal };
}

export async function ledgerState(db: CordonDb): Promise<LedgerState> {
  const p = await pendingExports(db);
  return { waiting: p.records.length, refused: p.refused + p.unreadable, lastRefusal: null };
}
