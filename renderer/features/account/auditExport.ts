/**
 * The audit view's exports: CSV (RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with
 * an apostrophe) and JSON Lines (one entry per line, exactly as the server gave it). A synced change of a followed row
 * fills the last four CSV columns: its outcome, change set, and the row before and after as JSON.
 */
import type { AuditEntry } from '../../../shared/protocol';

export const AUDIT_COLUMNS = ['seq', 'eventTime', 'loggedAt', 'user', 'userId', 'workstation', 'action', 'object', 'operationId', 'result', 'detail'] as const;

function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  // "=HYPERLINK(...)" typed as a detail must not become a live formula in the inquiry's spreadsheet.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CHANGE_COLUMNS = ['outcome', 'changeSetId', 'before', 'after'] as const;

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
const changeCells = (e: AuditEntry) =>
  e.change
    ? [e.change.outcome + (e.change.kept ? ` (kept ${e.change.kept})` : ''), e.change.changeSetId, json(e.change.before), json(e.change.after)]
    : ['', '', '', ''];

export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = [...AUDIT_COLUMNS, ...CHANGE_COLUMNS].join(',');
  return [header, ...entries.map((e) => [...AUDIT_COLUMNS.map((c) => e[c]), ...changeCells(e)].map(cell).join(','))].join('\r\n') + '\r\n';
}

export function auditJsonl(entries: readonly AuditEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
}
