import { describe, expect, it } from 'vitest';
import type { Assignment } from '../domain';
import { at, lineGeom, makeAssignment, makeBundle, makeFeature, makeUnit, pointGeom, rectGeom, t, THREE_PHASES } from './fixtures';
import { planTotals, sumUnits, totalsByPhase, totalsBySector } from './totals';

const features = [
  makeFeature({
    id: 's1',
    kind: 'sector',
    name: 'North',
    bronze: 'Sector 1 Bronze',
    geometry: rectGeom(0, 0, 1000, 1000),
    props: { sectorCode: 'S1' },
  }),
  makeFeature({
    id: 's2',
    kind: 'sector',
    name: 'South',
    bronze: 'Sector 2 Bronze',
    geometry: rectGeom(0, -1000, 1000, 0),
    props: { sectorCode: 'S2' },
  }),
  makeFeature({ id: 'p1', kind: 'post', name: 'Church', geometry: pointGeom(500, 500) }),
  makeFeature({ id: 'p2', kind: 'post', name: 'Station', geometry: pointGeom(500, -500) }),
  makeFeature({
    id: 'c1',
    kind: 'cordon',
    name: 'Outer',
    // The cordon straddles both sectors; its gate is in the north.
    geometry: rectGeom(100, -100, 300, 300),
    props: {
      cordonType: 'outer',
      accessPoints: [{ id: 'ap1', name: 'Gate', position: at(200, 300), staffingRequired: 5 }],
    },
  }),
  makeFeature({ id: 'r1', kind: 'route', name: 'March', geometry: lineGeom([0, -900], [0, 900]) }),
];
const units = [
  makeUnit('psuA', 'A1'), // 1 / 3 / 21 / 0
  makeUnit('dog', 'DOG1', { type: 'dogs', strength: { inspectors: 0, sergeants: 1, constables: 4, staff: 1 } }),
  makeUnit('psuC', 'C1'),
  makeUnit('idle', 'IDLE'),
];
const a = (id: string, unitId: string, phaseId: string, target: Assignment['target']) =>
  makeAssignment({ id, unitId, phaseId, target, startsAt: t('10:00'), endsAt: t('11:00') });
const assignments = [
  a('1', 'psuA', 'ph1', { kind: 'sector', featureId: 's1' }),
  a('2', 'psuA', 'ph1', { kind: 'post', featureId: 'p1' }), // same sector, same phase: counted once
  a('3', 'psuA', 'ph2', { kind: 'post', featureId: 'p2' }), // in the south in Procession
  a('4', 'dog', 'ph1', { kind: 'accessPoint', featureId: 'c1', accessPointId: 'ap1' }), // gate is in S1
  a('5', 'psuC', 'ph2', { kind: 'routeSegment', featureId: 'r1', fromM: 0, toM: 500 }), // no sector
  a('6', 'ghost', 'ph2', { kind: 'post', featureId: 'p1' }), // unit deleted: not counted
];

describe('planTotals', () => {
  const totals = planTotals(makeBundle({ phases: THREE_PHASES, features, units, assignments }));

  it('counts every assigned unit once overall, and leaves idle units out', () => {
    expect(totals.all).toEqual({
      units: 3,
      officers: 25 + 5 + 25,
      staff: 1,
      partners: 0,
      byRank: { inspectors: 2, sergeants: 7, constables: 46, staff: 1 },
      byType: { psu: 2, dogs: 1 },
    });
  });

  it('counts each unit once per phase, in phase order, including phases with nobody', () => {
    expect(totals.byPhase.map((p) => [p.name, p.totals.units, p.totals.officers, p.totals.byType])).toEqual([
      ['Assembly', 2, 30, { psu: 1, dogs: 1 }],
      ['Procession', 2, 50, { psu: 2 }],
      ['Dispersal', 0, 0, {}],
    ]);
  });

  it('puts units in a sector by sector assignment or by where their post or gate is, once each', () => {
    const s1 = totals.bySector.find((s) => s.sectorId === 's1');
    const s2 = totals.bySector.find((s) => s.sectorId === 's2');
    expect(s1).toMatchObject({ code: 'S1', name: 'North', bronze: 'Sector 1 Bronze' });
    expect([s1?.totals.units, s1?.totals.officers]).toEqual([2, 30]);
    expect(Object.keys(s1?.byPhase ?? {})).toEqual(['ph1']);
    expect([s2?.totals.units, s2?.totals.officers, Object.keys(s2?.byPhase ?? {})]).toEqual([1, 25, ['ph2']]);
  });
});

describe('sumUnits', () => {
  it('adds nothing up to zero', () => {
    expect(sumUnits([])).toEqual({
      units: 0,
      officers: 0,
      staff: 0,
      partners: 0,
      byRank: { inspectors: 0, sergeants: 0, constables: 0, staff: 0 },
      byType: {},
    });
  });
});

describe('totals rows for the tables', () => {
  const bundle = makeBundle({ phases: THREE_PHASES, features, units, assignments });

  it('gives a row per phase with officers by rank and units by type', () => {
    expect(totalsByPhase(bundle)[0]).toEqual({
      key: 'ph1',
      label: 'Assembly',
      units: 2,
      officers: { inspectors: 1, sergeants: 4, constables: 25, staff: 1 },
      officerTotal: 30,
      partners: 0,
      unitsByType: { psu: 1, dogs: 1 },
    });
    expect(totalsByPhase(bundle).map((r) => r.label)).toEqual(['Assembly', 'Procession', 'Dispersal']);
  });

  it('labels sector rows with code and name', () => {
    expect(totalsBySector(bundle).map((r) => [r.label, r.units])).toEqual([
      ['S1 North', 2],
      ['S2 South', 1],
    ]);
  });

  it.each([
    // [phase, S1 units/officers, S2 units/officers]: a sector counts only who is in it in the phase shown
    [null, [2, 30], [1, 25]],
    ['ph1', [2, 30], [0, 0]],
    ['ph2', [0, 0], [1, 25]],
    ['ph3', [0, 0], [0, 0]],
  ] as const)('counts sectors in phase %s only', (phaseId, s1, s2) => {
    expect(totalsBySector(bundle, phaseId).map((r) => [r.units, r.officerTotal])).toEqual([s1, s2]);
  });

  it('counts police staff apart and partner agencies as no officers at all', () => {
    const more = [
      ...units,
      makeUnit('amb', 'AMB1', { type: 'ambulance', strength: { inspectors: 0, sergeants: 0, constables: 0, staff: 4 } }),
      makeUnit('frs', 'FRS1', { type: 'fire', strength: { inspectors: 0, sergeants: 0, constables: 2, staff: 0 } }),
    ];
    const extra = [a('7', 'amb', 'ph3', { kind: 'post', featureId: 'p1' }), a('8', 'frs', 'ph3', { kind: 'post', featureId: 'p1' })];
    const [row] = totalsBySector(makeBundle({ phases: THREE_PHASES, features, units: more, assignments: [...assignments, ...extra] }), 'ph3');
    expect(row).toMatchObject({ units: 2, officerTotal: 0, partners: 6, officers: { inspectors: 0, sergeants: 0, constables: 0, staff: 0 } });
  });

  it('gives no rows when nothing is assigned', () => {
    const empty = makeBundle({ phases: THREE_PHASES, features, units });
    expect(totalsByPhase(empty)).toEqual([]);
    expect(totalsBySector(empty)).toEqual([]);
  });
});
