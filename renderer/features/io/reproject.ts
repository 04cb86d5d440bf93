/**
 * Applies a coordinate transform to an untrusted GeoJSON-like geometry before it is validated. Only positions (arrays
 * whose first two items are numbers) are transformed; anything malformed is passed through untouched so that the
 * geometry validator still reports it in its own words, at the right place.
 */
import type { LonLatFn } from '../../../shared/geo/projections';

const MAX_DEPTH = 8;

export function reprojectGeometry(geometry: unknown, toLonLat: LonLatFn, depth = 0): unknown {
  if (depth > MAX_DEPTH || typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) return geometry;
  const g = geometry as Record<string, unknown>;
  if (Array.isArray(g.geometries)) return { ...g, geometries: g.geometries.map((m: unknown) => reprojectGeometry(m, toLonLat, depth + 1)) };
  if (!('coordinates' in g)) return g;
  return { ...g, coordinates: reprojectCoordinates(g.coordinates, toLonLat, 0) };
}

function reprojectCoordinates(c: unknown, toLonLat: LonLatFn, depth: number): unknown {
  if (!Array.isArray(c) || depth > MAX_DEPTH) return c;
  if (typeof c[0] === 'number' && typeof c[1] === 'number') {
    if (!Number.isFinite(c[0]) || !Number.isFinite(c[1])) return c;
    // Heights (a third value) are dropped: plans are 2D, and a height in metres is not a longitude.
    return toLonLat(c[0], c[1]);
  }
  return c.map((x: unknown) => reprojectCoordinates(x, toLonLat, depth + 1));
}
