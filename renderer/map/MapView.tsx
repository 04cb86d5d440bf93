/**
 * Owns the one MapLibre instance. Children are render-nothing controllers (plan layers, drawing, cursor readout) that
 * reach the map through `useMapContext()`; each adds what it needs when the style loads and removes it in cleanup.
 * `styleEpoch` changes whenever a new basemap style finished loading, so controllers re-add their layers.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { BasemapSetting } from '../features/settings/settings';
import { resolveBasemap } from './basemap';
import { worldStyle } from './styles/worldStyle';

maplibregl.setWorkerUrl(workerUrl);

export interface MapContextValue {
  map: maplibregl.Map;
  styleEpoch: number;
}

const MapContext = createContext<MapContextValue | null>(null);

export function useMapContext(): MapContextValue | null {
  return useContext(MapContext);
}

/** London, where our force works; the world map still shows the whole globe when zoomed out. */
export const DEFAULT_VIEW = { center: [-0.1276, 51.5072] as [number, number], zoom: 11 };

interface Props {
  basemap: BasemapSetting;
  theme: 'dark' | 'light';
  onBasemapError: (message: string) => void;
  onBasemapLoaded?: (description: string) => void;
  children?: ReactNode;
}

export function MapView({ basemap, theme, onBasemapError, onBasemapLoaded, children }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [ctx, setCtx] = useState<MapContextValue | null>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const el = container.current;
    const map = new maplibregl.Map({
      container: el,
      style: worldStyle(theme),
      center: DEFAULT_VIEW.center,
      zoom: DEFAULT_VIEW.zoom,
      attributionControl: { compact: false },
      canvasContextAttributes: { preserveDrawingBuffer: true },
      maxPitch: 0,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
    let epoch = 0;
    const onStyle = () => setCtx({ map, styleEpoch: ++epoch });
    map.on('style.load', onStyle);
    // A readiness signal for people and tests alike: the map says when it has finished drawing.
    map.on('idle', () => {
      el.dataset.mapState = 'idle';
      performance.mark('cordon:map-idle');
    });
    map.on('dataloading', () => (el.dataset.mapState = 'loading'));
    map.on('movestart', () => (el.dataset.mapState = 'moving'));
    map.on('sourcedata', (e) => {
      if (e.sourceId === 'basemap' && e.isSourceLoaded) el.dataset.basemapTiles = 'loaded';
    });
    return () => {
      map.remove();
      mapRef.current = null;
      setCtx(null);
    };
    // The map is created once; theme and basemap changes go through setStyle below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    let cancelled = false;
    resolveBasemap(basemap, theme)
      .then((resolved) => {
        if (cancelled) return;
        if (container.current) {
          container.current.dataset.basemap = resolved.description;
          delete container.current.dataset.basemapTiles;
        }
        map.setStyle(resolved.style, { diff: false });
        onBasemapLoaded?.(resolved.description);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        onBasemapError(`The basemap could not be loaded: ${e instanceof Error ? e.message : String(e)}. Showing the world map instead.`);
        map.setStyle(worldStyle(theme), { diff: false });
      });
    return () => {
      cancelled = true;
    };
  }, [basemap, theme, onBasemapError, onBasemapLoaded]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" role="region" aria-label="Map" data-map-state="loading" />
      {ctx && <MapContext.Provider value={ctx}>{children}</MapContext.Provider>}
    </div>
  );
}
