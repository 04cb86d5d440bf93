/** What the three stores decide alike: an alert version's identity, an operation's lifecycle step, retention wording. */
import { createHash } from 'node:crypto';
import type { Alert } from '../../shared/protocol';
import type { OperationRecord, OperationState, RetentionEntry } from './types';

/**
 * An alert version's identity in the log: its version time and a hash of its content. Several server processes
 * evaluate the same rules and save the same version, each at its own `atMs`; the key makes the log keep it once.
 */
export function alertVersionKey(a: Alert): { key: string; versionMs: number; json: string } {
  const json = JSON.stringify(a);
  const version = a.updatedAt ?? a.raisedAt;
  return { key: `${version} ${createHash('sha1').update(json).digest('base64url')}`, versionMs: Date.parse(version), json };
}

export type OperationChange = { state: OperationState } | { hold: boolean; reason: string };

const iso = (ms: number) => new Date(ms).toISOString();

export function retentionEntry(operationId: string, action: RetentionEntry['action'], by: string, detail: string, atMs: number): RetentionEntry {
  return { at: iso(atMs), operationId, action, by, detail };
}

/**
 * The record after a state or legal-hold change, and the retention entry it makes. Closing keeps the first closing
 * time (archiving a closed operation does not restart its retention clock); reopening forgets it. A state "change" to
 * the same state changes nothing and logs nothing; every legal-hold decision is logged.
 */
export function nextOperation(cur: OperationRecord, c: OperationChange, by: string, atMs: number): { record: OperationRecord; entry: RetentionEntry | null } {
  if ('state' in c) {
    if (c.state === cur.state) return { record: cur, entry: null };
    const { closedAt: _closed, ...rest } = cur;
    const record: OperationRecord = c.state === 'open' ? { ...rest, state: 'open' } : { ...rest, state: c.state, closedAt: cur.closedAt ?? iso(atMs) };
    const action = c.state === 'open' ? 'reopened' : c.state;
    return { record, entry: retentionEntry(cur.id, action, by, `${cur.state} -> ${c.state}`, atMs) };
  }
  const { legalHoldBy: _by, legalHoldReason: _reason, ...rest } = cur;
  const record: OperationRecord = c.hold ? { ...rest, legalHold: true, legalHoldBy: by, legalHoldReason: c.reason } : { ...rest, legalHold: false };
  return { record, entry: retentionEntry(cur.id, c.hold ? 'legalHoldOn' : 'legalHoldOff', by, c.reason, atMs) };
}

/** A page of history must be able to move on: a limit below 1 is a caller's mistake, refused. */
export function checkPageLimit(limit: number): void {
  if (!(limit >= 1)) throw new RangeError(`a history page needs a limit of at least 1 (got ${limit})`);
}

/** Numbers, or placeholders the SQLite writer thread fills in. */
export const sweepDetail = (positions: number | string, alertVersions: number | string, closedBeforeMs: number) =>
  `${positions} positions and ${alertVersions} alert versions deleted (closed before ${iso(closedBeforeMs)})`;

/** An operations row as both SQL engines hold it (PostgreSQL hands bigints back as strings). */
export interface OperationRow {
  id: string;
  state: string;
  created_ms: number | string;
  closed_ms: number | string | null;
  legal_hold: number | boolean;
  legal_hold_by: string | null;
  legal_hold_reason: string | null;
}

export function operationFromRow(r: OperationRow): OperationRecord {
  return {
    id: r.id,
    state: r.state as OperationState,
    createdAt: iso(Number(r.created_ms)),
    ...(r.closed_ms !== null ? { closedAt: iso(Number(r.closed_ms)) } : {}),
    legalHold: Boolean(r.legal_hold),
    ...(r.legal_hold_by !== null ? { legalHoldBy: r.legal_hold_by } : {}),
    ...(r.legal_hold_reason !== null ? { legalHoldReason: r.legal_hold_reason } : {}),
  };
}

/** The row values of a record, in the column order both engines' upserts use. */
export function operationParams(r: OperationRecord): [string, string, number, number | null, boolean, string | null, string | null] {
  return [
    r.id,
    r.state,
    Date.parse(r.createdAt),
    r.closedAt !== undefined ? Date.parse(r.closedAt) : null,
    r.legalHold,
    r.legalHoldBy ?? null,
    r.legalHoldReason ?? null,
  ];
}
