import { describe, expect, it } from 'vitest';
import { planLayers, planSources, SELECTABLE_LAYERS } from './planLayers';
import type { LayerSpecification } from 'maplibre-gl';
import { styleProblems } from './styleSpecCheck';

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

describe('plan layer specs against the MapLibre style specification', () => {
  it('are valid, property by property and expression by expression', () => {
    expect(styleProblems(planSources(), planLayers())).toEqual([]);
  });
  it('would catch a misspelt paint property (the check can fail)', () => {
    const broken = planLayers().map((l, i) => (i === 0 ? ({ ...l, paint: { 'fill-colour': '#fff' } } as unknown as LayerSpecification) : l));
    expect(styleProblems(planSources(), broken).join('\n')).toMatch(/fill-colour/);
  });
});
