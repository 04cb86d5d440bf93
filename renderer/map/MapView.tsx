/**
 * Owns the one MapLibre instance. Children are render-nothing controllers (plan layers, drawing, cursor readout) that
 * reach the map through `useMapContext()`; each adds what it needs when the style loads and removes it in cleanup.
 * `styleEpoch` changes whenever a new basemap style finished loading, so controllers re-add their layers.
 *
 * A basemap that fails never hides the plan: it is resolved (fetched, checked) before the map gets it, and if it
 * cannot load the shipped world map is shown instead, so a style always loads and the plan layers draw over it. The
 * map itself says which basemap failed (a banner over the map); the banner goes when a basemap loads.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { BasemapSetting } from './basemapSetting';
import { basemapLabel, resolveBasemap, WORLD_DESCRIPTION } from './basemap';
import { streetScaleWorldStyle, worldStyle } from './styles/worldStyle';

maplibregl.setWorkerUrl(workerUrl);

export interface MapContextValue {
  map: maplibregl.Map;
  styleEpoch: number;
}

const MapContext = createContext<MapContextValue | null>(null);

/**
 * Maps whose style is being replaced (setStyle called, its style.load not yet fired). MapLibre throws "Style is not
 * done loading" from addSource/addLayer in that window, and a throw inside a React effect takes the whole app down; a
 * controller's effect may still run in it (it was scheduled before the basemap resolved), so each checks first and
 * runs again on the next style epoch.
 */
const stylesLoading = new WeakSet<maplibregl.Map>();

/** True when sources and layers may be added to the map now. */
export function styleReady(map: maplibregl.Map): boolean {
  return !stylesLoading.has(map);
}

/** setStyle, marking the map as loading until the new style's style.load (see styleReady). */
function replaceStyle(map: maplibregl.Map, style: maplibregl.StyleSpecification | string) {
  stylesLoading.add(map);
  map.setStyle(style, { diff: false });
}

export function useMapContext(): MapContextValue | null {
  return useContext(MapContext);
}

/** London, where our force works; the world map still shows the whole globe when zoomed out. */
export const DEFAULT_VIEW = { center: [-0.1276, 51.5072] as [number, number], zoom: 11 };

/** How long a resolved style may take to load before the world map replaces it. */
const STYLE_LOAD_TIMEOUT_MS = 20_000;

interface Props {
  basemap: BasemapSetting;
  theme: 'dark' | 'light';
  /**
   * Not called: basemap problems are shown on the map itself, where they clear once another basemap loads (the app's
   * toast would stay stale). Kept so existing callers still compile.
   */
  onBasemapError?: (message: string) => void;
  onBasemapLoaded?: (description: string) => void;
  children?: ReactNode;
}

// Over the map's top-left corner (the zoom buttons are top-right), above the canvas but below dialogs.
const MESSAGE_STYLE = {
  position: 'absolute',
  top: 8,
  left: 8,
  right: 56,
  zIndex: 2,
  display: 'flex',
  gap: 8,
  alignItems: 'center',
  padding: '6px 10px',
  background: 'var(--panel)',
  color: 'var(--text)',
  border: '1px solid var(--warn)',
  borderRadius: 4,
  fontSize: 13,
} as const;

/** The map element as tests see it: the MapLibre instance hangs off it, for queryRenderedFeatures. */
export type MapElement = HTMLDivElement & { cordonMap?: maplibregl.Map };

