/** The command chart and deployment matrix on a small hand-made plan: inherited Bronzes, one head count, dated times. */
import { describe, expect, it } from 'vitest';
import { makeAssignment, makeBundle, makeFeature, makeUnit, pointGeom, rectGeom, t, THREE_PHASES } from '../validation/fixtures';
import { readBriefing } from './schema';
import { commandChart, deploymentMatrix, formatWindow, talkgroups } from './tables';

const bundle = makeBundle({
  phases: THREE_PHASES,
  features: [
    makeFeature({ id: 's1', kind: 'sector', name: 'North', bronze: 'Bronze A', geometry: rectGeom(0, 0, 1000, 1000), props: { sectorCode: 'S1' } }),
    makeFeature({ id: 'p1', kind: 'post', name: 'Church', geometry: pointGeom(500, 500) }),
    makeFeature({ id: 'p2', kind: 'post', name: 'Bank', geometry: pointGeom(600, 500) }),
  ],
  units: [
    makeUnit('u1', 'U1', { talkgroup: 'TG1' }), // 1 / 3 / 21 / 0
    makeUnit('u2', 'U2', { strength: { inspectors: 0, sergeants: 1, constables: 6, staff: 1 }, type: 'tsg' }),
    makeUnit('amb', 'AMB1', { type: 'ambulance', strength: { inspectors: 0, sergeants: 0, constables: 0, staff: 4 } }),
  ],
  assignments: [
    makeAssignment({ id: 'a1', unitId: 'u1', phaseId: 'ph1', target: { kind: 'post', featureId: 'p1' }, startsAt: t('10:00'), endsAt: t('11:00') }),
    makeAssignment({
      id: 'a2',
      unitId: 'u2',
      phaseId: 'ph1',
      target: { kind: 'post', featureId: 'p2' },
      startsAt: t('22:00'),
      endsAt: t('02:00', '2025-08-25'),
    }),
    makeAssignment({ id: 'a3', unitId: 'amb', phaseId: 'ph1', target: { kind: 'post', featureId: 'p2' }, startsAt: t('10:00'), endsAt: t('11:00') }),
  ],
});

describe('command chart', () => {
  const chart = commandChart(bundle, readBriefing(undefined));

  it('puts units at posts inside a sector under the sector Bronze, counting officers once', () => {
    expect(chart.bronzes).toHaveLength(1);
    expect(chart.bronzes[0]).toMatchObject({
      name: 'Bronze A',
      sectors: ['S1 North'],
      units: ['AMB1', 'U1', 'U2'],
      officers: 25 + 7,
      headcount: { officers: 32, staff: 1, partners: 4 },
    });
  });

  it('gives talkgroups by the same Bronze', () => {
    expect(talkgroups(bundle).byBronze).toEqual([{ bronze: 'Bronze A', sectors: 'S1', talkgroups: ['TG1'] }]);
  });
});

describe('deployment matrix', () => {
  it('carries the date with the time, and both dates across midnight', () => {
    const rows = deploymentMatrix(bundle);
    expect(rows.map((r) => [r.callSign, r.time, r.bronze])).toEqual([
      ['AMB1', '24 Aug 2025, 10:00-11:00', 'Bronze A'],
      ['U1', '24 Aug 2025, 10:00-11:00', 'Bronze A'],
      ['U2', '24 Aug 2025, 22:00-25 Aug 2025, 02:00', 'Bronze A'],
    ]);
  });

  it.each([
    ['2026-06-13T06:30:00Z', '2026-06-13T18:00:00Z', '13 Jun 2026, 07:30-19:00'],
    ['2026-12-31T23:30:00Z', '2027-01-01T01:00:00Z', '31 Dec 2026, 23:30-01 Jan 2027, 01:00'],
    // 23:30 UTC in June is 00:30 the next day in London: the London date is printed
    ['2026-06-13T23:30:00Z', '2026-06-14T02:00:00Z', '14 Jun 2026, 00:30-03:00'],
  ])('formatWindow(%s, %s) = %s', (a, b, expected) => {
    expect(formatWindow(a, b)).toBe(expected);
  });
});
