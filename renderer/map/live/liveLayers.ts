/**
 * Pure builders of the live MapLibre layers (unit-tested without a map). Sources: units (one point per device, keyed
 * by id for feature state, spread over UNIT_SHARDS sources, see below), groups (one point per PSU / serial, for low
 * zoom), trails, and the area of a "who was inside" query. Below GROUP_ZOOM the members of a group are drawn as
 * their group's symbol; units with no group are always drawn individually. Which units are in the data at all (the user's filter, the view) is decided
 * by the data builder (liveData.ts), not by layer filters.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { FRESHNESS } from '../../../shared/live/freshness';
import { FRESHNESS_STYLE, STATUS_COLOURS } from './liveSymbology';

/**
 * Units are spread over this many sources by a hash of their id, and the map is sent at most one of them per
 * animation frame. `setData` structured-clones its whole collection to the map's worker on the main thread; one
 * source of 10,000 units is a single 25-70 ms task (a visibly dropped frame every second at 1 Hz reporting), eight
 * of 1,250 are eight short ones (about 10 ms for the first frame of a tick, measured by bench/live-apply-bench.ts),
 * and a single unit's change re-sends an eighth of the picture, not all of it. More shards mean more layers to draw.
 */
export const UNIT_SHARDS = 8;
export const unitsSource = (shard: number) => `live-units-${shard}`;
export const UNITS_SOURCES: readonly string[] = Array.from({ length: UNIT_SHARDS }, (_, i) => unitsSource(i));

/** Which units source a unit is drawn from: a stable hash (FNV-1a) of its id. */
export function shardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % UNIT_SHARDS;
}

export const GROUPS_SOURCE = 'live-groups';
export const TRAILS_SOURCE = 'live-trails';
export const AREA_SOURCE = 'live-area';
export const HEADING_IMAGE = 'live-heading-arrow';
export const RING_IMAGE = 'live-dashed-ring';

/** At and above this zoom every device is drawn; below it, members collapse into their group. */
export const GROUP_ZOOM = 14;

/** A unit layer's id in one shard: one layer per kind per units source. */
const inShard = (kind: string, shard: number) => `${kind}-${shard}`;
const allShards = (kind: string) => UNITS_SOURCES.map((_, i) => inShard(kind, i));
export const UNIT_LAYERS: readonly string[] = [...allShards('live-unit-member'), ...allShards('live-unit-single')];
export const GROUP_LAYERS: readonly string[] = ['live-group'];
const EMERGENCY = 'live-emergency-halo';
export const EMERGENCY_LAYERS: readonly string[] = allShards(EMERGENCY);

export function liveSources(): Record<string, SourceSpecification> {
  const empty = {
    type: 'FeatureCollection',
    features: [],
  } as GeoJSON.FeatureCollection;
  return {
    [AREA_SOURCE]: { type: 'geojson', data: empty },
    [TRAILS_SOURCE]: { type: 'geojson', data: empty },
    [GROUPS_SOURCE]: { type: 'geojson', data: empty, promoteId: 'id' },
    // No simplification or buffering tricks: points only. `promoteId` keys feature state (selection) by unit id.
    ...Object.fromEntries(
      UNITS_SOURCES.map((id) => [
        id,
        {
          type: 'geojson',
          data: empty,
          promoteId: 'id',
          buffer: 32,
          tolerance: 0,
        },
      ]),
    ),
  };
}

const match = <T>(prop: string, values: Record<string, T>, fallback: T) =>
  ['match', ['get', prop], ...Object.entries(values).flat(), fallback] as unknown as ExpressionSpecification;
const statusColour = match('s', STATUS_COLOURS, '#9e9e9e');
const freshnessValue = <K extends keyof (typeof FRESHNESS_STYLE)['fresh']>(key: K) =>
  match('f', Object.fromEntries(FRESHNESS.map((f) => [f, FRESHNESS_STYLE[f][key]])), FRESHNESS_STYLE.expired[key]);
const isSelected = ['boolean', ['feature-state', 'selected'], false] as ExpressionSpecification;

const filters: Record<string, FilterSpecification> = {
  'live-selected-halo': ['has', 'id'],
  [EMERGENCY]: ['==', ['get', 's'], 'emergency'],
  'live-unit-member': ['==', ['get', 'm'], 1],
  'live-unit-single': ['==', ['get', 'm'], 0],
  'live-unit-ring': ['in', ['get', 'f'], ['literal', ['lost', 'expired']]],
  'live-heading': ['>=', ['get', 'h'], 0],
  'live-unit-code': ['!=', ['get', 'k'], ''],
  'live-label-unit': ['!=', ['get', 'k'], ''],
  'live-label-officer': ['==', ['get', 'k'], ''],
};

/** A call sign or group label under its symbol: white on a dark halo, dropped where it would collide. */
const label = (field: string, size: number, offsetEms: number, halo: number) => ({
  layout: {
    'text-field': ['get', field],
    'text-size': size,
    'text-font': ['sans-serif'],
    'text-offset': [0, offsetEms],
    'text-anchor': 'top',
    'text-optional': true,
  },
  paint: { 'text-color': '#ffffff', 'text-halo-color': '#000000', 'text-halo-width': halo },
});

