import { describe, expect, it } from 'vitest';
import { GROUP_LAYERS, GROUP_ZOOM, UNIT_LAYERS, liveLayers, liveSources, UNITS_SOURCES, shardOf, UNIT_SHARDS } from './liveLayers';
import { styleProblems } from '../layers/styleSpecCheck';

describe('live layer specs', () => {
  const layers = liveLayers();
  const sources = liveSources();
  it('draw only from the live sources, with unique ids', () => {
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
    for (const l of layers) expect(Object.keys(sources)).toContain((l as { source: string }).source);
    for (const id of [...UNIT_LAYERS, ...GROUP_LAYERS]) expect(layers.map((l) => l.id)).toContain(id);
  });
  it('key units by id so selection is feature state', () => {
    for (const id of UNITS_SOURCES) expect(sources[id]).toMatchObject({ type: 'geojson', promoteId: 'id' });
  });
  it('collapse group members below the group zoom and show groups only there', () => {
    const byId = new Map(layers.map((l) => [l.id, l]));
    expect(byId.get('live-unit-member-0')!.minzoom).toBe(GROUP_ZOOM);
    expect(byId.get('live-unit-single-0')!.minzoom).toBeUndefined();
    expect(byId.get('live-group')!.maxzoom).toBe(GROUP_ZOOM);
  });
  it('draw each freshness differently: fill, outline, and a dashed ring when lost', () => {
    const unit = layers.find((l) => l.id === 'live-unit-single-0') as { paint: Record<string, unknown> };
    expect(JSON.stringify(unit.paint['circle-opacity'])).toMatch(/fresh.*late.*lost/);
    expect(JSON.stringify(unit.paint['circle-stroke-color'])).toMatch(/fresh.*late.*lost/);
    expect(JSON.stringify(layers.find((l) => l.id === 'live-unit-ring-0'))).toMatch(/lost/);
  });
  it('use only properties the data builder writes', () => {
    const used = new Set([...JSON.stringify(layers).matchAll(/\["get","(\w+)"\]/g)].map((m) => m[1]));
    for (const p of used) expect(['id', 'cs', 'k', 's', 'f', 'h', 'm', 'label', 'count', 'miss']).toContain(p);
  });
  it('draw every units source with the same layers, each kind above the one before in every shard', () => {
    const unitLayers = layers.filter((l) => UNITS_SOURCES.includes((l as { source: string }).source));
    const kinds = [...new Set(unitLayers.map((l) => l.id.replace(/-\d+$/, '')))];
    expect(unitLayers).toHaveLength(kinds.length * UNIT_SHARDS);
    // Kind by kind: all shards' circles before any shard's labels.
    const order = unitLayers.map((l) => kinds.indexOf(l.id.replace(/-\d+$/, '')));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const shard of UNITS_SOURCES)
      expect(unitLayers.filter((l) => (l as { source: string }).source === shard).map((l) => l.id.replace(/-\d+$/, ''))).toEqual(kinds);
  });
  it('put a unit in the same source every time', () => {
    expect(shardOf('radio-17')).toBe(shardOf('radio-17'));
    const seen = new Set(Array.from({ length: 100 }, (_, i) => shardOf(`U${i}`)));
    expect(seen.size).toBe(UNIT_SHARDS);
  });
});

describe('live layer specs against the MapLibre style specification', () => {
  it('are valid, property by property and expression by expression', () => {
    expect(styleProblems(liveSources(), liveLayers())).toEqual([]);
  });
});
