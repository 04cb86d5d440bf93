/** Gives the workspace a small camera API (fly to a point, fit a geometry) without handing out the map itself. */
import * as maplibregl from 'maplibre-gl';
import { useEffect } from 'react';
import type { PlanGeometry } from '../../shared/domain';
import { useMapContext } from './MapView';

export interface Camera {
  flyTo: (lon: number, lat: number, zoom?: number) => void;
  fitGeometry: (geometry: PlanGeometry) => void;
  fitAll: (geometries: readonly PlanGeometry[], options?: { animate?: boolean }) => void;
}

function extend(bounds: maplibregl.LngLatBounds, g: PlanGeometry) {
  const add = (c: readonly number[]) => bounds.extend([c[0]!, c[1]!]);
  if (g.type === 'Point') add(g.coordinates);
  else if (g.type === 'LineString') g.coordinates.forEach(add);
  else g.coordinates.forEach((r) => r.forEach(add));
}

export function CameraBridge({ onReady }: { onReady: (camera: Camera | null) => void }) {
  const map = useMapContext()?.map;
  useEffect(() => {
    if (!map) return;
    const fit = (gs: readonly PlanGeometry[], options: { animate?: boolean } = {}) => {
      if (gs.length === 0) return;
      const b = new maplibregl.LngLatBounds();
      gs.forEach((g) => extend(b, g));
      map.fitBounds(b, { padding: 80, maxZoom: 17, duration: options.animate === false ? 0 : 600 });
    };
    onReady({
      flyTo: (lon, lat, zoom = 16) => map.flyTo({ center: [lon, lat], zoom, duration: 800 }),
      fitGeometry: (g) => fit([g]),
      fitAll: fit,
    });
    return () => onReady(null);
  }, [map, onReady]);
  return null;
}