/** Units (with a type code) are drawn bigger than individual radios. */
const radius = (individual: number, unit: number): ExpressionSpecification => ['case', ['!=', ['get', 'k'], ''], unit, individual];

export function liveLayers(): LayerSpecification[] {
  /** A unit layer without its source: liveLayers places each kind once per units source. */
  type UnitKind = Omit<LayerSpecification, 'source'>;
  const unitCircle = (id: string, minzoom: number | undefined): UnitKind =>
    ({
      id,
      type: 'circle',
      ...(minzoom !== undefined ? { minzoom } : {}),
      filter: filters[id],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, radius(3.5, 6), 16, radius(6, 10)],
        'circle-color': statusColour,
        'circle-opacity': freshnessValue('opacity'),
        'circle-stroke-color': freshnessValue('stroke'),
        'circle-stroke-width': freshnessValue('strokeWidth'),
        'circle-stroke-opacity': 1,
      },
    }) as UnitKind;
  const unitKinds = [
    {
      id: 'live-selected-halo',
      type: 'circle',
      filter: filters['live-selected-halo'],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 11, 16, 16],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#ffd54f',
        'circle-stroke-width': 3,
        'circle-stroke-opacity': ['case', isSelected, 1, 0],
      },
    },
    {
      id: EMERGENCY,
      type: 'circle',
      filter: filters[EMERGENCY],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 12, 16, 22],
        'circle-color': STATUS_COLOURS.emergency,
        'circle-opacity': 0.45,
        'circle-blur': 0.3,
      },
    },
    unitCircle('live-unit-member', GROUP_ZOOM),
    unitCircle('live-unit-single', undefined),
    {
      // Lost and expired units: a dashed ring around a hollow symbol, so "not heard from" reads at a glance.
      id: 'live-unit-ring',
      type: 'symbol',
      filter: filters['live-unit-ring'],
      layout: {
        'icon-image': RING_IMAGE,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.55, 16, 0.9],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: {
        'icon-color': freshnessValue('stroke'),
        'icon-opacity': ['match', ['get', 'f'], 'lost', 1, 0.6],
      },
    },
    {
      id: 'live-heading',
      type: 'symbol',
      minzoom: 16,
      filter: filters['live-heading'],
      layout: {
        'icon-image': HEADING_IMAGE,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 16, 0.7, 18, 1],
        'icon-rotate': ['get', 'h'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: {
        'icon-color': '#ffffff',
        'icon-halo-color': '#000000',
        'icon-halo-width': 1,
        'icon-opacity': freshnessValue('opacity'),
      },
    },
    {
      id: 'live-unit-code',
      type: 'symbol',
      minzoom: 13,
      filter: filters['live-unit-code'],
      layout: {
        'text-field': ['get', 'k'],
        'text-size': 10,
        'text-font': ['sans-serif'],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: 'live-label-unit',
      type: 'symbol',
      minzoom: 14,
      filter: filters['live-label-unit'],
      ...label('cs', 11, 1.3, 1.6),
    },
    {
      id: 'live-label-officer',
      type: 'symbol',
      minzoom: 16.5,
      filter: filters['live-label-officer'],
      ...label('cs', 10, 1.1, 1.4),
    },
  ] as UnitKind[];
  return [
    {
      id: 'live-area-fill',
      type: 'fill',
      source: AREA_SOURCE,
      paint: { 'fill-color': '#ffd54f', 'fill-opacity': 0.12 },
    },
    {
      id: 'live-area-line',
      type: 'line',
      source: AREA_SOURCE,
      paint: {
        'line-color': '#ffd54f',
        'line-width': 2.5,
        'line-dasharray': [2, 1.5],
      },
    },
    {
      id: 'live-trails',
      type: 'line',
      source: TRAILS_SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': statusColour,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.2, 17, 3],
        'line-opacity': 0.6,
      },
    },
    // Groups (low zoom): one symbol per PSU / serial, sized by its count.
    {
      id: 'live-group',
      type: 'circle',
      source: GROUPS_SOURCE,
      maxzoom: GROUP_ZOOM,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 1, 7, 25, 13, 200, 20],
        'circle-color': statusColour,
        'circle-opacity': freshnessValue('opacity'),
        'circle-stroke-color': ['case', ['>', ['get', 'miss'], 0], FRESHNESS_STYLE.late.stroke, '#ffffff'],
        'circle-stroke-width': ['case', ['>', ['get', 'miss'], 0], 3, 2],
      },
    },
    {
      id: 'live-group-code',
      type: 'symbol',
      source: GROUPS_SOURCE,
      maxzoom: GROUP_ZOOM,
      layout: {
        'text-field': ['get', 'k'],
        'text-size': 11,
        'text-font': ['sans-serif'],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: 'live-group-label',
      type: 'symbol',
      source: GROUPS_SOURCE,
      minzoom: 11.5,
      maxzoom: GROUP_ZOOM,
      ...label('label', 11, 1.6, 1.6),
    },
    // Units: each kind of layer once per units source, kind by kind, so every shard's labels draw above every
    // shard's symbols.
    ...unitKinds.flatMap((kind) =>
      UNITS_SOURCES.map(
        (source, shard) =>
          ({
            ...kind,
            id: inShard(kind.id, shard),
            source,
          }) as LayerSpecification,
      ),
    ),
  ] as LayerSpecification[];
}
