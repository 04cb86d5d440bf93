/**
 * Map frames for the briefing pack, and the cartography drawn over each map image: the camera that fits a frame
 * (Web Mercator, the same maths MapLibre uses with 512 px tiles), a scale bar, and British National Grid ticks
 * along the frame edges. Pure: the off-screen renderer (renderer/map/print) and the SVG overlay both use these
 * numbers, so the grid ticks land exactly where the map puts the ground.
 */
import type { OperationBundle, PlanFeature } from '../domain';
import { fromBng, toBng } from '../geo';
import type { FrameOverride } from './schema';

export type Bounds = [west: number, south: number, east: number, north: number];

export interface MapFrame {
  /** Stable across edits: `overview`, `sector:<id>`, `cordons`, `routes:<phaseId>` ... */
  key: string;
  title: string;
  /** Ids of the features drawn in this frame (the rest of the plan is not drawn). */
  featureIds: string[];
  /** The phase the frame shows, or null for all phases. */
  phaseId: string | null;
  bounds: Bounds;
  padding: number;
  include: boolean;
}

const boundsOfFeatures = (features: readonly PlanFeature[]): Bounds | null => {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  const add = (p: readonly number[]) => {
    const [x, y] = p as [number, number];
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  };
  for (const f of features) {
    const g = f.geometry;
    if (g.type === 'Point') add(g.coordinates);
    else if (g.type === 'LineString') g.coordinates.forEach(add);
    else g.coordinates.forEach((ring) => ring.forEach(add));
    for (const ap of f.props.accessPoints ?? []) add(ap.position);
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
};

export { boundsOfFeatures };

const active = (f: PlanFeature, phaseId: string | null) => phaseId === null || f.phaseIds.length === 0 || f.phaseIds.includes(phaseId);

/**
 * The maps a pack carries: an overview, one per sector, and one each for cordons, routes, and RVPs / holding areas
 * (with the other key locations), split per phase where that layer differs between phases. The user's overrides
 * (extent, padding, left out) are applied by key.
 */
export function defaultFrames(bundle: OperationBundle, overrides: readonly FrameOverride[] = []): MapFrame[] {
  const phases = [...bundle.phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const frames: Array<Omit<MapFrame, 'padding' | 'include'>> = [];
  const push = (key: string, title: string, features: readonly PlanFeature[], phaseId: string | null, context: readonly PlanFeature[] = []) => {
    const b = boundsOfFeatures(features);
    if (!b) return;
    const ids = new Set([...features, ...context].map((f) => f.id));
    frames.push({ key, title, featureIds: [...ids], phaseId, bounds: b });
  };
  const all = bundle.features;
  const sectors = all.filter((f) => f.kind === 'sector');
  push(
    'overview',
    'Overview',
    all.filter((f) => f.kind !== 'post'),
    null,
  );
  for (const s of sectors) {
    const [w, so, e, n] = boundsOfFeatures([s])!;
    const inside = all.filter((f) => {
      if (f.id === s.id || f.kind === 'sector') return false;
      const [x, y] = centreOf(f);
      return x >= w && x <= e && y >= so && y <= n;
    });
    push(`sector:${s.id}`, `${s.props.sectorCode ? `${s.props.sectorCode} ` : ''}${s.name}`, [s], null, inside);
  }
  const layer = (key: string, title: string, pick: (f: PlanFeature) => boolean) => {
    const fs = all.filter(pick);
    if (fs.length === 0) return;
    const differs = phases.length > 1 && fs.some((f) => f.phaseIds.length > 0 && f.phaseIds.length < phases.length);
    if (!differs) return push(key, title, fs, null, sectors);
    for (const p of phases) {
      const inPhase = fs.filter((f) => active(f, p.id));
      if (inPhase.length) push(`${key}:${p.id}`, `${title}: ${p.name}`, inPhase, p.id, sectors);
    }
  };
  layer('cordons', 'Cordons', (f) => f.kind === 'cordon');
  layer('routes', 'Routes', (f) => f.kind === 'route');
  layer('locations', 'RVPs, holding areas and key locations', (f) => f.kind === 'keyLocation');
  const byKey = new Map(overrides.map((o) => [o.key, o]));
  return frames.map((f) => {
    const o = byKey.get(f.key);
    return { ...f, bounds: o?.bounds ?? f.bounds, padding: o?.padding ?? 0.08, include: o?.include ?? true };
  });
}

function centreOf(f: PlanFeature): [number, number] {
  const b = boundsOfFeatures([f])!;
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
}

// ---- Web Mercator camera ----------------------------------------------------------------------------------------

const TILE = 512;
const mercX = (lon: number) => (lon + 180) / 360;
const mercY = (lat: number) => {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};
const lonOf = (x: number) => x * 360 - 180;
const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

export interface Camera {
  center: [number, number];
  zoom: number;
  /** CSS pixels of the map image. */
  width: number;
  height: number;
}

/** The camera that shows `bounds` (plus padding, a fraction of the extent) in a width x height map. */
export function fitCamera(bounds: Bounds, width: number, height: number, padding = 0.08, maxZoom = 18): Camera {
  const [w, s, e, n] = bounds;
  const x0 = mercX(w),
    x1 = mercX(e),
    y0 = mercY(n),
    y1 = mercY(s);
  const dx = Math.max(1e-9, (x1 - x0) * (1 + 2 * padding));
  const dy = Math.max(1e-9, (y1 - y0) * (1 + 2 * padding));
  const zoom = Math.min(maxZoom, Math.log2(Math.min(width / (dx * TILE), height / (dy * TILE))));
  return { center: [lonOf((x0 + x1) / 2), latOf((y0 + y1) / 2)], zoom, width, height };
}

/** lon/lat -> CSS pixel in the map image. */
export function project(cam: Camera, lon: number, lat: number): [number, number] {
  const size = TILE * 2 ** cam.zoom;
  return [(mercX(lon) - mercX(cam.center[0])) * size + cam.width / 2, (mercY(lat) - mercY(cam.center[1])) * size + cam.height / 2];
}

/** CSS pixel in the map image -> lon/lat. */
export function unproject(cam: Camera, x: number, y: number): [number, number] {
  const size = TILE * 2 ** cam.zoom;
  return [lonOf(mercX(cam.center[0]) + (x - cam.width / 2) / size), latOf(mercY(cam.center[1]) + (y - cam.height / 2) / size)];
}

/** The lon/lat box the image covers. */
export function cameraBounds(cam: Camera): Bounds {
  const [w, n] = unproject(cam, 0, 0);
  const [e, s] = unproject(cam, cam.width, cam.height);
  return [w, s, e, n];
}

// ---- scale bar --------------------------------------------------------------------------------------------------

/** Ground metres per CSS pixel at the map's centre. */
export const metresPerPixel = (cam: Camera): number => (40_075_016.686 * Math.cos((cam.center[1] * Math.PI) / 180)) / (TILE * 2 ** cam.zoom);

/** A scale bar of a round length no longer than maxPx: its length in metres and in CSS pixels, and its label. */
export function scaleBar(cam: Camera, maxPx: number): { metres: number; px: number; label: string } {
  const mpp = metresPerPixel(cam);
  const max = mpp * maxPx;
  const pow = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= max) ?? pow;
  return { metres, px: metres / mpp, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}

/** The representative fraction of the printed map, e.g. 10000 for 1:10 000, given the image's printed width in mm. */
export function mapScale(cam: Camera, printedWidthMm: number): number {
  return (metresPerPixel(cam) * cam.width * 1000) / printedWidthMm;
}

// ---- British National Grid ticks --------------------------------------------------------------------------------

export interface GridTick {
  edge: 'top' | 'bottom' | 'left' | 'right';
  /** CSS pixel along the edge (x for top/bottom, y for left/right). */
  at: number;
  /** Easting (top/bottom) or northing (left/right), metres. */
  value: number;
  /** The figures printed at the tick: the 1 km (or finer) digits within the 100 km square, e.g. "29" or "295". */
  label: string;
}

const GRID_STEPS = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

/** A grid interval giving about `target` lines across the frame. */
export function gridInterval(cam: Camera, target = 6): number {
  const span = metresPerPixel(cam) * cam.width;
  return GRID_STEPS.find((s) => span / s <= target) ?? 100_000;
}

/** Label of a grid line: kilometre figures within the 100 km square (two digits), one more digit below 1 km. */
export function gridLabel(value: number, interval: number): string {
  const inSquare = ((value % 100_000) + 100_000) % 100_000;
  return interval >= 1000 ? String(Math.floor(inSquare / 1000)).padStart(2, '0') : String(Math.floor(inSquare / 100)).padStart(3, '0');
}

/**
 * Where grid lines of the given interval cross each edge of the frame. Each edge is sampled finely, converted to
 * eastings/northings, and crossings found by interpolation (the grid is not parallel to the Mercator frame).
 */
export function gridTicks(cam: Camera, interval = gridInterval(cam)): GridTick[] {
  const ticks: GridTick[] = [];
  const samples = 64;
  const edges = [
    { edge: 'top' as const, along: cam.width, point: (t: number): [number, number] => [t, 0], axis: 'easting' as const },
    { edge: 'bottom' as const, along: cam.width, point: (t: number): [number, number] => [t, cam.height], axis: 'easting' as const },
    { edge: 'left' as const, along: cam.height, point: (t: number): [number, number] => [0, t], axis: 'northing' as const },
    { edge: 'right' as const, along: cam.height, point: (t: number): [number, number] => [cam.width, t], axis: 'northing' as const },
  ];
  for (const e of edges) {
    let prev: { t: number; v: number } | null = null;
    for (let i = 0; i <= samples; i++) {
      const t = (e.along * i) / samples;
      const [x, y] = e.point(t);
      const [lon, lat] = unproject(cam, x, y);
      const en = toBng(lon, lat);
      if (!en.ok) {
        prev = null;
        continue;
      }
      const v = e.axis === 'easting' ? en.value.easting : en.value.northing;
      if (prev) {
        const lo = Math.min(prev.v, v);
        const hi = Math.max(prev.v, v);
        for (let g = Math.ceil(lo / interval) * interval; g <= hi; g += interval) {
          if (g === lo && i > 1) continue; // counted in the previous segment
          const f = hi === lo ? 0 : (g - prev.v) / (v - prev.v);
          ticks.push({ edge: e.edge, at: prev.t + f * (t - prev.t), value: g, label: gridLabel(g, interval) });
        }
      }
      prev = { t, v };
    }
  }
  return ticks;
}

/** Grid lines across the frame as polylines in CSS pixels (for a light grid drawn over the map). */
export function gridLines(cam: Camera, interval = gridInterval(cam)): Array<{ value: number; axis: 'easting' | 'northing'; points: Array<[number, number]> }> {
  const [w, s, e, n] = cameraBounds(cam);
  const corners = [toBng(w, s), toBng(e, s), toBng(w, n), toBng(e, n)];
  if (!corners.every((c) => c.ok)) return [];
  const es = corners.map((c) => (c.ok ? c.value.easting : 0));
  const ns = corners.map((c) => (c.ok ? c.value.northing : 0));
  const [e0, e1, n0, n1] = [Math.min(...es), Math.max(...es), Math.min(...ns), Math.max(...ns)];
  const out: Array<{ value: number; axis: 'easting' | 'northing'; points: Array<[number, number]> }> = [];
  const line = (axis: 'easting' | 'northing', value: number) => {
    const pts: Array<[number, number]> = [];
    for (let i = 0; i <= 16; i++) {
      const t = i / 16;
      const ll = axis === 'easting' ? fromBng(value, n0 + (n1 - n0) * t) : fromBng(e0 + (e1 - e0) * t, value);
      if (ll.ok) pts.push(project(cam, ll.value.lon, ll.value.lat));
    }
    out.push({ axis, value, points: pts });
  };
  for (let v = Math.ceil(e0 / interval) * interval; v <= e1; v += interval) line('easting', v);
  for (let v = Math.ceil(n0 / interval) * interval; v <= n1; v += interval) line('northing', v);
  return out;
}
