/** Radius of a circle drawn as a polygon (terra-draw's circle mode): mean distance from its centre to its vertices. */
import { distance } from '@turf/turf';
import type { PlanGeometry } from '../domain';
import { centroid } from './measure';

export function circleRadiusM(polygon: Extract<PlanGeometry, { type: 'Polygon' }>): number {
  const ring = polygon.coordinates[0] ?? [];
  if (ring.length === 0) return 0;
  const c = centroid(polygon);
  const sum = ring.reduce((s, p) => s + distance([c[0], c[1]], [p[0], p[1]], { units: 'meters' }), 0);
  return sum / ring.length;
}