export function MapView({ basemap, theme, onBasemapLoaded, children }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [ctx, setCtx] = useState<MapContextValue | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const reported = useRef({ onBasemapLoaded });
  useEffect(() => {
    reported.current = { onBasemapLoaded };
  }, [onBasemapLoaded]);

  useEffect(() => {
    if (!container.current) return;
    const el = container.current;
    const map = new maplibregl.Map({
      container: el,
      // Plain land until the basemap is resolved: starting on the world map would flash it (and tile Natural Earth)
      // before the street map replaces it.
      style: basemap.kind === 'world' ? worldStyle(theme) : streetScaleWorldStyle(theme),
      center: DEFAULT_VIEW.center,
      zoom: DEFAULT_VIEW.zoom,
      attributionControl: { compact: false },
      canvasContextAttributes: { preserveDrawingBuffer: true },
      maxPitch: 0,
    });
    mapRef.current = map;
    // For end-to-end tests and benchmarks (queryRenderedFeatures on the basemap's street layers); not enumerable.
    Object.defineProperty(el, 'cordonMap', { value: map, configurable: true });
    map.addControl(new maplibregl.NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
    let epoch = 0;
    stylesLoading.add(map);
    const onStyle = () => {
      stylesLoading.delete(map);
      setCtx({ map, styleEpoch: ++epoch });
    };
    map.on('style.load', onStyle);
    // A readiness signal for people and tests alike: the map says when it has finished drawing.
    map.on('idle', () => {
      el.dataset.mapState = 'idle';
      performance.mark('cordon:map-idle');
      // The first idle with the street map's tiles in (benchmarks: time to the first street map).
      if (el.dataset.basemapTiles === 'loaded' && performance.getEntriesByName('cordon:basemap-idle').length === 0) performance.mark('cordon:basemap-idle');
    });
    map.on('dataloading', () => (el.dataset.mapState = 'loading'));
    map.on('movestart', () => (el.dataset.mapState = 'moving'));
    map.on('sourcedata', (e) => {
      if (e.sourceId === 'basemap' && e.isSourceLoaded) el.dataset.basemapTiles = 'loaded';
    });
    // Tiles that fail after the style loaded (a server gone, a truncated archive): say so once per basemap; the plan
    // stays drawn over whatever did load.
    map.on('error', (ev) => {
      const e = ev as { sourceId?: string; error?: { message?: string } };
      if (!e.sourceId?.startsWith('basemap') || el.dataset.basemapTiles === 'failed') return;
      el.dataset.basemapTiles = 'failed';
      setProblem(
        `Some tiles of the basemap (${el.dataset.basemap ?? 'basemap'}) could not be loaded${e.error?.message ? `: ${e.error.message}` : ''}. The plan is drawn over what did load.`,
      );
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
    const el = container.current;
    if (!map || !el) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fallBack = (reason: string) => {
      const message = `The basemap (${basemapLabel(basemap)}) could not be loaded: ${reason}. Showing the world map instead.`;
      el.dataset.basemap = WORLD_DESCRIPTION;
      el.dataset.basemapFailed = 'true';
      setProblem(message);
      replaceStyle(map, worldStyle(theme));
    };
    resolveBasemap(basemap, theme)
      .then((resolved) => {
        if (cancelled) return;
        performance.mark('cordon:basemap-resolved');
        el.dataset.basemap = resolved.description;
        delete el.dataset.basemapTiles;
        delete el.dataset.basemapFailed;
        // A style that passed our checks can still fail inside MapLibre; without style.load the plan would not draw.
        timer = setTimeout(() => !cancelled && fallBack('its style did not load'), STYLE_LOAD_TIMEOUT_MS);
        map.once('style.load', () => {
          clearTimeout(timer);
          if (cancelled) return;
          setProblem(null);
          reported.current.onBasemapLoaded?.(resolved.description);
        });
        replaceStyle(map, resolved.style);
      })
      .catch((e: unknown) => {
        if (!cancelled) fallBack(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [basemap, theme]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" role="region" aria-label="Map" data-map-state="loading" />
      {problem && (
        <div className="basemap-message" role="alert" data-testid="basemap-message" style={MESSAGE_STYLE}>
          <span>{problem}</span>
          <button className="btn" onClick={() => setProblem(null)} aria-label="Dismiss the basemap message">
            ×
          </button>
        </div>
      )}
      {ctx && <MapContext.Provider value={ctx}>{children}</MapContext.Provider>}
    </div>
  );
}
