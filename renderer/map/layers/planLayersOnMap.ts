/**
 * Adds the plan's sources, images and layers to a map, and takes them away again: one routine for the Plan and Live
 * workspaces and for printed maps, so all three draw the plan the same way.
 */
import type * as maplibregl from 'maplibre-gl';
import { ROUTE_ARROW_IMAGE, planLayers, planSources } from './planLayers';

function arrowImage(): ImageData {
  const size = 24;
  const data = new Uint8ClampedArray(size * size * 4);
  // A chevron pointing along +x (the line direction): filled where |y - mid| < (x - 6) * 0.7 within a band.
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dy = Math.abs(y - size / 2);
      const inside = x >= 6 && x <= 20 && dy <= (20 - x) * 0.8 && dy >= (14 - x) * 0.8;
      if (inside) data[(y * size + x) * 4 + 3] = 255;
    }
  }
  return new ImageData(data, size, size);
}

export function addPlanLayers(map: maplibregl.Map) {
  for (const [id, spec] of Object.entries(planSources())) if (!map.getSource(id)) map.addSource(id, spec);
  if (!map.hasImage(ROUTE_ARROW_IMAGE)) map.addImage(ROUTE_ARROW_IMAGE, arrowImage(), { sdf: true });
  for (const layer of planLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

export function removePlanLayers(map: maplibregl.Map) {
  if (!map.style) return;
  for (const layer of planLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
  for (const id of Object.keys(planSources())) if (map.getSource(id)) map.removeSource(id);
  // Whoever sets a thing up tears it down: the arrow image too, or a style swap would find a stale one.
  if (map.hasImage(ROUTE_ARROW_IMAGE)) map.removeImage(ROUTE_ARROW_IMAGE);
}
