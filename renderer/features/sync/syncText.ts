/** The words the sync status bar and conflict panel use: pure, so they are tested without a screen. */
import type { SyncConflict } from '../../../shared/protocol/sync';
import type { SyncStatus } from './syncEngine';
import type { SyncLinkWord } from './useSyncLink';

const LINK_WORDS: Record<SyncLinkWord, string> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  offline: 'Offline',
  unreachable: 'Server unreachable',
  refused: 'Server refused this workstation',
};
export const linkText = (w: SyncLinkWord): string => LINK_WORDS[w];

const clock = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "3 changes waiting" while the outbox holds any; else "Synced 09:14:03"; else "Not synced yet". */
export function progressText(s: SyncStatus): string {
  if (s.pending > 0) return `${s.pending} ${s.pending === 1 ? 'change' : 'changes'} waiting`;
  return s.lastSyncAt ? `Synced ${clock(s.lastSyncAt)}` : 'Not synced yet';
}

export const conflictBadge = (open: number): string => `${open} ${open === 1 ? 'conflict' : 'conflicts'}`;

/** A conflict from where this user sits: "mine" is my version whoever raised it; `keep` says what to send for each. */
export interface ConflictView {
  mine: unknown;
  theirs: unknown;
  theirsBy: string;
  /** What to send as `keep` to keep my version / theirs. */
  keepMine: 'mine' | 'theirs';
  keepTheirs: 'mine' | 'theirs';
}

/** Whether `row` holds the same values as `version` in the conflicting fields (or both are absent, for a delete). */
function sameAs(row: unknown, version: unknown, fields: readonly string[]): boolean {
  if (row === null || version === null) return row === version;
  const a = row as Record<string, unknown>;
  const b = version as Record<string, unknown>;
  return fields.length > 0 && fields.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

/**
 * The server names the versions from the pusher's side (`mine`: what the push wanted; `theirs`: what it found).
 * When someone else's push raised the conflict, my version is the server's `theirs`. Which one is mine is read from
 * this workstation's row (kept as I left it until the conflict is resolved: the rebase rule), else from who raised it.
 */
export function viewConflict(c: SyncConflict, me: string | null, localRow?: unknown): ConflictView {
  let raisedByMe = me !== null && c.raisedBy === me;
  if (localRow !== undefined && c.state === 'open') {
    if (sameAs(localRow, c.mine, c.fields)) raisedByMe = true;
    else if (sameAs(localRow, c.theirs, c.fields)) raisedByMe = false;
  }
  return raisedByMe
    ? { mine: c.mine, theirs: c.theirs, theirsBy: 'the planning cell', keepMine: 'mine', keepTheirs: 'theirs' }
    : { mine: c.theirs, theirs: c.mine, theirsBy: c.raisedBy, keepMine: 'theirs', keepTheirs: 'mine' };
}

/** A field's value in a few words for the side-by-side view. */
export function fieldText(row: unknown, field: string): string {
  if (row === null || row === undefined) return '(deleted)';
  const v = (row as Record<string, unknown>)[field];
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (field === 'geometry') return 'shape on the map';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** The row's name for the panel ("Sector 3"), from whichever version has one. */
export function conflictTitle(c: SyncConflict): string {
  for (const row of [c.mine, c.theirs, c.base]) {
    const r = row as { name?: unknown; callSign?: unknown } | null;
    if (r && typeof r.name === 'string' && r.name) return r.name;
    if (r && typeof r.callSign === 'string') return r.callSign;
  }
  return c.key;
}

/**
 * How much the conflicting edit had not seen: "Made without seeing changes after #4: 3 had reached the server first
 * (#5–#7)." A long offline spell shows as a big number, which helps whoever resolves it judge which version is the
 * better informed. Null when the server did not record it (older conflicts) or nothing came in between.
 */
export function unseenText(c: SyncConflict): string | null {
  if (c.baseSeq === undefined || c.raisedSeq === undefined) return null;
  const unseen = c.raisedSeq - c.baseSeq - 1;
  if (unseen <= 0) return null;
  const range = unseen === 1 ? `#${c.baseSeq + 1}` : `#${c.baseSeq + 1}–#${c.raisedSeq - 1}`;
  return `Made without seeing changes after #${c.baseSeq}: ${unseen} had reached the server first (${range}).`;
}
