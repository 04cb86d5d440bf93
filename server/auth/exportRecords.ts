/**
 * Files made on workstations, in the audit trail (shared/protocol/exports.ts): one entry per export id, whoever sends
 * it and however often. The user recorded is the authenticated account that reported it; who the workstation says was
 * signed in when the file was made is kept in the detail when it is someone else (or nobody), marked as the
 * workstation's word, never put in the user column.
 */
import type { ExportRecord, ExportRecorded } from '../../shared/protocol';
import { EXPORT_KINDS } from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import { actorLabel } from './access';
import type { Origin } from './accountService';
import type { AccountStore } from './types';

/** Workstation clocks drift; a file "made" further ahead than this is refused rather than recorded in the future. */
export const EXPORT_CLOCK_SKEW_MS = 5 * 60_000;

export function exportDetail(rec: ExportRecord, origin: Origin): string {
  const actor = origin.actor;
  const sameMaker = rec.madeBy !== null && actor.kind === 'account' && rec.madeBy.userId === actor.account.id;
  const maker = sameMaker
    ? null
    : rec.madeBy === null
      ? 'made while nobody was signed in on the workstation'
      : `made while ${rec.madeBy.label} was signed in on the workstation (the workstation's word)`;
  return [
    `${EXPORT_KINDS[rec.kind]} "${rec.fileName}"`,
    rec.bytes === null ? null : `${rec.bytes} bytes`,
    rec.sha256 === null ? null : `SHA-256 ${rec.sha256}`,
    rec.marking,
    rec.copy === null ? null : `copy ${rec.copy}`,
    rec.note.trim() || null,
    maker,
  ]
    .filter((part) => part !== null)
    .join('; ');
}

export async function recordExport(store: AccountStore, now: number, rec: ExportRecord, origin: Origin): Promise<Result<ExportRecorded>> {
  const madeMs = Date.parse(rec.at);
  if (madeMs > now + EXPORT_CLOCK_SKEW_MS) {
    return { ok: false, error: `the export's time ${rec.at} is ahead of the server's clock by more than 5 minutes: check the workstation's clock` };
  }
  const actor = origin.actor;
  const { entry, created } = await store.appendAuditOnce(
    `export:${rec.exportId}`,
    {
      eventTime: new Date(madeMs).toISOString(),
      user: actorLabel(actor),
      userId: actor.kind === 'account' ? actor.account.id : null,
      workstation: origin.workstation,
      action: `export.${rec.kind}`,
      object: rec.operationId === null ? 'audit' : `operation:${rec.operationId}`,
      operationId: rec.operationId,
      result: 'ok',
      detail: exportDetail(rec, origin),
    },
    now,
  );
  return { ok: true, value: { seq: entry.seq, duplicate: !created } };
}
