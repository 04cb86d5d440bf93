/**
 * Checks an untrusted GeoJSON geometry and turns it into Cordon's plan geometries (Point, LineString, Polygon).
 * Multi-geometries and GeometryCollections are split into parts; holes are kept; heights are dropped (plans are 2D).
 * Malformed input (wrong nesting, non-numbers, out-of-range or unclosed rings) is an error; an empty or missing
 * geometry, or a type Cordon cannot draw, is a skip the caller reports as a warning.
 */
import type { PlanGeometry } from '../../../shared/domain';
import { MAX_VERTICES_PER_GEOMETRY, formatCount } from './limits';
import { describeValue } from './text';

export type GeometryOutcome =
  { status: 'ok'; sourceType: string; parts: PlanGeometry[]; vertices: number } | { status: 'skip'; reason: string } | { status: 'error'; message: string };

type Pos = [number, number];

class GeometryProblem extends Error {}
class EmptyGeometry extends Error {}

const MAX_COLLECTION_DEPTH = 3;

export function toPlanGeometries(input: unknown, maxVertices = MAX_VERTICES_PER_GEOMETRY): GeometryOutcome {
  if (input === null || input === undefined) return { status: 'skip', reason: 'it has no geometry' };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { status: 'error', message: `its geometry should be an object but is ${describeValue(input)}` };
  }
  const type = (input as { type?: unknown }).type;
  try {
    const parts: PlanGeometry[] = [];
    readGeometry(input as Record<string, unknown>, parts, 0);
    if (parts.length === 0) throw new EmptyGeometry();
    let vertices = 0;
    parts.forEach((part, i) => {
      const n = countVertices(part);
      if (n > maxVertices) {
        const which = parts.length > 1 ? `part ${i + 1} of its ${String(type)}` : `its ${String(type)}`;
        throw new GeometryProblem(`${which} has ${formatCount(n)} vertices; the limit is ${formatCount(maxVertices)} per geometry (simplify it first)`);
      }
      vertices += n;
    });
    return { status: 'ok', sourceType: String(type), parts, vertices };
  } catch (e) {
    if (e instanceof EmptyGeometry) return { status: 'skip', reason: `its ${String(type)} geometry is empty` };
    if (e instanceof UnsupportedGeometry) return { status: 'skip', reason: e.message };
    if (e instanceof GeometryProblem) return { status: 'error', message: e.message };
    throw e;
  }
}

class UnsupportedGeometry extends Error {}

function readGeometry(g: Record<string, unknown>, out: PlanGeometry[], depth: number): void {
  const type = g.type;
  if (typeof type !== 'string') throw new GeometryProblem(`its geometry has no "type" (found ${describeValue(type)})`);
  if (type === 'GeometryCollection') {
    if (depth >= MAX_COLLECTION_DEPTH) {
      throw new GeometryProblem(`its GeometryCollections are nested more than ${MAX_COLLECTION_DEPTH} deep`);
    }
    const members = g.geometries;
    if (!Array.isArray(members)) {
      throw new GeometryProblem(`its GeometryCollection has no "geometries" array (found ${describeValue(members)})`);
    }
    members.forEach((member: unknown, i) => {
      if (member === null || typeof member !== 'object' || Array.isArray(member)) {
        throw new GeometryProblem(`GeometryCollection member ${i + 1} should be a geometry object but is ${describeValue(member)}`);
      }
      try {
        readGeometry(member as Record<string, unknown>, out, depth + 1);
      } catch (e) {
        if (e instanceof EmptyGeometry || e instanceof UnsupportedGeometry) return; // other members may still hold shapes
        if (e instanceof GeometryProblem) throw new GeometryProblem(`GeometryCollection member ${i + 1}: ${e.message}`);
        throw e;
      }
    });
    return;
  }
  const c = g.coordinates;
  const shape = (what: string) => new Reader(type, what);
  switch (type) {
    case 'Point':
      if (Array.isArray(c) && c.length === 0) throw new EmptyGeometry();
      out.push({ type: 'Point', coordinates: shape('').position(c, 'its coordinates') });
      return;
    case 'MultiPoint':
      for (const [i, p] of shape('points').list(c, 'its coordinates').entries()) {
        out.push({ type: 'Point', coordinates: shape('').position(p, `point ${i + 1}`) });
      }
      return;
    case 'LineString':
      out.push({ type: 'LineString', coordinates: shape('positions').line(c, 'its coordinates', true) });
      return;
    case 'MultiLineString':
      for (const [i, l] of shape('lines').list(c, 'its coordinates').entries()) {
        out.push({ type: 'LineString', coordinates: shape('positions').line(l, `line ${i + 1}`, false) });
      }
      return;
    case 'Polygon':
      out.push({ type: 'Polygon', coordinates: shape('rings').polygon(c, 'its coordinates', true) });
      return;
    case 'MultiPolygon':
      for (const [i, p] of shape('polygons').list(c, 'its coordinates').entries()) {
        out.push({ type: 'Polygon', coordinates: shape('rings').polygon(p, `polygon ${i + 1}`, false) });
      }
      return;
    default:
      throw new UnsupportedGeometry(`its geometry type "${type.slice(0, 40)}" is not one Cordon can draw`);
  }
}

