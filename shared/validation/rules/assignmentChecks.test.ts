import { describe, expect, it } from 'vitest';
import type { Assignment } from '../../domain';
import { at, lineGeom, makeAssignment, makeBundle, makeFeature, makeUnit, pointGeom, rectGeom, t, THREE_PHASES } from '../fixtures';
import { buildPlanIndex } from '../planIndex';
import { assignmentChecks } from './assignmentChecks';

const features = [
  makeFeature({ id: 'p1', kind: 'post', name: 'Cenotaph', geometry: pointGeom(0, 0) }),
  makeFeature({ id: 'p2', kind: 'post', name: 'Early post', phaseIds: ['ph1'], geometry: pointGeom(0, 0) }),
  makeFeature({
    id: 's1',
    kind: 'sector',
    name: 'North',
    geometry: rectGeom(0, 0, 100, 100),
    props: { sectorCode: 'S1' },
  }),
  makeFeature({
    id: 'c1',
    kind: 'cordon',
    name: 'Whitehall',
    geometry: rectGeom(0, 0, 100, 100),
    props: {
      cordonType: 'inner',
      accessPoints: [{ id: 'ap1', name: 'Gate A', position: at(50, 0), staffingRequired: 0 }],
    },
  }),
  makeFeature({
    id: 'r1',
    kind: 'route',
    name: 'March',
    geometry: lineGeom([0, 0], [1000, 0]),
    props: { routeType: 'procession' },
  }),
];
const units = [makeUnit('u1', 'U1')];
const a = (p: Partial<Assignment> & Pick<Assignment, 'target'>) =>
  makeAssignment({ id: 'a1', unitId: 'u1', phaseId: 'ph1', startsAt: t('10:00'), endsAt: t('12:00'), ...p });
const run = (...assignments: Assignment[]) =>
  assignmentChecks(buildPlanIndex(makeBundle({ phases: THREE_PHASES, features, units, assignments }))).map((w) => [w.rule, w.severity, w.message]);

describe('assignmentChecks: dangling', () => {
  it('is content with good assignments of every kind', () => {
    expect(
      run(
        a({ target: { kind: 'post', featureId: 'p1' } }),
        a({ id: 'a2', target: { kind: 'sector', featureId: 's1' } }),
        a({ id: 'a3', target: { kind: 'accessPoint', featureId: 'c1', accessPointId: 'ap1' } }),
        a({ id: 'a4', target: { kind: 'routeSegment', featureId: 'r1', fromM: 0, toM: 1000 } }),
      ),
    ).toEqual([]);
  });

  it('reports a deleted target, unit or phase', () => {
    expect(run(a({ target: { kind: 'post', featureId: 'gone' } }))).toEqual([
      ['assignmentDangling', 'error', 'U1 is assigned in Assembly to a post that no longer exists.'],
    ]);
    expect(run(a({ unitId: 'gone', target: { kind: 'post', featureId: 'p1' } }))).toEqual([
      ['assignmentDangling', 'error', 'An assignment to post "Cenotaph" in Assembly is for a unit that no longer exists.'],
    ]);
    expect(run(a({ phaseId: 'gone', target: { kind: 'post', featureId: 'p1' } }))).toEqual([
      ['assignmentDangling', 'error', `U1's assignment to post "Cenotaph" is in a phase that no longer exists.`],
    ]);
  });

  it('reports a target of the wrong kind, or an access point removed from its cordon', () => {
    expect(run(a({ target: { kind: 'sector', featureId: 'p1' } }))).toEqual([
      ['assignmentDangling', 'error', 'U1 has a sector assignment to post "Cenotaph", which is not a sector.'],
    ]);
    expect(run(a({ target: { kind: 'accessPoint', featureId: 'c1', accessPointId: 'ap9' } }))).toEqual([
      ['assignmentDangling', 'error', 'U1 is assigned to an access point that is no longer on inner cordon "Whitehall".'],
    ]);
    expect(run(a({ target: { kind: 'routeSegment', featureId: 's1' } }))[0]?.[2]).toBe(
      'U1 is assigned to a route segment on sector S1 "North", which is not a route.',
    );
  });

  it('warns about a route segment past the end of a shortened route', () => {
    expect(run(a({ target: { kind: 'routeSegment', featureId: 'r1', fromM: 800, toM: 1500 } }))).toEqual([
      ['assignmentDangling', 'warning', `U1's segment of procession route "March" runs to 1.50 km, past the end of the route (1.00 km).`],
    ]);
  });
});

describe('assignmentChecks: time window', () => {
  const post = { kind: 'post', featureId: 'p1' } as const;
  it('errs on a window wholly outside its phase or ending before it starts', () => {
    expect(run(a({ target: post, startsAt: t('13:00'), endsAt: t('14:00') }))).toEqual([
      [
        'assignmentOutsidePhase',
        'error',
        `U1's assignment to post "Cenotaph" (24 Aug 13:00–14:00) is wholly outside its phase, Assembly (24 Aug 10:00–12:00).`,
      ],
    ]);
    expect(run(a({ target: post, startsAt: t('11:00'), endsAt: t('10:00') }))[0]?.[1]).toBe('error');
  });

  it('warns on a window that spills over either end of its phase', () => {
    expect(run(a({ target: post, startsAt: t('09:30'), endsAt: t('11:00') }))[0]?.[2]).toMatch(/starts before its phase/);
    expect(run(a({ target: post, startsAt: t('11:00'), endsAt: t('12:30') }))[0]?.[2]).toMatch(/runs past the end of its phase/);
    expect(run(a({ target: post, startsAt: t('09:00'), endsAt: t('13:00') }))[0]?.[2]).toMatch(/starts before and ends after/);
  });
});

describe('assignmentChecks: target not active in the phase', () => {
  it('warns when the feature is active only in other phases', () => {
    expect(run(a({ phaseId: 'ph2', startsAt: t('12:00'), endsAt: t('13:00'), target: { kind: 'post', featureId: 'p2' } }))).toEqual([
      ['targetNotInPhase', 'warning', 'U1 is assigned to post "Early post" in Procession, but it is only active in Assembly.'],
    ]);
  });
});
