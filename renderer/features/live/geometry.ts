/** Fast point-in-polygon for live positions (many points, few polygons): a bounding box first, then ray casting. */
import type { PlanGeometry } from '../../../shared/domain';

export type Rings = readonly (readonly (readonly number[])[])[];

export interface PreparedPolygon {
  rings: Rings;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function preparePolygon(rings: Rings): PreparedPolygon {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const c of rings[0] ?? []) {
    minLon = Math.min(minLon, c[0]!);
    maxLon = Math.max(maxLon, c[0]!);
    minLat = Math.min(minLat, c[1]!);
    maxLat = Math.max(maxLat, c[1]!);
  }
  return { rings, minLon, minLat, maxLon, maxLat };
}

function inRing(lon: number, lat: number, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(lon: number, lat: number, p: PreparedPolygon): boolean {
  if (lon < p.minLon || lon > p.maxLon || lat < p.minLat || lat > p.maxLat) return false;
  const [outer, ...holes] = p.rings;
  if (!outer || !inRing(lon, lat, outer)) return false;
  return !holes.some((h) => inRing(lon, lat, h));
}

export function polygonOf(g: PlanGeometry): PreparedPolygon | null {
  return g.type === 'Polygon' ? preparePolygon(g.coordinates) : null;
}

/** A lon/lat rectangle from two opposite corners, as a closed polygon ring. */
export function rectangle(a: readonly [number, number], b: readonly [number, number]): [number, number][][] {
  const [w, e] = a[0] < b[0] ? [a[0], b[0]] : [b[0], a[0]];
  const [s, n] = a[1] < b[1] ? [a[1], b[1]] : [b[1], a[1]];
  return [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
}
