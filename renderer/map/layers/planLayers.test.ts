import { describe, expect, it } from 'vitest';
import { planLayers, planSources, SELECTABLE_LAYERS } from './planLayers';

describe('plan layer specs', () => {
  const layers = planLayers();
  const sources = planSources();
  it('draw only from the plan sources, with unique ids', () => {
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
    for (const l of layers) expect(Object.keys(sources)).toContain((l as { source: string }).source);
  });
  it('offer every drawn kind of shape for selection', () => {
    for (const id of SELECTABLE_LAYERS) expect(layers.map((l) => l.id)).toContain(id);
  });
  it('key features by their id so selection can use feature state', () => {
    expect(sources.plan).toMatchObject({ type: 'geojson', promoteId: 'id' });
  });
});
