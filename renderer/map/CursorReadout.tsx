/** The readout under the cursor: 10-figure British National Grid reference and longitude/latitude. */
import type * as maplibregl from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { toGridRef } from '../../shared/geo';
import { useMapContext } from './MapView';

export function CursorReadout() {
  const ctx = useMapContext();
  const map = ctx?.map;
  const [pos, setPos] = useState<{ lon: number; lat: number } | null>(null);
  useEffect(() => {
    if (!map) return;
    const onMove = (e: maplibregl.MapMouseEvent) => setPos({ lon: e.lngLat.lng, lat: e.lngLat.lat });
    const onOut = () => setPos(null);
    map.on('mousemove', onMove);
    map.getCanvas().addEventListener('mouseleave', onOut);
    return () => {
      map.off('mousemove', onMove);
      map.getCanvas().removeEventListener('mouseleave', onOut);
    };
  }, [map]);
  const grid = pos ? toGridRef(pos.lon, pos.lat) : null;
  return (
    <div className="cursor-readout" aria-live="off" data-testid="cursor-readout">
      {pos ? (
        <>
          <span title="British National Grid reference (10 figures, 1 m)">{grid && grid.ok ? grid.value : 'Outside the British National Grid'}</span>
          <span>
            {pos.lat.toFixed(6)}, {pos.lon.toFixed(6)}
          </span>
        </>
      ) : (
        <span className="muted">Move the cursor over the map for a grid reference</span>
      )}
    </div>
  );
}
