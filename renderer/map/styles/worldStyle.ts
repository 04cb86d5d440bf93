/**
 * The offline world basemap that ships inside the app: Natural Earth land and country borders from the `world-atlas`
 * package (1:50m), turned into GeoJSON once. It is always available, needs no network and no tile server, and is the
 * default when nothing else is configured.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json';

export const NATURAL_EARTH_ATTRIBUTION = 'Made with Natural Earth';
/** From this zoom on, the world map is plain land (see the background layer). */
export const STREET_ZOOM = 11;

let cached: { land: GeoJSON.FeatureCollection; borders: GeoJSON.MultiLineString } | null = null;

function worldData() {
  if (!cached) {
    const topo = countries50m as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
    const land = feature(topo, topo.objects.land) as unknown as GeoJSON.FeatureCollection;
    const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b) as GeoJSON.MultiLineString;
    cached = { land, borders };
  }
  return cached;
}

export function worldStyle(theme: 'dark' | 'light'): StyleSpecification {
  const { land, borders } = worldData();
  const dark = theme === 'dark';
  const sea = dark ? '#0d1b2a' : '#b9d3e6';
  const landColour = dark ? '#1f2a36' : '#eeece4';
  return {
    version: 8,
    name: 'Cordon world (Natural Earth)',
    sources: {
      // 1:50m data has nothing to add past zoom 6, so tile it no deeper and let MapLibre overzoom: cutting the
      // Eurasia polygon down to street-level tiles cost seconds per view in software rendering.
      land: { type: 'geojson', data: land, attribution: NATURAL_EARTH_ATTRIBUTION, maxzoom: 6 },
      borders: { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: borders }, maxzoom: 6 },
    },
    layers: [
      // Past zoom 11 a 1:50m coastline is hundreds of metres out, so at street scale the world map is plain land:
      // drawing (and tiling) continent-sized polygons there cost seconds per view and showed nothing true.
      { id: 'bg-sea', type: 'background', paint: { 'background-color': ['step', ['zoom'], sea, STREET_ZOOM, landColour] } },
      { id: 'land', type: 'fill', source: 'land', maxzoom: STREET_ZOOM, paint: { 'fill-color': landColour } },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        maxzoom: STREET_ZOOM,
        paint: { 'line-color': dark ? '#52657a' : '#9a8f80', 'line-width': 0.8, 'line-dasharray': [3, 2] },
      },
    ],
  };
}

/**
 * The world map as it looks from STREET_ZOOM on: plain land, with no continent-sized sources to load. Printed maps at
 * street scale use it, so a pack does not pay for tiling Natural Earth it would not show.
 */
export function streetScaleWorldStyle(theme: 'dark' | 'light'): StyleSpecification {
  const full = worldStyle(theme);
  return { ...full, sources: {}, layers: full.layers.filter((l) => l.type === 'background') };
}
