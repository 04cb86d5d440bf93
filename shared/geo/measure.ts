/**
 * Measurements of plan geometry, in metres on the ground (Turf's geodesic maths on WGS84 lon/lat), and the
 * route timing a planner needs: walking time at a pace and an ETA at each checkpoint.
 */
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import type { Checkpoint, FeatureProps, PlanGeometry, Position } from '../domain';
import { err, ok, type Result } from '../util/result';

export type PointGeom = Extract<PlanGeometry, { type: 'Point' }>;
export type LineGeom = Extract<PlanGeometry, { type: 'LineString' }>;
export type PolygonGeom = Extract<PlanGeometry, { type: 'Polygon' }>;

const asPolygon = (coordinates: number[][][]): PolygonGeom => ({
  type: 'Polygon',
  coordinates: coordinates as Position[][],
});

// ---------------------------------------------------------------------------------------------------------------
// Plain measures

/** Area in square metres; 0 for points and lines. */
export function areaM2(geometry: PlanGeometry): number {
  return geometry.type === 'Polygon' ? turf.area(geometry as Polygon) : 0;
}

/**
 * Perimeter in metres: the length of a polygon's outer boundary (holes are not counted: this is the line a cordon
 * would have to hold). 0 for points and lines.
 */
export function perimeterM(geometry: PlanGeometry): number {
  if (geometry.type !== 'Polygon') return 0;
  const outer = geometry.coordinates[0];
  return outer ? turf.length(turf.lineString(outer), { units: 'meters' }) : 0;
}

/** Length of a line in metres; 0 for points and polygons (see perimeterM). */
export function lengthM(geometry: PlanGeometry): number {
  return geometry.type === 'LineString' ? turf.length(turf.lineString(geometry.coordinates), { units: 'meters' }) : 0;
}

/** Area and circumference of a circle of the given radius (e.g. a circle feature's props.radiusM). */
export function circleMeasures(radiusM: number): { areaM2: number; circumferenceM: number } {
  return { areaM2: Math.PI * radiusM * radiusM, circumferenceM: 2 * Math.PI * radiusM };
}

/**
 * The radius of a circle drawn as a polygon (e.g. by the map's circle tool): the mean distance, metres, from the
 * average of the outer ring's vertices to each vertex. Exact for a regular polygon such as circlePolygon makes;
 * for any other shape it is just a typical "radius". 0 for points and lines.
 */
export function circleRadiusM(geometry: PlanGeometry): number {
  if (geometry.type !== 'Polygon') return 0;
  const ring = geometry.coordinates[0] ?? [];
  const first = ring[0];
  const last = ring[ring.length - 1];
  const pts = first && last && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
  if (pts.length === 0) return 0;
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return pts.reduce((s, p) => s + turf.distance([cx, cy], [p[0], p[1]], { units: 'meters' }), 0) / pts.length;
}

/**
 * A representative point: the point itself; the point halfway along a line (by distance, so it lies on the line);
 * the centre of mass of a polygon (which can fall outside a strongly concave shape).
 */
