/**
 * The audit view's exports: CSV (RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with
 * an apostrophe) and JSON Lines (one entry per line, exactly as the server gave it).
 */
import type { AuditEntry } from '../../../shared/protocol';

export const AUDIT_COLUMNS = ['seq', 'eventTime', 'loggedAt', 'user', 'userId', 'workstation', 'action', 'object', 'operationId', 'result', 'detail'] as const;

function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  // "=HYPERLINK(...)" typed as a detail must not become a live formula in the inquiry's spreadsheet.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  return [AUDIT_COLUMNS.join(','), ...entries.map((e) => AUDIT_COLUMNS.map((c) => cell(e[c])).join(','))].join('\r\n') + '\r\n';
}

export function auditJsonl(entries: readonly AuditEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
}
