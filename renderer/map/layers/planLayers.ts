/**
 * Pure builders of the plan's MapLibre layers (unit-tested without a map). One GeoJSON source `plan` holds every
 * feature; layers pick geometry types and draw with the colour and dash the symbology module put on each feature.
 */
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

export const PLAN_SOURCE = 'plan';
export const ACCESS_SOURCE = 'plan-access';
export const AREA_LABEL_SOURCE = 'plan-area-labels';
export const CHECKPOINT_SOURCE = 'plan-checkpoints';
export const ROUTE_ARROW_IMAGE = 'cordon-route-arrow';

const isPolygon = ['==', ['geometry-type'], 'Polygon'] as const;
const isLine = ['==', ['geometry-type'], 'LineString'] as const;
const isPoint = ['==', ['geometry-type'], 'Point'] as const;
const isSelected = ['boolean', ['feature-state', 'selected'], false];
const selectedWidth = (base: number) => ['case', isSelected, base + 2.5, base];

export function planSources(): Record<string, SourceSpecification> {
  const empty = { type: 'FeatureCollection', features: [] } as GeoJSON.FeatureCollection;
  return {
    [PLAN_SOURCE]: { type: 'geojson', data: empty, promoteId: 'id' },
    [ACCESS_SOURCE]: { type: 'geojson', data: empty },
    [AREA_LABEL_SOURCE]: { type: 'geojson', data: empty },
    [CHECKPOINT_SOURCE]: { type: 'geojson', data: empty },
  };
}

/** Ids of the layers a click can select a feature from. */
export const SELECTABLE_LAYERS = ['plan-fill', 'plan-outline', 'plan-outline-dashed', 'plan-line', 'plan-line-dashed', 'plan-point', 'plan-text'];

export function planLayers(): LayerSpecification[] {
  const notAnnotation = ['!=', ['get', 'kind'], 'annotation'];
  return [
    {
      id: 'plan-fill',
      type: 'fill',
      source: PLAN_SOURCE,
      filter: ['all', isPolygon],
      paint: {
        'fill-color': ['get', 'colour'],
        'fill-opacity': ['match', ['get', 'kind'], 'sector', 0.14, 'authority', 0.1, 'circle', 0.08, 0.18],
      },
    },
    {
      id: 'plan-outline',
      type: 'line',
      source: PLAN_SOURCE,
      filter: ['all', isPolygon, ['!', ['get', 'dashed']]],
      paint: { 'line-color': ['get', 'colour'], 'line-width': selectedWidth(2.5) },
    },
    {
      id: 'plan-outline-dashed',
      type: 'line',
      source: PLAN_SOURCE,
      filter: ['all', isPolygon, ['get', 'dashed']],
      paint: { 'line-color': ['get', 'colour'], 'line-width': selectedWidth(2.5), 'line-dasharray': [3, 2] },
    },
    {
      id: 'plan-line',
      type: 'line',
      source: PLAN_SOURCE,
      filter: ['all', isLine, ['!', ['get', 'dashed']]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['get', 'colour'], 'line-width': selectedWidth(4) },
    },
    {
      id: 'plan-line-dashed',
      type: 'line',
      source: PLAN_SOURCE,
      filter: ['all', isLine, ['get', 'dashed']],
      paint: { 'line-color': ['get', 'colour'], 'line-width': selectedWidth(4), 'line-dasharray': [2, 1.5] },
    },
    {
      // Direction of travel along routes.
      id: 'plan-route-arrows',
      type: 'symbol',
      source: PLAN_SOURCE,
      minzoom: 12,
      filter: ['all', isLine, ['==', ['get', 'kind'], 'route']],
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 80,
        'icon-image': ROUTE_ARROW_IMAGE,
        'icon-size': 0.6,
        'icon-allow-overlap': true,
        'icon-rotation-alignment': 'map',
      },
      paint: { 'icon-color': ['get', 'colour'] },
    },
    {
      id: 'plan-point',
      type: 'circle',
      source: PLAN_SOURCE,
      filter: ['all', isPoint, notAnnotation],
      paint: {
        // Small at city scale, where hundreds of posts overlap; full size once the codes are readable.
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, ['case', isSelected, 6, 3], 13, ['case', isSelected, 13, 10]],
        'circle-color': ['get', 'colour'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['case', isSelected, 3, 1.5],
      },
    },
    {
      id: 'plan-point-code',
      type: 'symbol',
      source: PLAN_SOURCE,
      minzoom: 13,
      filter: ['all', isPoint, notAnnotation],
      layout: { 'text-field': ['get', 'code'], 'text-size': 9, 'text-font': ['sans-serif'], 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: 'plan-access',
      type: 'circle',
      source: ACCESS_SOURCE,
      paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#e53935', 'circle-stroke-width': 2.5 },
    },
    {
      id: 'plan-label',
      type: 'symbol',
      source: PLAN_SOURCE,
      filter: ['all', notAnnotation, isPoint],
      minzoom: 13,
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-font': ['sans-serif'], 'text-offset': [0, 1.3], 'text-anchor': 'top' },
      paint: { 'text-color': '#ffffff', 'text-halo-color': '#111111', 'text-halo-width': 1.6 },
    },
    {
      id: 'plan-area-label',
      type: 'symbol',
      source: AREA_LABEL_SOURCE,
      minzoom: 12,
      layout: { 'text-field': ['get', 'label'], 'text-size': 13, 'text-font': ['sans-serif'] },
      paint: { 'text-color': '#ffffff', 'text-halo-color': '#111111', 'text-halo-width': 1.8 },
    },
    {
      id: 'plan-line-label',
      type: 'symbol',
      source: PLAN_SOURCE,
      filter: isLine,
      minzoom: 13,
      layout: { 'symbol-placement': 'line-center', 'text-field': ['get', 'label'], 'text-size': 12, 'text-font': ['sans-serif'], 'text-offset': [0, -1] },
      paint: { 'text-color': '#ffffff', 'text-halo-color': '#111111', 'text-halo-width': 1.6 },
    },
    {
      id: 'plan-text',
      type: 'symbol',
      source: PLAN_SOURCE,
      filter: ['==', ['get', 'kind'], 'annotation'],
      layout: { 'text-field': ['get', 'label'], 'text-size': 15, 'text-font': ['sans-serif'], 'text-allow-overlap': true },
      paint: { 'text-color': '#fff59d', 'text-halo-color': '#000000', 'text-halo-width': 2 },
    },
    // Route checkpoints: a ring in the route's colour on the line, with name and ETA beside it (always, as on paper).
    // Last, so their labels are placed before (and win over) the route's own name where they meet.
    {
      id: 'plan-checkpoint',
      type: 'circle',
      source: CHECKPOINT_SOURCE,
      paint: { 'circle-radius': 6, 'circle-color': '#111111', 'circle-stroke-color': ['get', 'colour'], 'circle-stroke-width': 3 },
    },
    {
      id: 'plan-checkpoint-label',
      type: 'symbol',
      source: CHECKPOINT_SOURCE,
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-font': ['sans-serif'], 'text-offset': [0.9, 0], 'text-anchor': 'left' },
      paint: { 'text-color': '#ffffff', 'text-halo-color': '#111111', 'text-halo-width': 1.6 },
    },
  ] as LayerSpecification[];
}
