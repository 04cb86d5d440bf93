/**
 * "Which sector / cordon / authority area is this point in": one prepared index that the server's alerts, the
 * simulator, the plan checks and the control room's screen all ask, so they cannot disagree about "inside".
 *
 * - The test is Turf's booleanPointInPolygon: holes are outside, every part of a MultiPolygon counts, and a point
 *   exactly on a boundary (outer ring or hole edge) counts as inside the area. A unit standing on a sector's line is
 *   in that sector, not out of it: no out-of-sector alert for a PSU lined up on its boundary road.
 * - A bounding box per area is checked first: live positions are many and areas few, and most areas are far away.
 * Pure.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { FeatureKind, OperationBundle, PlanFeature } from '../domain';
import { capitalised, featureLabel } from '../validation/format';

export type AreaGeometry = Polygon | MultiPolygon;
/** [west, south, east, north]. */
export type AreaBBox = readonly [number, number, number, number];
/** A polygon's rings (outer first, then holes), as plan features and drawn rectangles hold them. */
export type Rings = readonly (readonly (readonly number[])[])[];

export interface PreparedArea {
  id: string;
  /** The plan feature's kind ('' for an area that is not a plan feature, e.g. a drawn rectangle). */
  kind: FeatureKind | '';
  label: string;
  geometry: AreaGeometry;
  bbox: AreaBBox;
}

export function isAreaGeometry(g: { type: string }): g is AreaGeometry {
  return g.type === 'Polygon' || g.type === 'MultiPolygon';
}

export function areaBBox(g: AreaGeometry): AreaBBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  // Holes lie inside their outer ring, so the outer rings bound the area.
  for (const rings of polygons) {
    for (const c of rings[0] ?? []) {
      if (c[0]! < w) w = c[0]!;
      if (c[0]! > e) e = c[0]!;
      if (c[1]! < s) s = c[1]!;
      if (c[1]! > n) n = c[1]!;
    }
  }
  return [w, s, e, n];
}

export function prepareArea(id: string, geometry: AreaGeometry, label = '', kind: FeatureKind | '' = ''): PreparedArea {
  return { id, kind, label, geometry, bbox: areaBBox(geometry) };
}

/** A polygon given by its rings (a drawn rectangle, a picked plan area). */
export function prepareRings(id: string, rings: Rings, label = ''): PreparedArea {
  return prepareArea(id, { type: 'Polygon', coordinates: rings as Polygon['coordinates'] }, label);
}

/** Inside the area, holes excluded, boundary included (see the top of this file). */
export function geometryContains(geometry: AreaGeometry, bbox: AreaBBox, lon: number, lat: number): boolean {
  if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) return false;
  return booleanPointInPolygon([lon, lat], geometry);
}

export function areaContains(a: PreparedArea, lon: number, lat: number): boolean {
  return geometryContains(a.geometry, a.bbox, lon, lat);
}

/** How a sector reads in lists and the unit panel: "S1 North", else its name, else "Sector". */
export function sectorLabel(f: Pick<PlanFeature, 'name' | 'props'>): string {
  return [f.props.sectorCode, f.name].filter(Boolean).join(' ') || 'Sector';
}

export interface AreaIndex {
  /** Every area feature of the plan (annotations excluded); sectors ordered by label, then the rest in plan order. */
  readonly areas: readonly PreparedArea[];
  readonly byId: ReadonlyMap<string, PreparedArea>;
  /** The areas of `kind` in the index order. */
  ofKind(kind: FeatureKind): readonly PreparedArea[];
  /** Every area (of `kind`, when given) the point is in, in the index order. */
  at(lon: number, lat: number, kind?: FeatureKind): PreparedArea[];
  /** Whether the area with this id exists and holds the point. */
  contains(id: string, lon: number, lat: number): boolean;
}

const byLabel = (a: PreparedArea, b: PreparedArea) => a.label.localeCompare(b.label, 'en', { numeric: true });

/** Prepares every polygon feature of a plan (sectors, cordons, authority areas, ...) once. */
export function buildAreaIndex(plan: Pick<OperationBundle, 'features'> | null): AreaIndex {
  const kinds = new Map<FeatureKind, PreparedArea[]>();
  for (const f of plan?.features ?? []) {
    if (f.kind === 'annotation') continue;
    // The plan schema holds Polygons today; MultiPolygons (imported boundaries) are judged the same way.
    const g = f.geometry as { type: string };
    if (!isAreaGeometry(g)) continue;
    const a = prepareArea(f.id, g, f.kind === 'sector' ? sectorLabel(f) : capitalised(featureLabel(f)), f.kind);
    const list = kinds.get(f.kind);
    if (list) list.push(a);
    else kinds.set(f.kind, [a]);
  }
  kinds.get('sector')?.sort(byLabel);
  const areas = [...(kinds.get('sector') ?? []), ...[...kinds].filter(([k]) => k !== 'sector').flatMap(([, l]) => l)];
  const byId = new Map(areas.map((a) => [a.id, a]));
  return {
    areas,
    byId,
    ofKind: (kind) => kinds.get(kind) ?? [],
    at: (lon, lat, kind) => (kind ? (kinds.get(kind) ?? []) : areas).filter((a) => areaContains(a, lon, lat)),
    contains(id, lon, lat) {
      const a = byId.get(id);
      return a !== undefined && areaContains(a, lon, lat);
    },
  };
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
