import { describe, expect, it } from 'vitest';
import type { PlanVersionInfo } from '../../../shared/protocol';
import { applyNotice, fromSnapshot, newerLine, NO_VERSION, planLine } from './liveVersion';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const v = (version: number, p: Partial<PlanVersionInfo> = {}): PlanVersionInfo => ({
  operationId: 'op-k',
  version,
  operationName: 'Operation Kingfisher',
  publishedBy: 'Dev planner',
  publishedAt: '2026-12-05T09:00:00.000Z',
  note: '',
  ...p,
});
const approved = { approvedBy: 'Dev commander', approvedRank: 'Supt', approvedAt: '2026-12-05T09:14:00.000Z' };

describe('Live plan version', () => {
  it('says which version is in force and who approved it', () => {
    expect(planLine(NO_VERSION)).toBe('No published plan version');
    const s = fromSnapshot({ planVersion: v(1, approved) });
    expect(planLine(s, NOW)).toMatch(/^Plan v1, approved \d\d:14 by Supt Dev commander$/);
    expect(s.newer).toBeNull();
  });

  it('raises a notice when a newer version is published while watching, and keeps naming the approved one', () => {
    let s = fromSnapshot({ planVersion: v(1, approved) });
    s = applyNotice(s, { operationId: 'op-k', change: 'published', version: v(2, { note: 'Sector 4 added', publishedAt: '2026-12-05T09:30:00.000Z' }) });
    expect(s.newer?.version).toBe(2);
    expect(planLine(s, NOW)).toMatch(/^Plan v2, not approved \(v1 approved \d\d:14 by Supt Dev commander\)$/);
    expect(newerLine(s.newer!, NOW)).toMatch(/^Version 2 of the plan was published \d\d:30 by Dev planner: “Sector 4 added”/);
    // Its approval arrives: the line and the notice follow.
    s = applyNotice(s, { operationId: 'op-k', change: 'approved', version: v(2, approved) });
    expect(planLine(s, NOW)).toMatch(/^Plan v2, approved/);
    // An old notice (e.g. re-sent) changes nothing.
    expect(applyNotice(s, { operationId: 'op-k', change: 'published', version: v(1) })).toBe(s);
  });

  it('does not call the first version seen a newer one', () => {
    const s = applyNotice(NO_VERSION, { operationId: 'op-k', change: 'published', version: v(1) });
    expect(s.current?.version).toBe(1);
    expect(s.newer).toBeNull();
  });
});
