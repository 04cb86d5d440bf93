import { describe, expect, it } from 'vitest';
import { demoOperation } from '../../../server/demo/demoOperation';
import { diffBundles } from '../../data/patches';
import type { PlanVersionInfo } from '../../../shared/protocol';
import { approvalText, draftLabel, draftState, mayApprove } from './draftState';

const v = (version: number, p: Partial<PlanVersionInfo> = {}): PlanVersionInfo => ({
  operationId: 'op',
  version,
  operationName: 'Operation Kingfisher',
  publishedBy: 'Dev planner',
  publishedAt: '2026-12-05T09:00:00.000Z',
  note: '',
  ...p,
});

describe('draftState', () => {
  const plan = demoOperation(Date.parse('2026-12-05T08:00:00Z'));

  it('is "Draft since vN" once the working copy differs from the latest version, and vN while it does not', () => {
    expect(draftLabel(draftState(plan, [v(1), v(2)], plan, diffBundles))).toMatch(/^v2 published/);
    const edited = { ...plan, features: plan.features.map((f, i) => (i === 0 ? { ...f, name: `${f.name} (moved)` } : f)) };
    const s = draftState(edited, [v(1), v(2)], plan, diffBundles);
    expect(draftLabel(s)).toBe('Draft since v2');
    expect(s.kind === 'draft' && s.diff.total).toBe(1);
  });

  it('ignores a save that changed only bookkeeping (updatedAt)', () => {
    const touched = { ...plan, operation: { ...plan.operation, updatedAt: '2030-01-01T00:00:00.000Z' } };
    expect(draftState(touched, [v(1)], plan, diffBundles).kind).toBe('published');
  });

  it('says when nothing was published, or the server is not reachable', () => {
    expect(draftLabel(draftState(plan, [], null, diffBundles))).toBe('Draft: never published');
    expect(draftState(plan, null, null, diffBundles).kind).toBe('unknown');
  });
});

describe('approvalText', () => {
  it('names rank, name and time of the approval', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    const text = approvalText(v(1, { approvedBy: 'Dev commander', approvedRank: 'Supt', approvedAt: '2026-12-05T09:14:00.000Z' }), now);
    expect(text).toMatch(/^approved \d\d:14 by Supt Dev commander$/);
    expect(approvalText(v(1), now)).toBe('not approved');
  });
});

describe('mayApprove', () => {
  it('offers Approve to a commander, not to a planner, controller, viewer or loggist; unknown still offers it', () => {
    expect(mayApprove({ role: 'commander' })).toBe(true);
    for (const role of ['planner', 'controller', 'viewer', 'loggist'] as const) expect(mayApprove({ role })).toBe(false);
    expect(mayApprove(null)).toBe(true);
  });
});

describe('draftLabel when the versions are not known', () => {
  it('says the server refused (not that the link is down) when it is connected and refused the list', () => {
    expect(draftLabel({ kind: 'unknown' })).toBe('Versions: not connected to the command server');
    expect(draftLabel({ kind: 'unknown' }, Date.now(), 'You have no role in this operation on the command server: ask an administrator.')).toBe(
      'Versions: refused by the command server (see History)',
    );
  });
});
