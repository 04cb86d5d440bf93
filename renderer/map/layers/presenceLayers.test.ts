import { describe, expect, it } from 'vitest';
import type { PlanFeature } from '../../../shared/domain';
import { PRESENCE_SOURCE, presenceLayers, presenceOutlineCollection, presenceSources } from './presenceLayers';
import { styleProblems } from './styleSpecCheck';

const feature = (id: string, geometry: PlanFeature['geometry']) => ({ id, geometry }) as unknown as PlanFeature;

describe('presence outline layers', () => {
  it('are valid against the MapLibre style specification and draw only from their own source', () => {
    expect(styleProblems(presenceSources(), presenceLayers())).toEqual([]);
    for (const l of presenceLayers()) expect((l as { source: string }).source).toBe(PRESENCE_SOURCE);
  });

  it('outline the selected features of this plan in the selecting person’s colour, skipping ids the plan does not hold', () => {
    const sector = feature('s1', {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    });
    const rvp = feature('p1', { type: 'Point', coordinates: [0.5, 0.5] });
    const fc = presenceOutlineCollection(
      [sector, rvp],
      [
        { featureId: 's1', colour: '#ff8a65', who: 'Insp Jane Smith' },
        { featureId: 'unit-9', colour: '#4dd0e1', who: 'PC 123 Jones' },
        { featureId: 'p1', colour: '#4dd0e1', who: 'PC 123 Jones' },
      ],
    );
    expect(fc.features.map((f) => [f.properties.id, f.properties.colour, f.geometry.type])).toEqual([
      ['s1', '#ff8a65', 'Polygon'],
      ['p1', '#4dd0e1', 'Point'],
    ]);
  });
});
