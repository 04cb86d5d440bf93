import { describe, expect, it } from 'vitest';
import { GROUP_LAYERS, GROUP_ZOOM, UNIT_LAYERS, liveLayers, liveSources, UNITS_SOURCE } from './liveLayers';

describe('live layer specs', () => {
  const layers = liveLayers();
  const sources = liveSources();
  it('draw only from the live sources, with unique ids', () => {
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
    for (const l of layers) expect(Object.keys(sources)).toContain((l as { source: string }).source);
    for (const id of [...UNIT_LAYERS, ...GROUP_LAYERS]) expect(layers.map((l) => l.id)).toContain(id);
  });
  it('key units by id so selection is feature state', () => {
    expect(sources[UNITS_SOURCE]).toMatchObject({ type: 'geojson', promoteId: 'id' });
  });
  it('collapse group members below the group zoom and show groups only there', () => {
    const byId = new Map(layers.map((l) => [l.id, l]));
    expect(byId.get('live-unit-member')!.minzoom).toBe(GROUP_ZOOM);
    expect(byId.get('live-unit-single')!.minzoom).toBeUndefined();
    expect(byId.get('live-group')!.maxzoom).toBe(GROUP_ZOOM);
  });
  it('draw each freshness differently: fill, outline, and a dashed ring when lost', () => {
    const unit = layers.find((l) => l.id === 'live-unit-single') as { paint: Record<string, unknown> };
    expect(JSON.stringify(unit.paint['circle-opacity'])).toMatch(/fresh.*late.*lost/);
    expect(JSON.stringify(unit.paint['circle-stroke-color'])).toMatch(/fresh.*late.*lost/);
    expect(JSON.stringify(layers.find((l) => l.id === 'live-unit-ring'))).toMatch(/lost/);
  });
  it('use only properties the data builder writes', () => {
    const used = new Set([...JSON.stringify(layers).matchAll(/\["get","(\w+)"\]/g)].map((m) => m[1]));
    for (const p of used) expect(['id', 'cs', 'k', 's', 'f', 'h', 'm', 'label', 'count', 'miss']).toContain(p);
  });
});
