/**
 * Snap to the vertices of existing plan features, so a cordon can follow a sector edge exactly. A flat vertex array
 * is scanned inside a small lon/lat window around the pointer: cheap enough per mouse move for tens of thousands of
 * vertices, with no index to keep in sync.
 */
import type { PlanFeature } from '../../../shared/domain';

export function collectVertices(features: readonly PlanFeature[], excludeId: string | null): Float64Array {
  const coords: number[] = [];
  for (const f of features) {
    if (f.id === excludeId) continue;
    const g = f.geometry;
    if (g.type === 'Point') coords.push(g.coordinates[0], g.coordinates[1]);
    else if (g.type === 'LineString') for (const c of g.coordinates) coords.push(c[0], c[1]);
    else for (const ring of g.coordinates) for (const c of ring) coords.push(c[0], c[1]);
  }
  return Float64Array.from(coords);
}

/** The nearest vertex inside the window, or undefined. Window and distance are in degrees (already scaled). */
export function nearestVertex(vertices: Float64Array, lon: number, lat: number, windowLon: number, windowLat: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestD = Infinity;
  for (let i = 0; i < vertices.length; i += 2) {
    const x = vertices[i]!;
    const y = vertices[i + 1]!;
    const dx = Math.abs(x - lon);
    const dy = Math.abs(y - lat);
    if (dx > windowLon || dy > windowLat) continue;
    const d = (dx / windowLon) ** 2 + (dy / windowLat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = [x, y];
    }
  }
  return best;
}
