/**
 * Render-nothing controller for other people's selections on the Plan map: adds the outline source and layers when
 * the style loads, pushes the outlines when they or the features change, and removes everything in cleanup.
 */
import type * as maplibregl from 'maplibre-gl';
import { useEffect } from 'react';
import type { PlanFeature } from '../../shared/domain';
import { styleReady, useMapContext } from './MapView';
import { PRESENCE_SOURCE, presenceLayers, presenceOutlineCollection, presenceSources, type OutlineInput } from './layers/presenceLayers';

export function PresenceOutlines({ features, outlines }: { features: readonly PlanFeature[]; outlines: readonly OutlineInput[] }) {
  const ctx = useMapContext();
  const map = ctx?.map;
  const epoch = ctx?.styleEpoch;

  useEffect(() => {
    if (!map || !styleReady(map)) return;
    for (const [id, spec] of Object.entries(presenceSources())) if (!map.getSource(id)) map.addSource(id, spec);
    for (const layer of presenceLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer);
    return () => {
      if (!map.style) return;
      for (const layer of presenceLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
      for (const id of Object.keys(presenceSources())) if (map.getSource(id)) map.removeSource(id);
    };
  }, [map, epoch]);

  useEffect(() => {
    const source = map?.getSource(PRESENCE_SOURCE) as maplibregl.GeoJSONSource | undefined;
    void source?.setData(presenceOutlineCollection(features, outlines));
  }, [map, epoch, features, outlines]);

  return null;
}
