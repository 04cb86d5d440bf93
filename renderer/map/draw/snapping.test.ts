import { describe, expect, it } from 'vitest';
import type { PlanFeature } from '../../../shared/domain';
import { collectVertices, nearestVertex } from './snapping';

const f = (id: string, geometry: PlanFeature['geometry']) => ({ id, geometry }) as PlanFeature;

describe('snapping to plan vertices', () => {
  const vertices = collectVertices(
    [
      f('a', {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
      f('b', { type: 'Point', coordinates: [5, 5] }),
      f('me', { type: 'Point', coordinates: [0.5, 0.5] }),
    ],
    'me',
  );
  it('skips the feature being edited', () => {
    expect(nearestVertex(vertices, 0.5, 0.5, 0.01, 0.01)).toBeUndefined();
  });
  it('finds the nearest vertex inside the window only', () => {
    expect(nearestVertex(vertices, 1.004, 0.003, 0.01, 0.01)).toEqual([1, 0]);
    expect(nearestVertex(vertices, 4.9, 5.05, 0.2, 0.2)).toEqual([5, 5]);
    expect(nearestVertex(vertices, 3, 3, 0.2, 0.2)).toBeUndefined();
  });
});