/** Walks coordinates arrays with messages that say where the problem is. */
class Reader {
  constructor(
    private readonly type: string,
    private readonly itemName: string,
  ) {}

  private fail(msg: string): never {
    throw new GeometryProblem(`its ${this.type} is malformed: ${msg}`);
  }

  /** A top-level array; an empty one means an empty geometry. */
  list(v: unknown, where: string): unknown[] {
    if (!Array.isArray(v)) this.fail(`${where} should be an array of ${this.itemName} but is ${describeValue(v)}`);
    if (v.length === 0) throw new EmptyGeometry();
    return v;
  }

  position(v: unknown, where: string): Pos {
    if (!Array.isArray(v)) this.fail(`${where} should be a position [longitude, latitude] but is ${describeValue(v)}`);
    if (v.length < 2) this.fail(`${where} has ${v.length} number${v.length === 1 ? '' : 's'}; a position needs longitude and latitude`);
    for (let i = 0; i < v.length; i++) {
      const n: unknown = v[i];
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        const axis = i === 0 ? 'longitude' : i === 1 ? 'latitude' : `value ${i + 1}`;
        this.fail(`${where}: the ${axis} is not a number (found ${describeValue(n)})`);
      }
    }
    const lon = v[0] as number;
    const lat = v[1] as number;
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      this.fail(`${where} [${lon}, ${lat}] is out of range (longitude must be -180..180, latitude -90..90)${gridHint(lon, lat)}`);
    }
    return [lon, lat];
  }

  private positions(v: unknown, where: string, topLevel: boolean): Pos[] {
    if (!Array.isArray(v)) this.fail(`${where} should be an array of positions but is ${describeValue(v)}`);
    if (v.length === 0 && topLevel) throw new EmptyGeometry();
    return v.map((p: unknown, i) => this.position(p, `${where}, position ${i + 1}`));
  }

  line(v: unknown, where: string, topLevel: boolean): Pos[] {
    const pts = this.positions(v, where, topLevel);
    if (pts.length < 2) this.fail(`${where} has ${pts.length} position${pts.length === 1 ? '' : 's'}; a line needs at least 2`);
    return pts;
  }

  polygon(v: unknown, where: string, topLevel: boolean): Pos[][] {
    if (!Array.isArray(v)) this.fail(`${where} should be an array of rings but is ${describeValue(v)}`);
    if (v.length === 0) {
      if (topLevel) throw new EmptyGeometry();
      this.fail(`${where} has no rings`);
    }
    return v.map((ring: unknown, r) => {
      const label = `${where === 'its coordinates' ? '' : `${where}, `}ring ${r + 1}${r === 0 ? ' (outer)' : ' (hole)'}`;
      const pts = this.positions(ring, label, false);
      if (pts.length < 4) this.fail(`${label} has ${pts.length} positions; a polygon ring needs at least 4 (closed)`);
      const first = pts[0] as Pos;
      const last = pts[pts.length - 1] as Pos;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        this.fail(`${label} is not closed: the first and last positions of a ring must be the same (first [${first.join(', ')}], last [${last.join(', ')}])`);
      }
      return pts;
    });
  }
}

/** Out-of-range numbers that look like British National Grid metres get a hint, as that is the usual mistake. */
function gridHint(x: number, y: number): string {
  if (x >= 0 && x <= 700_000 && y >= 0 && y <= 1_300_000 && (x > 1000 || y > 1000)) {
    return '; these look like British National Grid (EPSG:27700) metres: export the file as WGS84 longitude/latitude';
  }
  return '';
}

export function countVertices(g: PlanGeometry): number {
  switch (g.type) {
    case 'Point':
      return 1;
    case 'LineString':
      return g.coordinates.length;
    case 'Polygon':
      return g.coordinates.reduce((n, ring) => n + ring.length, 0);
  }
}