export function centroid(geometry: PlanGeometry): Position {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates[0], geometry.coordinates[1]];
    case 'LineString':
      return pointAlong(geometry, lengthM(geometry) / 2);
    case 'Polygon': {
      const c = turf.centerOfMass(geometry as Polygon).geometry.coordinates;
      return [c[0] ?? 0, c[1] ?? 0];
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `850 m`, `1.25 km`, `12.4 km`, `150 km`. */
export function formatDistance(m: number): string {
  if (Math.round(m) < 1000) return `${Math.round(m)} m`;
  const km = m / 1000;
  return `${km < 10 ? km.toFixed(2) : km < 100 ? km.toFixed(1) : group(Math.round(km))} km`;
}

/** `950 m²` (under 1 ha), `12.35 ha` (under 1 km²), `3.40 km²`. */
export function formatArea(m2: number): string {
  if (Math.round(m2) < 10_000) return `${group(Math.round(m2))} m²`;
  if (Math.round(m2 / 100) < 10_000) return `${(m2 / 10_000).toFixed(2)} ha`;
  return `${(m2 / 1_000_000).toFixed(2)} km²`;
}

/** `45 min`, `1 h 05 min`, `2 h`. Rounded to the minute. */
export function formatDuration(minutes: number): string {
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  const h = Math.floor(total / 60);
  const min = total % 60;
  return min === 0 ? `${h} h` : `${h} h ${String(min).padStart(2, '0')} min`;
}

export type MeasurementKey = 'area' | 'perimeter' | 'length' | 'radius' | 'circumference' | 'tolerance' | 'walkingTime';

export interface Measurement {
  key: MeasurementKey;
  label: string;
  /** In SI: metres, square metres, or minutes for walkingTime. */
  value: number;
  /** For display: value with a sensible unit. */
  text: string;
}

/**
 * The figures to show for a feature: area and perimeter of a polygon; length of a line (and the walking time at
 * the route's pace); radius, area and circumference of a circle (a Point with props.radiusM); a post's tolerance.
 */
export function describeMeasurements(geometry: PlanGeometry, props: FeatureProps = {}): Measurement[] {
  const out: Measurement[] = [];
  const dist = (key: MeasurementKey, label: string, value: number) => out.push({ key, label, value, text: formatDistance(value) });
  if (geometry.type === 'Polygon') {
    const a = areaM2(geometry);
    out.push({ key: 'area', label: 'Area', value: a, text: formatArea(a) });
    dist('perimeter', 'Perimeter', perimeterM(geometry));
  } else if (geometry.type === 'LineString') {
    const len = lengthM(geometry);
    dist('length', 'Length', len);
    if (props.paceKmh) {
      const minutes = walkingMinutes(len, props.paceKmh);
      out.push({
        key: 'walkingTime',
        label: `Time at ${props.paceKmh} km/h`,
        value: minutes,
        text: formatDuration(minutes),
      });
    }
  } else {
    if (props.radiusM) {
      const c = circleMeasures(props.radiusM);
      dist('radius', 'Radius', props.radiusM);
      out.push({ key: 'area', label: 'Area', value: c.areaM2, text: formatArea(c.areaM2) });
      dist('circumference', 'Circumference', c.circumferenceM);
    }
    if (props.toleranceM) dist('tolerance', 'On-post tolerance', props.toleranceM);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Routes: walking time, checkpoints, snapping

/** Minutes to cover distanceM at paceKmh. */
export function walkingMinutes(distanceM: number, paceKmh: number): number {
  if (!(paceKmh > 0)) throw new RangeError('pace must be greater than 0 km/h');
  return (distanceM / 1000 / paceKmh) * 60;
}

export interface CheckpointTiming {
  id: string;
  name: string;
  distanceM: number;
  /** Minutes from the route's start at the given pace. */
  minutes: number;
  /** Computed time of arrival, ISO 8601 UTC. */
  eta: string;
  plannedAt?: string;
  /**
   * plannedAt minus the computed ETA, minutes. Negative: the plan expects the head of the procession there
   * sooner than it can walk it.
   */
  slackMinutes?: number;
  /** The checkpoint lies past the end of the drawn route (it was placed on an older, longer line). */
  beyondEnd: boolean;
}

export interface RouteTiming {
  lengthM: number;
  totalMinutes: number;
  /** Arrival at the end of the route, ISO 8601 UTC. */
  finishAt: string;
  /** Sorted by distance along the route. */
  checkpoints: CheckpointTiming[];
}

/** ETA at each checkpoint and at the end of a route walked at paceKmh from startsAt (ISO time). */
export function routeTimings(route: LineGeom, opts: { paceKmh: number; startsAt: string; checkpoints?: readonly Checkpoint[] }): RouteTiming {
  const start = Date.parse(opts.startsAt);
  if (Number.isNaN(start)) throw new RangeError(`not a time: ${opts.startsAt}`);
  const len = lengthM(route);
  const at = (minutes: number) => new Date(start + Math.round(minutes * 60_000)).toISOString();
  const checkpoints = [...(opts.checkpoints ?? [])]
    .sort((a, b) => a.distanceM - b.distanceM)
    .map((c): CheckpointTiming => {
      const minutes = walkingMinutes(c.distanceM, opts.paceKmh);
      const eta = at(minutes);
      const t: CheckpointTiming = {
        id: c.id,
        name: c.name,
        distanceM: c.distanceM,
        minutes,
        eta,
        beyondEnd: c.distanceM > len + 1,
      };
      if (c.plannedAt !== undefined) {
        t.plannedAt = c.plannedAt;
        t.slackMinutes = (Date.parse(c.plannedAt) - Date.parse(eta)) / 60_000;
      }
      return t;
    });
  const totalMinutes = walkingMinutes(len, opts.paceKmh);
  return { lengthM: len, totalMinutes, finishAt: at(totalMinutes), checkpoints };
}

export interface SnappedPoint {
  /** Distance along the line from its start to the snapped point, metres (what a Checkpoint stores). */
  distanceM: number;
  /** The snapped point on the line. */
  position: Position;
  /** How far the clicked point was from the line, metres: callers may refuse clicks too far away. */
  offsetM: number;
}

/** Snap a clicked point to the nearest point on the line. */
export function snapToLine(line: LineGeom, clicked: Position): SnappedPoint {
  const p = turf.nearestPointOnLine(line as LineString, [clicked[0], clicked[1]], { units: 'meters' });
  const c = p.geometry.coordinates;
  return {
    distanceM: p.properties.totalDistance,
    position: [c[0] ?? 0, c[1] ?? 0],
    offsetM: p.properties.pointDistance,
  };
}

/** The point distanceM along the line (clamped to its ends). */
export function pointAlong(line: LineGeom, distanceM: number): Position {
  const c = turf.along(line as LineString, Math.max(0, distanceM), { units: 'meters' }).geometry.coordinates;
  return [c[0] ?? 0, c[1] ?? 0];
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes

/** A circle as a polygon of `steps` vertices (for drawing, and for cordons of a given radius). */
export function circlePolygon(center: Position, radiusM: number, steps = 64): PolygonGeom {
  return asPolygon(turf.circle([center[0], center[1]], radiusM, { steps, units: 'meters' }).geometry.coordinates);
}

/**
 * A cordon `metres` around a point, line or area, as one Polygon. Negative metres shrink a polygon (an inner ring
 * set back from a boundary); points and lines need a positive distance.
 *
 * When Turf's buffer comes back as a MultiPolygon (a shrunken polygon that splits in two at a narrow waist, or a
 * shape whose buffer touches itself), the parts are already disjoint, so a union would not join them: we keep the
 * largest part by area and drop the rest. `dropped` in the result says how many parts were dropped, so the UI can
 * tell the planner.
 */
export function bufferGeometry(geometry: PlanGeometry, metres: number): Result<PolygonGeom> {
  const r = bufferGeometryDetailed(geometry, metres);
  return r.ok ? ok(r.value.polygon) : r;
}

/** bufferGeometry, also saying how many parts of a MultiPolygon result were dropped. */
export function bufferGeometryDetailed(geometry: PlanGeometry, metres: number): Result<{ polygon: PolygonGeom; dropped: number }> {
  if (!Number.isFinite(metres)) return err('The buffer distance must be a number of metres.');
  if (geometry.type !== 'Polygon' && metres <= 0) return err('A cordon around a point or line needs a distance above 0 m.');
  if (metres === 0) return ok({ polygon: geometry as PolygonGeom, dropped: 0 });
  let result: Feature<Polygon | MultiPolygon> | undefined;
  try {
    result = turf.buffer(turf.feature(geometry as Polygon | LineString), metres, { units: 'meters' });
  } catch (e) {
    return err(`Could not draw a cordon around this shape (${e instanceof Error ? e.message : String(e)}).`);
  }
  const g = result?.geometry;
  if (!g || g.coordinates.length === 0) return err(`Shrinking this area by ${Math.abs(metres)} m leaves nothing.`);
  if (g.type === 'Polygon') return ok({ polygon: asPolygon(g.coordinates), dropped: 0 });
  let best: number[][][] | undefined;
  let bestArea = -1;
  for (const part of g.coordinates) {
    const a = turf.area(turf.polygon(part));
    if (a > bestArea) {
      best = part;
      bestArea = a;
    }
  }
  if (!best) return err(`Shrinking this area by ${Math.abs(metres)} m leaves nothing.`);
  return ok({ polygon: asPolygon(best), dropped: g.coordinates.length - 1 });
}
