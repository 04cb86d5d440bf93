/**
 * Turns an operation's features into the GeoJSON the plan layers draw. Pure, so it is unit-tested without a map.
 * Only features active in the chosen phase are included (empty phaseIds means "every phase").
 */
import type { PlanFeature } from '../../../shared/domain';
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
  selected: boolean;
}

export function planFeatureCollection(
  features: readonly PlanFeature[],
  phaseId: string | null,
  selectedId: string | null,
): GeoJSON.FeatureCollection<GeoJSON.Geometry, PlanFeatureProperties> {
  const out: GeoJSON.Feature<GeoJSON.Geometry, PlanFeatureProperties>[] = [];
  for (const f of features) {
    if (!isActiveInPhase(f, phaseId)) continue;
    const s = symbolFor(f);
    const label = f.kind === 'annotation' ? (f.props.text ?? f.name) : f.kind === 'sector' && f.props.sectorCode ? `${f.props.sectorCode} ${f.name}`.trim() : f.name;
    out.push({
      type: 'Feature',
      id: undefined,
      geometry: f.geometry as GeoJSON.Geometry,
      properties: {
        id: f.id,
        kind: f.kind,
        key: s.key,
        colour: s.colour,
        dashed: Boolean(s.dash),
        label,
        code: s.code ?? '',
        selected: f.id === selectedId,
      },
    });
  }
  return { type: 'FeatureCollection', features: out };
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
