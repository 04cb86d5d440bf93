/**
 * What Live knows of the watched operation's plan versions: the version in force (the latest published), the newest
 * approved one, and a notice when a newer version arrives while watching. Fed by the snapshot and the server's
 * version notices; pure, so the header and its test agree.
 */
import type { PlanVersionInfo, Snapshot, VersionNotice } from '../../../shared/protocol';
import { approvalText, shortTime } from './draftState';

export interface LiveVersionState {
  /** The latest published version (the plan the server measures against). */
  current: PlanVersionInfo | null;
  /** The newest approved version (may be older than current). */
  approved: PlanVersionInfo | null;
  /** Set when a newer version was published while watching, until dismissed. */
  newer: PlanVersionInfo | null;
}

export const NO_VERSION: LiveVersionState = { current: null, approved: null, newer: null };

export function fromSnapshot(s: Pick<Snapshot, 'planVersion' | 'approvedVersion'>, before: LiveVersionState = NO_VERSION): LiveVersionState {
  const current = s.planVersion ?? null;
  const approved = s.approvedVersion ?? (current?.approvedAt ? current : null);
  // A resubscribe (reconnect) that brings a newer version than the one shown is news too.
  const newer = before.current && current && current.version > before.current.version ? current : before.newer;
  return { current, approved, newer: newer && current && newer.version === current.version ? newer : null };
}

export function applyNotice(state: LiveVersionState, n: VersionNotice): LiveVersionState {
  const v = n.version;
  if (n.change === 'published') {
    if (state.current && v.version <= state.current.version) return state;
    return { ...state, current: v, newer: state.current ? v : null };
  }
  const current = state.current?.version === v.version ? v : state.current;
  const approved = !state.approved || v.version >= state.approved.version ? v : state.approved;
  const newer = state.newer?.version === v.version ? v : state.newer;
  return { current, approved, newer };
}

/** "Plan v7, approved 09:14 by Supt Jones", "Plan v7, not approved (v6 approved 08:50 by ...)", or "No published plan version". */
export function planLine(s: LiveVersionState, now = Date.now()): string {
  if (!s.current) return 'No published plan version';
  const head = `Plan v${s.current.version}, ${approvalText(s.current, now)}`;
  return s.approved && s.approved.version !== s.current.version ? `${head} (v${s.approved.version} ${approvalText(s.approved, now)})` : head;
}

export function newerLine(v: PlanVersionInfo, now = Date.now()): string {
  return `Version ${v.version} of the plan was published ${shortTime(v.publishedAt, now)} by ${v.publishedBy}${v.note ? `: “${v.note}”` : ''}. The map and alerts now use it.`;
}
