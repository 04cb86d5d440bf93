/**
 * Other people's selections on the Plan map: each feature someone else has selected, outlined in that person's colour
 * (a wide halo under a thin line, so it reads beside this window's own selection highlight), points ringed. Fed plain
 * data ({ featureId, colour, who }), so the map knows nothing of presence itself.
 */
import type { FilterSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { PlanFeature } from '../../../shared/domain';

export const PRESENCE_SOURCE = 'presence-outlines';
export const PRESENCE_LAYERS = { halo: 'presence-outline-halo', line: 'presence-outline-line', point: 'presence-outline-point' } as const;

export interface OutlineInput {
  featureId: string;
  /** CSS colour of the person (or the first of several) who has it selected. */
  colour: string;
  /** Who has it selected, for tests and tooltips. */
  who: string;
}

export interface OutlineProperties {
  id: string;
  colour: string;
  who: string;
}

export function presenceSources(): Record<string, SourceSpecification> {
  return { [PRESENCE_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } };
}

export function presenceLayers(): LayerSpecification[] {
  const lines: FilterSpecification = ['!=', ['geometry-type'], 'Point'];
  return [
    {
      id: PRESENCE_LAYERS.halo,
      type: 'line',
      source: PRESENCE_SOURCE,
      filter: lines,
      paint: { 'line-color': ['get', 'colour'], 'line-width': 9, 'line-opacity': 0.35 },
      layout: { 'line-join': 'round', 'line-cap': 'round' },
    },
    {
      id: PRESENCE_LAYERS.line,
      type: 'line',
      source: PRESENCE_SOURCE,
      filter: lines,
      paint: { 'line-color': ['get', 'colour'], 'line-width': 3, 'line-dasharray': [2, 1] },
      layout: { 'line-join': 'round' },
    },
    {
      id: PRESENCE_LAYERS.point,
      type: 'circle',
      source: PRESENCE_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': ['get', 'colour'], 'circle-stroke-width': 3 },
    },
  ];
}

/** The outlined features' geometries with their colour (features not in this plan are skipped). */
export function presenceOutlineCollection(
  features: readonly PlanFeature[],
  outlines: readonly OutlineInput[],
): GeoJSON.FeatureCollection<GeoJSON.Geometry, OutlineProperties> {
  const byId = new Map(features.map((f) => [f.id, f]));
  const out: GeoJSON.Feature<GeoJSON.Geometry, OutlineProperties>[] = [];
  for (const o of outlines) {
    const f = byId.get(o.featureId);
    if (f) out.push({ type: 'Feature', geometry: f.geometry as GeoJSON.Geometry, properties: { id: f.id, colour: o.colour, who: o.who } });
  }
  return { type: 'FeatureCollection', features: out };
}
