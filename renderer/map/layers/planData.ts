/**
 * Turns an operation's features into the GeoJSON the plan layers draw. Pure, so it is unit-tested without a map.
 * Only features active in the chosen phase are included (empty phaseIds means "every phase").
 */
import type { PlanFeature } from '../../../shared/domain';
import { areaM2, centroid, pointAlong, routeTimings } from '../../../shared/geo';
import { symbolFor } from '../symbology';

export function isActiveInPhase(f: Pick<PlanFeature, 'phaseIds'>, phaseId: string | null): boolean {
  return phaseId === null || f.phaseIds.length === 0 || f.phaseIds.includes(phaseId);
}

export interface PlanFeatureProperties {
  id: string;
  kind: PlanFeature['kind'];
  key: string;
  colour: string;
  dashed: boolean;
  label: string;
  code: string;
}

export type PlanGeoJsonFeature = GeoJSON.Feature<GeoJSON.Geometry, PlanFeatureProperties>;

function toGeoJson(f: PlanFeature): PlanGeoJsonFeature {
  const s = symbolFor(f);
  const label = f.kind === 'annotation' ? (f.props.text ?? f.name) : f.name;
  return {
    type: 'Feature',
    geometry: f.geometry as GeoJSON.Geometry,
    properties: { id: f.id, kind: f.kind, key: s.key, colour: s.colour, dashed: Boolean(s.dash), label, code: s.code ?? '' },
  };
}

export function planFeatureCollection(
  features: readonly PlanFeature[],
  phaseId: string | null,
): GeoJSON.FeatureCollection<GeoJSON.Geometry, PlanFeatureProperties> {
  const out: PlanGeoJsonFeature[] = [];
  for (const f of features) if (isActiveInPhase(f, phaseId)) out.push(toGeoJson(f));
  return { type: 'FeatureCollection', features: out };
}

/** Past this many changed features a full setData is cheaper than a diff (geojson-vt's update is O(changed x total)). */
export const MAX_DIFF = 100;

export interface PlanDiff {
  remove: string[];
  add: PlanGeoJsonFeature[];
}

/**
 * What changed between two versions of the plan in the same phase, found by row identity (the data layer keeps
 * unchanged rows as the same objects). Null when so much changed that redrawing everything is better.
 */
export function planDiff(previous: ReadonlyMap<string, PlanFeature>, features: readonly PlanFeature[], phaseId: string | null): PlanDiff | null {
  const remove: string[] = [];
  const add: PlanGeoJsonFeature[] = [];
  let seen = 0;
  for (const f of features) {
    const before = previous.get(f.id);
    if (before) seen++;
    if (before === f) continue;
    if (before && isActiveInPhase(before, phaseId)) remove.push(f.id);
    if (isActiveInPhase(f, phaseId)) add.push(toGeoJson(f));
    if (remove.length + add.length > MAX_DIFF) return null;
  }
  if (seen < previous.size) {
    const now = new Set(features.map((f) => f.id));
    for (const [id, f] of previous) if (!now.has(id) && isActiveInPhase(f, phaseId)) remove.push(id);
  }
  return remove.length + add.length > MAX_DIFF ? null : { remove, add };
}

/** Access points of cordons, as points with labels, so they are visible and selectable on the map. */
export function accessPointCollection(features: readonly PlanFeature[], phaseId: string | null): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const out: GeoJSON.Feature<GeoJSON.Point>[] = [];
  for (const f of features) {
    if (f.kind !== 'cordon' || !isActiveInPhase(f, phaseId)) continue;
    for (const ap of f.props.accessPoints ?? []) {
      out.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [ap.position[0], ap.position[1]] },
        properties: { id: f.id, accessPointId: ap.id, label: ap.name || 'Access point', staffing: ap.staffingRequired },
      });
    }
  }
  return { type: 'FeatureCollection', features: out };
}

/**
 * Timed checkpoints of routes, placed along their route, labelled with the name and, when the route has a start time,
 * the time the head of the procession reaches them ("CP2 Trafalgar Sq 11:24"), for the Plan and Live maps and printed maps.
 */
export function checkpointCollection(features: readonly PlanFeature[], phaseId: string | null): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const out: GeoJSON.Feature<GeoJSON.Point>[] = [];
  for (const f of features) {
    const cps = f.props.checkpoints ?? [];
    if (f.geometry.type !== 'LineString' || cps.length === 0 || !isActiveInPhase(f, phaseId)) continue;
    const line = f.geometry;
    const startsAt = f.props.routeStartsAt && !Number.isNaN(Date.parse(f.props.routeStartsAt)) ? f.props.routeStartsAt : null;
    const etas = startsAt
      ? new Map(routeTimings(line, { paceKmh: f.props.paceKmh ?? 3, startsAt, checkpoints: cps }).checkpoints.map((t) => [t.id, t.eta]))
      : null;
    for (const cp of cps) {
      const at = pointAlong(line, cp.distanceM);
      const eta = etas?.get(cp.id);
      const label = eta ? `${cp.name} ${new Date(eta).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}` : cp.name;
      out.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [at[0], at[1]] },
        properties: { id: f.id, checkpointId: cp.id, label, colour: symbolFor(f).colour },
      });
    }
  }
  return { type: 'FeatureCollection', features: out };
}

/**
 * One label point per area (its centroid). Labelling polygons from the polygon source repeats the label in every
 * tile the polygon touches; a single point does not.
 */
export function areaLabelCollection(features: readonly PlanFeature[], phaseId: string | null): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const out: GeoJSON.Feature<GeoJSON.Point>[] = [];
  for (const f of features) {
    if (f.geometry.type !== 'Polygon' || !isActiveInPhase(f, phaseId)) continue;
    const c = centroid(f.geometry);
    const label = f.kind === 'sector' && f.props.sectorCode ? `${f.props.sectorCode} ${f.name}`.trim() : f.name;
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [c[0], c[1]] }, properties: { id: f.id, label } });
  }
  return { type: 'FeatureCollection', features: out };
}

/**
 * Which of the features under the pointer the planner meant: points before lines before areas, and of areas the
 * smallest (a cordon inside its sector is picked by clicking inside the cordon).
 */
export function pickTarget(hitIds: readonly string[], features: readonly PlanFeature[]): string | null {
  const byId = new Map(features.map((f) => [f.id, f]));
  let best: { id: string; rank: number; size: number } | null = null;
  for (const id of new Set(hitIds)) {
    const f = byId.get(id);
    if (!f) continue;
    const rank = f.geometry.type === 'Point' ? 0 : f.geometry.type === 'LineString' ? 1 : 2;
    const size = f.geometry.type === 'Polygon' ? areaM2(f.geometry) : 0;
    if (!best || rank < best.rank || (rank === best.rank && size < best.size)) best = { id, rank, size };
  }
  return best?.id ?? null;
}
