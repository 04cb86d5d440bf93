/** Render-nothing controller: while armed, the next click on the map is reported as a position (and nothing else). */
import type * as maplibregl from 'maplibre-gl';
import { useEffect } from 'react';
import { useMapContext } from './MapView';

export function MapPick({ onPick }: { onPick: ((lon: number, lat: number) => void) | null }) {
  const map = useMapContext()?.map;
  useEffect(() => {
    if (!map || !onPick) return;
    const canvas = map.getCanvas();
    canvas.style.cursor = 'crosshair';
    const onClick = (e: maplibregl.MapMouseEvent) => onPick(e.lngLat.lng, e.lngLat.lat);
    map.once('click', onClick);
    return () => {
      map.off('click', onClick);
      canvas.style.cursor = '';
    };
  }, [map, onPick]);
  return null;
}
