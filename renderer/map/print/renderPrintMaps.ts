/**
 * Off-screen map rendering for printed maps: one hidden MapLibre map of the printed size in CSS pixels, drawn at a
 * `pixelRatio` that gives the promised resolution (e.g. 2.25 x 96 = 216 dpi), reused for every frame: jump to the
 * frame's camera, push that frame's features, wait for `idle`, copy the canvas to a PNG. The camera comes from
 * shared/brief/frames (fitCamera), so the SVG overlays (grid ticks, scale bar) agree with the image exactly.
 * Cancellable between frames through an AbortSignal; the map and its container are always removed.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import type { PlanFeature } from '../../../shared/domain';
import type { Camera } from '../../../shared/brief/frames';
import type { BasemapSetting } from '../basemapSetting';
import { resolveBasemap, WORLD_DESCRIPTION, type ResolvedBasemap } from '../basemap';
import { accessPointCollection, areaLabelCollection, checkpointCollection, planFeatureCollection } from '../layers/planData';
import { ACCESS_SOURCE, AREA_LABEL_SOURCE, CHECKPOINT_SOURCE, PLAN_SOURCE } from '../layers/planLayers';
import { addPlanLayers } from '../layers/planLayersOnMap';
import { NATURAL_EARTH_ATTRIBUTION, STREET_ZOOM, streetScaleWorldStyle, worldStyle } from '../styles/worldStyle';

maplibregl.setWorkerUrl(workerUrl);

export interface PrintFrameRequest {
  key: string;
  camera: Camera;
  features: readonly PlanFeature[];
  phaseId: string | null;
}

export interface PrintedMap {
  key: string;
  /** PNG data URL. */
  dataUrl: string;
  widthPx: number;
  heightPx: number;
}

export interface RenderPrintMapsOptions {
  basemap: BasemapSetting;
  /** Device pixels per CSS pixel of the image. */
  pixelRatio: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface RenderPrintMapsResult {
  maps: PrintedMap[];
  /** Attribution text of the basemap's sources. */
  attribution: string[];
  basemapDescription: string;
}

export class PrintCancelled extends Error {
  constructor() {
    super('Export cancelled.');
  }
}

const once = (map: maplibregl.Map, event: 'idle' | 'load', signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new PrintCancelled());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    map.once(event, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    // A map that is already idle does not fire again until something changes.
    if (event === 'idle') map.triggerRepaint();
  });

export async function renderPrintMaps(frames: readonly PrintFrameRequest[], options: RenderPrintMapsOptions): Promise<RenderPrintMapsResult> {
  const first = frames[0];
  if (!first) return { maps: [], attribution: [], basemapDescription: '' };
  const streetScale = frames.every((f) => f.camera.zoom >= STREET_ZOOM);
  let resolved: ResolvedBasemap;
  try {
    // Printed maps are light whatever the theme: the default street map prints as OpenStreetMap streets.
    resolved = await resolveBasemap(options.basemap, 'light');
  } catch {
    // The configured basemap is unavailable: print on the shipped world map rather than not at all.
    resolved = { style: worldStyle('light'), description: WORLD_DESCRIPTION, world: true };
  }
  const style = resolved.world && streetScale ? streetScaleWorldStyle('light') : resolved.style;
  const basemapDescription = resolved.description;
  const container = document.createElement('div');
  container.setAttribute('aria-hidden', 'true');
  container.dataset.testid = 'print-map-renderer';
  Object.assign(container.style, {
    position: 'fixed',
    left: '-30000px',
    top: '0',
    width: `${first.camera.width}px`,
    height: `${first.camera.height}px`,
    pointerEvents: 'none',
  });
  document.body.append(container);
  const map = new maplibregl.Map({
    container,
    style,
    center: first.camera.center,
    zoom: first.camera.zoom,
    pixelRatio: options.pixelRatio,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    maxCanvasSize: [8192, 8192],
    maxZoom: 22,
  });
  try {
    await once(map, 'load', options.signal);
    addPlanLayers(map);
    // The street-scale world map draws no Natural Earth features, but it is still that basemap: say so.
    const attribution = new Set<string>(resolved.world && streetScale ? [NATURAL_EARTH_ATTRIBUTION] : []);
    for (const src of Object.values(map.getStyle().sources)) {
      const a = (src as { attribution?: string }).attribution;
      if (a) attribution.add(a.replace(/<[^>]*>/g, ''));
    }
    const maps: Promise<PrintedMap>[] = [];
    options.onProgress?.(0, frames.length);
    for (const frame of frames) {
      if (options.signal?.aborted) throw new PrintCancelled();
      if (frame.camera.width !== container.clientWidth || frame.camera.height !== container.clientHeight) {
        container.style.width = `${frame.camera.width}px`;
        container.style.height = `${frame.camera.height}px`;
        map.resize();
      }
      map.jumpTo({ center: frame.camera.center, zoom: frame.camera.zoom, bearing: 0, pitch: 0 });
      void (map.getSource(PLAN_SOURCE) as maplibregl.GeoJSONSource).setData(planFeatureCollection(frame.features, frame.phaseId));
      void (map.getSource(ACCESS_SOURCE) as maplibregl.GeoJSONSource).setData(accessPointCollection(frame.features, frame.phaseId));
      void (map.getSource(AREA_LABEL_SOURCE) as maplibregl.GeoJSONSource).setData(areaLabelCollection(frame.features, frame.phaseId));
      void (map.getSource(CHECKPOINT_SOURCE) as maplibregl.GeoJSONSource).setData(checkpointCollection(frame.features, frame.phaseId));
      await once(map, 'idle', options.signal);
      // toBlob copies the pixels now and encodes the PNG off the main thread, so the next frame renders meanwhile
      // (toDataURL would encode each multi-megapixel image synchronously).
      const canvas = map.getCanvas();
      const { width, height } = canvas;
      maps.push(
        new Promise<PrintedMap>((resolve, reject) =>
          canvas.toBlob(
            (blob) =>
              blob
                ? resolve({ key: frame.key, dataUrl: URL.createObjectURL(blob), widthPx: width, heightPx: height })
                : reject(new Error(`Map "${frame.key}" could not be encoded.`)),
            'image/png',
          ),
        ),
      );
      options.onProgress?.(maps.length, frames.length);
    }
    return { maps: await Promise.all(maps), attribution: [...attribution], basemapDescription };
  } finally {
    map.remove();
    container.remove();
  }
}
