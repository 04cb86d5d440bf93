/**
 * Where the working copy stands against the published versions: never published, the same as vN, or "Draft since vN"
 * (edited since the latest version). Pure, so the Plan header and its test agree.
 */
import type { OperationBundle } from '../../../shared/domain';
import { summariseDiff, type RowChange, type VersionDiff } from '../../../shared/plan/versionDiff';
import { PERMISSIONS, type PlanVersionInfo, type Role } from '../../../shared/protocol';

export type DraftState =
  | { kind: 'unknown' }
  | { kind: 'unpublished' }
  | { kind: 'published'; latest: PlanVersionInfo }
  | { kind: 'draft'; latest: PlanVersionInfo; diff: VersionDiff };

/**
 * `versions`: null while not known (not connected). `latestPlan`: the plan of the newest version, once read.
 * `diff`: the row changes between two bundles (renderer/data diffBundles).
 */
export function draftState(
  bundle: OperationBundle | null,
  versions: readonly PlanVersionInfo[] | null,
  latestPlan: OperationBundle | null,
  diff: (from: OperationBundle, to: OperationBundle) => RowChange[],
): DraftState {
  if (!bundle || versions === null) return { kind: 'unknown' };
  const latest = versions.at(-1);
  if (!latest) return { kind: 'unpublished' };
  if (!latestPlan) return { kind: 'unknown' };
  const d = summariseDiff(diff(latestPlan, bundle));
  return d.total === 0 ? { kind: 'published', latest } : { kind: 'draft', latest, diff: d };
}

/** "09:14" (today) or "5 Dec 09:14". */
export function shortTime(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const hm = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === d.toDateString() ? hm : `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${hm}`;
}

/** "approved 09:14 by Supt Dev commander", or "not approved". */
export function approvalText(v: PlanVersionInfo, now = Date.now()): string {
  if (!v.approvedAt || !v.approvedBy) return 'not approved';
  return `approved ${shortTime(v.approvedAt, now)} by ${v.approvedRank ? `${v.approvedRank} ` : ''}${v.approvedBy}`;
}

/**
 * The words of the Plan header. `refused`: the server is connected but refused to list the versions (it said why;
 * History shows its words): "not connected" there sent a new user to Settings for nothing.
 */
export function draftLabel(s: DraftState, now = Date.now(), refused: string | null = null): string {
  switch (s.kind) {
    case 'unknown':
      return refused ? 'Versions: refused by the command server (see History)' : 'Versions: not connected to the command server';
    case 'unpublished':
      return 'Draft: never published';
    case 'published':
      return `v${s.latest.version} published (${approvalText(s.latest, now)})`;
    case 'draft':
      return `Draft since v${s.latest.version}`;
  }
}

/**
 * Whether to offer "Approve" (the server's PERMISSIONS for `plan:approve`): a planner was offered it and then refused.
 * Unknown (not subscribed, or a server too old to say) offers it: the server still refuses, and says so in plain words.
 */
export function mayApprove(you: { role: Role } | null | undefined): boolean {
  return !you || PERMISSIONS['plan:approve'].includes(you.role);
}
