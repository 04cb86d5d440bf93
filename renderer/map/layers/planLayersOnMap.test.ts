import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as maplibregl from 'maplibre-gl';
import { ROUTE_ARROW_IMAGE } from './planLayers';
import { addPlanLayers, removePlanLayers } from './planLayersOnMap';

/** The slice of a MapLibre map that add/remove touch, keeping what is on it in plain sets. */
function fakeMap() {
  const sources = new Set<string>();
  const layers = new Set<string>();
  const images = new Set<string>();
  const map = {
    style: {},
    getSource: (id: string) => (sources.has(id) ? {} : undefined),
    addSource: (id: string) => void sources.add(id),
    removeSource: (id: string) => void sources.delete(id),
    getLayer: (id: string) => (layers.has(id) ? {} : undefined),
    addLayer: (layer: { id: string }) => void layers.add(layer.id),
    removeLayer: (id: string) => void layers.delete(id),
    hasImage: (id: string) => images.has(id),
    addImage: (id: string) => void images.add(id),
    removeImage: (id: string) => void images.delete(id),
  };
  return { map: map as unknown as maplibregl.Map, sources, layers, images };
}

// Node has no ImageData; the arrow image only needs to be constructible here.
const hadImageData = 'ImageData' in globalThis;
beforeAll(() => {
  if (!hadImageData) Object.assign(globalThis, { ImageData: class {} });
});
afterAll(() => {
  if (!hadImageData) delete (globalThis as { ImageData?: unknown }).ImageData;
});

describe('plan layers on a map', () => {
  it('takes away everything it added: layers, sources and the route arrow image', () => {
    const { map, sources, layers, images } = fakeMap();
    addPlanLayers(map);
    expect(layers.size).toBeGreaterThan(0);
    expect(images.has(ROUTE_ARROW_IMAGE)).toBe(true);
    removePlanLayers(map);
    expect([...layers, ...sources, ...images]).toEqual([]);
  });

  it('can be added again after removal (a workspace mounted twice)', () => {
    const { map, images } = fakeMap();
    addPlanLayers(map);
    removePlanLayers(map);
    addPlanLayers(map);
    expect(images.has(ROUTE_ARROW_IMAGE)).toBe(true);
  });
});
