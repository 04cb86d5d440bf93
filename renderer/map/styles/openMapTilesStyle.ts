/**
 * Bundled layers for vector tiles in the OpenMapTiles schema (the layers `water`, `landuse`, `park`, `building`,
 * `transportation`, `transportation_name`, `place`, ...), plus the simple `roads`/`water`/`labels` overview schema.
 * Layers are only added for source-layers the archive actually has, so one builder serves both kinds of file; ids
 * are prefixed with the source id, so several archives (an overview under a detailed map) can share one style.
 * Labels use local fonts: the style has no `glyphs` URL, so no glyph server is needed offline.
 */
import type { LayerSpecification } from 'maplibre-gl';

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

interface Palette {
  bg: string;
  water: string;
  park: string;
  landuse: string;
  building: string;
  minor: string;
  major: string;
  motorway: string;
  casing: string;
  rail: string;
  text: string;
  halo: string;
}

export const PALETTES: Record<'dark' | 'light', Palette> = {
  light: {
    bg: '#f2efe9',
    water: '#aad3df',
    park: '#c8e6b8',
    landuse: '#e8e4da',
    building: '#d9d0c9',
    minor: '#ffffff',
    major: '#fcd6a4',
    motorway: '#e892a2',
    casing: '#b8b0a4',
    rail: '#8a8580',
    text: '#333333',
    halo: '#ffffff',
  },
  dark: {
    bg: '#151c24',
    water: '#0f2a3d',
    park: '#1b2e22',
    landuse: '#1a2129',
    building: '#242d38',
    minor: '#3a4654',
    major: '#5b5140',
    motorway: '#6b3f48',
    casing: '#10161c',
    rail: '#55606c',
    text: '#c9d3dd',
    halo: '#0b1015',
  },
};

const name = ['coalesce', ['get', 'name:latin'], ['get', 'name:en'], ['get', 'name']] as unknown as string;

/** Layers for one archive. `maxzoom` hides them from that zoom on (an overview under a detailed map). */
export function openMapTilesLayers(source: string, sourceLayers: readonly string[], theme: 'dark' | 'light', maxzoom?: number): LayerSpecification[] {
  const p = PALETTES[theme];
  const present = new Set(sourceLayers);
  const layers: LayerSpecification[] = [];
  const add = (sourceLayer: string, specs: LayerSpecification[]) => {
    if (!present.has(sourceLayer)) return;
    for (const spec of specs) {
      const own = { ...spec, id: `${source}-${spec.id}`, source } as LayerSpecification;
      if (maxzoom !== undefined) own.maxzoom = Math.min(own.maxzoom ?? 24, maxzoom);
      layers.push(own);
    }
  };
  add('landuse', [{ id: 'omt-landuse', type: 'fill', source, 'source-layer': 'landuse', paint: { 'fill-color': p.landuse } }]);
  add('landcover', [{ id: 'omt-landcover', type: 'fill', source, 'source-layer': 'landcover', paint: { 'fill-color': p.park, 'fill-opacity': 0.6 } }]);
  add('park', [{ id: 'omt-park', type: 'fill', source, 'source-layer': 'park', paint: { 'fill-color': p.park } }]);
  add('water', [{ id: 'omt-water', type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': p.water } }]);
  add('waterway', [{ id: 'omt-waterway', type: 'line', source, 'source-layer': 'waterway', paint: { 'line-color': p.water, 'line-width': 1.5 } }]);
  add('building', [
    { id: 'omt-building', type: 'fill', source, 'source-layer': 'building', minzoom: 13, paint: { 'fill-color': p.building, 'fill-outline-color': p.casing } },
  ]);
  const road = (id: string, classes: string[], color: string, width: number, minzoom = 0): LayerSpecification => ({
    id,
    type: 'line',
    source,
    'source-layer': 'transportation',
    minzoom,
    filter: ['in', ['get', 'class'], ['literal', classes]],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': color,
      'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 10, width * 0.3, 14, width, 18, width * 5],
    },
  });
  add('transportation', [
    road('omt-road-path', ['path', 'pedestrian', 'footway'], p.minor, 1, 14),
    road('omt-road-minor', ['minor', 'service', 'residential', 'tertiary', 'unclassified'], p.minor, 2.5, 12),
    road('omt-road-major', ['secondary', 'primary', 'trunk'], p.major, 4),
    road('omt-road-motorway', ['motorway'], p.motorway, 5),
    {
      // Railways above ground only: Underground lines run beneath the streets and would read as roads on a plan.
      id: 'omt-rail',
      type: 'line',
      source,
      'source-layer': 'transportation',
      minzoom: 12,
      filter: ['all', ['in', ['get', 'class'], ['literal', ['rail', 'transit']]], ['!=', ['get', 'brunnel'], 'tunnel']],
      paint: { 'line-color': p.rail, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 18, 2.5], 'line-dasharray': [3, 2] },
    },
  ]);
  add('transportation_name', [
    {
      id: 'omt-road-label',
      type: 'symbol',
      source,
      'source-layer': 'transportation_name',
      minzoom: 14,
      // Street names only: railway names (the Underground lines) would be printed across the streets they run under.
      filter: ['!', ['in', ['get', 'class'], ['literal', ['rail', 'transit']]]],
      layout: { 'symbol-placement': 'line', 'text-field': name, 'text-size': 11, 'text-font': ['sans-serif'] },
      paint: { 'text-color': p.text, 'text-halo-color': p.halo, 'text-halo-width': 1.5 },
    },
  ]);
  add('place', [
    {
      id: 'omt-place-label',
      type: 'symbol',
      source,
      'source-layer': 'place',
      layout: { 'text-field': name, 'text-size': 13, 'text-font': ['sans-serif'] },
      paint: { 'text-color': p.text, 'text-halo-color': p.halo, 'text-halo-width': 1.5 },
    },
  ]);
  // The low-detail overview schema.
  add('roads', [{ id: 'ov-roads', type: 'line', source, 'source-layer': 'roads', paint: { 'line-color': p.major, 'line-width': 1.2 } }]);
  add('labels', [
    {
      id: 'ov-labels',
      type: 'symbol',
      source,
      'source-layer': 'labels',
      layout: { 'text-field': ['get', 'name'], 'text-size': 12, 'text-font': ['sans-serif'] },
      paint: { 'text-color': p.text, 'text-halo-color': p.halo, 'text-halo-width': 1.5 },
    },
  ]);
  return layers;
}

export function backgroundLayer(theme: 'dark' | 'light'): LayerSpecification {
  return { id: 'streets-bg', type: 'background', paint: { 'background-color': PALETTES[theme].bg } };
}
