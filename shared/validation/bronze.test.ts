import { describe, expect, it } from 'vitest';
import type { AssignmentTarget } from '../domain';
import { bronzeOfAssignment, describeBronze } from './bronze';
import { at, makeBundle, makeFeature, pointGeom, rectGeom, lineGeom } from './fixtures';
import { buildPlanIndex } from './planIndex';

const ix = buildPlanIndex(
  makeBundle({
    features: [
      makeFeature({ id: 's1', kind: 'sector', name: 'North', bronze: 'Bronze A', geometry: rectGeom(0, 0, 1000, 1000), props: { sectorCode: 'S1' } }),
      makeFeature({ id: 's2', kind: 'sector', name: 'South', bronze: '', geometry: rectGeom(0, -1000, 1000, 0), props: { sectorCode: 'S2' } }),
      makeFeature({ id: 'inside', kind: 'post', name: 'Church', geometry: pointGeom(500, 500) }),
      makeFeature({ id: 'own', kind: 'post', name: 'Bank', bronze: 'Cordons Bronze', geometry: pointGeom(600, 600) }),
      makeFeature({ id: 'outside', kind: 'post', name: 'Far', geometry: pointGeom(5000, 5000) }),
      makeFeature({ id: 'south', kind: 'post', name: 'Station', geometry: pointGeom(500, -500) }),
      makeFeature({ id: 's3', kind: 'sector', name: 'Sector 3', bronze: 'Bronze C', geometry: rectGeom(2000, 0, 3000, 1000) }),
      makeFeature({ id: 'east', kind: 'post', name: 'East', geometry: pointGeom(2500, 500) }),
      makeFeature({ id: 'rvp', kind: 'keyLocation', name: 'RVP', geometry: pointGeom(100, 100) }),
      makeFeature({
        id: 'c1',
        kind: 'cordon',
        name: 'Inner',
        geometry: rectGeom(-300, 100, -100, 300),
        props: { cordonType: 'inner', accessPoints: [{ id: 'ap1', name: 'Gate', position: at(200, 300), staffingRequired: 2 }] },
      }),
      makeFeature({ id: 'r1', kind: 'route', name: 'March', geometry: lineGeom([100, 100], [200, 200]) }),
    ],
  }),
);

describe('bronzeOfAssignment', () => {
  it.each<[string, string, AssignmentTarget, string, string]>([
    ['a post inside a sector takes its Bronze', '', { kind: 'post', featureId: 'inside' }, 'Bronze A', 'Bronze A (from sector S1 North)'],
    ['a post with its own Bronze keeps it', '', { kind: 'post', featureId: 'own' }, 'Cordons Bronze', 'Cordons Bronze'],
    ["the assignment's own Bronze comes first", 'Reserves Bronze', { kind: 'post', featureId: 'inside' }, 'Reserves Bronze', 'Reserves Bronze'],
    ['a post outside every sector has none', '', { kind: 'post', featureId: 'outside' }, '', 'no Bronze'],
    ['a sector without a Bronze gives none', '', { kind: 'post', featureId: 'south' }, '', 'no Bronze'],
    ['a key location inside a sector takes its Bronze', '', { kind: 'post', featureId: 'rvp' }, 'Bronze A', 'Bronze A (from sector S1 North)'],
    [
      'an access point takes the Bronze of the sector it stands in',
      '',
      { kind: 'accessPoint', featureId: 'c1', accessPointId: 'ap1' },
      'Bronze A',
      'Bronze A (from sector S1 North)',
    ],
    ['a sector assignment takes the sector Bronze', '', { kind: 'sector', featureId: 's1' }, 'Bronze A', 'Bronze A'],
    ['a route segment crosses sectors: none', '', { kind: 'routeSegment', featureId: 'r1', fromM: 0, toM: 10 }, '', 'no Bronze'],
    ['a removed feature: none', '', { kind: 'post', featureId: 'gone' }, '', 'no Bronze'],
    ['a sector named "Sector 3" is not called "sector Sector 3"', '', { kind: 'post', featureId: 'east' }, 'Bronze C', 'Bronze C (from Sector 3)'],
  ])('%s', (_name, own, target, name, words) => {
    const b = bronzeOfAssignment(ix, { bronze: own, target });
    expect(b.name).toBe(name);
    expect(describeBronze(b)).toBe(words);
  });
});
