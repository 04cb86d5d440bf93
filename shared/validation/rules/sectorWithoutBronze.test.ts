import { describe, expect, it } from 'vitest';
import { makeBundle, makeFeature, rectGeom } from '../fixtures';
import { buildPlanIndex } from '../planIndex';
import { sectorWithoutBronze } from './sectorWithoutBronze';

describe('sectorWithoutBronze', () => {
  it('reports sectors whose Bronze is blank, and only sectors', () => {
    const g = rectGeom(0, 0, 100, 100);
    const bundle = makeBundle({
      features: [
        makeFeature({
          id: 's1',
          kind: 'sector',
          name: 'Hyde Park',
          bronze: '  ',
          geometry: g,
          props: { sectorCode: 'S3' },
        }),
        makeFeature({ id: 's2', kind: 'sector', name: 'Ladbroke Grove', bronze: 'Sector 2 Bronze', geometry: g }),
        makeFeature({ id: 'c1', kind: 'cordon', name: 'Outer', geometry: g }),
      ],
    });
    expect(sectorWithoutBronze(buildPlanIndex(bundle))).toEqual([
      {
        id: 'sectorWithoutBronze:s1',
        rule: 'sectorWithoutBronze',
        severity: 'error',
        message: 'Sector S3 "Hyde Park" has no Bronze.',
        featureIds: ['s1'],
        unitIds: [],
        assignmentIds: [],
      },
    ]);
  });
});
