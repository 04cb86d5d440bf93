import { describe, expect, it } from 'vitest';
import type { Assignment } from '../../domain';
import { makeAssignment, makeBundle, makeFeature, makeUnit, pointGeom, rectGeom, t, THREE_PHASES } from '../fixtures';
import { buildPlanIndex } from '../planIndex';
import { unitDoubleBooked } from './unitDoubleBooked';

const features = [
  makeFeature({ id: 'p1', kind: 'post', name: 'Cenotaph', geometry: pointGeom(0, 0) }),
  makeFeature({ id: 'p2', kind: 'post', name: 'Downing St gates', geometry: pointGeom(50, 0) }),
  makeFeature({ id: 'p3', kind: 'post', name: 'Horse Guards', geometry: pointGeom(100, 0) }),
  makeFeature({
    id: 's1',
    kind: 'sector',
    name: 'Whitehall',
    geometry: rectGeom(-500, -500, 500, 500),
    props: { sectorCode: 'S1' },
  }),
  makeFeature({
    id: 's2',
    kind: 'sector',
    name: 'Trafalgar',
    geometry: rectGeom(500, -500, 1500, 500),
    props: { sectorCode: 'S2' },
  }),
];
const units = [makeUnit('u1', 'U1'), makeUnit('u2', 'U2')];
const post = (id: string, unitId: string, featureId: string, from: string, to: string) =>
  makeAssignment({ id, unitId, phaseId: 'ph1', target: { kind: 'post', featureId }, startsAt: t(from), endsAt: t(to) });
const sector = (id: string, unitId: string, featureId: string, from: string, to: string) =>
  makeAssignment({
    id,
    unitId,
    phaseId: 'ph1',
    target: { kind: 'sector', featureId },
    startsAt: t(from),
    endsAt: t(to),
  });
const run = (assignments: Assignment[]) => unitDoubleBooked(buildPlanIndex(makeBundle({ phases: THREE_PHASES, features, units, assignments })));

describe('unitDoubleBooked', () => {
  it('reports two posts at once, with the overlap and the names', () => {
    const w = run([post('a', 'u1', 'p1', '10:00', '12:00'), post('b', 'u1', 'p2', '11:00', '13:00')]);
    expect(w).toEqual([
      {
        id: 'unitDoubleBooked:a+b',
        rule: 'unitDoubleBooked',
        severity: 'error',
        message: 'U1 is booked in two places on 24 Aug 11:00–12:00: post "Cenotaph" and post "Downing St gates".',
        featureIds: ['p1', 'p2'],
        unitIds: ['u1'],
        assignmentIds: ['a', 'b'],
      },
    ]);
  });

  it('treats windows as half-open: a relief at 12:00 is not a clash', () => {
    expect(run([post('a', 'u1', 'p1', '10:00', '12:00'), post('b', 'u1', 'p2', '12:00', '14:00')])).toEqual([]);
  });

  it('does not compare different units', () => {
    expect(run([post('a', 'u1', 'p1', '10:00', '12:00'), post('b', 'u2', 'p1', '10:00', '12:00')])).toEqual([]);
  });

  it('lets a sector assignment run alongside a post, but not alongside another sector', () => {
    expect(run([sector('a', 'u1', 's1', '10:00', '12:00'), post('b', 'u1', 'p1', '10:00', '12:00')])).toEqual([]);
    const w = run([sector('a', 'u1', 's1', '10:00', '12:00'), sector('b', 'u1', 's2', '11:30', '12:30')]);
    expect(w.map((x) => x.message)).toEqual(['U1 is booked in two places on 24 Aug 11:30–12:00: sector S1 "Whitehall" and sector S2 "Trafalgar".']);
  });

  it('says so when the same post is booked twice', () => {
    const w = run([post('a', 'u1', 'p1', '10:00', '12:00'), post('b', 'u1', 'p1', '10:00', '11:00')]);
    expect(w[0]?.message).toBe('U1 is assigned to post "Cenotaph" twice on 24 Aug 10:00–11:00.');
  });

  it('finds a clash with a long assignment past a short one in between', () => {
    const w = run([post('long', 'u1', 'p1', '10:00', '14:00'), post('short', 'u1', 'p2', '10:30', '11:00'), post('later', 'u1', 'p3', '13:00', '13:30')]);
    expect(w.map((x) => x.id).sort()).toEqual(['unitDoubleBooked:later+long', 'unitDoubleBooked:long+short']);
  });
});
