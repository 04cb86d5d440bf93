/**
 * Resolves the basemap setting into a MapLibre style: the default street map (the offline archives Cordon was
 * started with, else the shipped world map), the shipped world map, a PMTiles or MBTiles archive drawn with the
 * maintained style of its schema (basemapSchema.ts), or an online style. Everything that can fail is fetched here,
 * before the map is given the style, so a basemap that cannot load is reported and replaced by the world map instead
 * of leaving the map without a style (and so without the plan layers, which are added when a style loads).
 */
import * as maplibregl from 'maplibre-gl';
import { PMTiles, Protocol } from 'pmtiles';
import type { StyleSpecification } from 'maplibre-gl';
import type { BasemapSetting } from './basemapSetting';
import { loadRuntimeConfig } from '../platform/runtimeConfig';
import { detectSchema } from './basemapSchema';
import { streetStyle, type StreetArchive } from './styles/streetStyle';
import { worldStyle } from './styles/worldStyle';

export const WORLD_DESCRIPTION = 'World (offline, Natural Earth)';
/** How long an online style or tile archive may take to answer before it counts as unreachable. */
const FETCH_TIMEOUT_MS = 10_000;

let protocol: Protocol | null = null;

function pmtilesProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol({ metadata: true });
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  return protocol;
}

function absolute(url: string): string {
  return new URL(url, window.location.href).href;
}

export interface ResolvedBasemap {
  style: StyleSpecification;
  description: string;
  /** True for the shipped world map (printed maps then skip its continent-sized sources at street scale). */
  world: boolean;
}

/** How a message names a basemap setting. */
export function basemapLabel(setting: BasemapSetting): string {
  switch (setting.kind) {
    case 'default':
      return 'the default street map';
    case 'world':
      return 'the world map';
    case 'pmtiles':
    case 'mbtiles':
      return setting.name || setting.url;
    case 'online':
      return `the online style at ${new URL(setting.styleUrl).host}`;
  }
}

function schemaOf(name: string, layerIds: string[]) {
  const schema = detectSchema(layerIds);
  if (!schema)
    throw new Error(
      `${name} uses a tile schema Cordon does not know (layers: ${layerIds.slice(0, 6).join(', ') || 'none'}); use an OpenMapTiles or Protomaps archive`,
    );
  return schema;
}

/**
 * Archives already opened, by URL: a theme switch, a second map or each printed pack would otherwise read every
 * archive's header and metadata again. A failure is not kept, so a file that appears later is tried again.
 */
const opened = new Map<string, Promise<StreetArchive>>();

function pmtilesArchive(url: string, name: string): Promise<StreetArchive> {
  const full = absolute(url);
  let archive = opened.get(full);
  if (!archive) {
    archive = openPmtiles(full, name);
    opened.set(full, archive);
    archive.catch(() => opened.delete(full));
  }
  return archive;
}

async function openPmtiles(full: string, name: string): Promise<StreetArchive> {
  const archive = new PMTiles(full);
  const header = await archive.getHeader();
  if (header.tileType !== 1) throw new Error(`${name} holds raster tiles; Cordon needs vector tiles (MVT)`);
  const metadata = (await archive.getMetadata()) as { vector_layers?: { id: string }[]; attribution?: string } | undefined;
  const sourceLayers = (metadata?.vector_layers ?? []).map((l) => l.id);
  pmtilesProtocol().add(archive);
  return {
    url: `pmtiles://${full}`,
    schema: schemaOf(name, sourceLayers),
    sourceLayers,
    minzoom: header.minZoom,
    maxzoom: header.maxZoom,
    ...(metadata?.attribution ? { attribution: metadata.attribution } : {}),
  };
}

async function fetchJson(url: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    throw new Error(`${what} is unreachable`);
  }
  if (!response.ok) throw new Error(`${what} answered ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${what} is not JSON`);
  }
}

/** An MBTiles archive served by the desktop app: its TileJSON names the vector layers. */
async function tileJsonArchive(url: string, name: string): Promise<StreetArchive> {
  const full = absolute(url);
  const tileJson = (await fetchJson(full, name)) as { vector_layers?: { id: string }[]; attribution?: string };
  const sourceLayers = (tileJson.vector_layers ?? []).map((l) => l.id);
  return { url: full, schema: schemaOf(name, sourceLayers), sourceLayers, ...(tileJson.attribution ? { attribution: tileJson.attribution } : {}) };
}

async function onlineStyle(styleUrl: string): Promise<StyleSpecification> {
  const style = (await fetchJson(styleUrl, `The style at ${new URL(styleUrl).host}`)) as Partial<StyleSpecification> | null;
  if (!style || style.version !== 8 || typeof style.sources !== 'object' || !Array.isArray(style.layers)) {
    throw new Error(`${styleUrl} is not a MapLibre style (version 8, sources, layers)`);
  }
  return style as StyleSpecification;
}

const world = (theme: 'dark' | 'light'): ResolvedBasemap => ({ style: worldStyle(theme), description: WORLD_DESCRIPTION, world: true });

export async function resolveBasemap(setting: BasemapSetting, theme: 'dark' | 'light'): Promise<ResolvedBasemap> {
  switch (setting.kind) {
    case 'world':
      return world(theme);
    case 'default': {
      const { config } = await loadRuntimeConfig();
      if (!config.defaultBasemap) return world(theme);
      const archives = await Promise.all(config.defaultBasemap.archives.map((a) => pmtilesArchive(a.url, a.name)));
      const top = config.defaultBasemap.archives[config.defaultBasemap.archives.length - 1];
      return { style: streetStyle(archives, theme), description: `Streets: ${top?.name ?? 'OpenStreetMap'}`, world: false };
    }
    case 'pmtiles': {
      const archive = await pmtilesArchive(setting.url, setting.name || setting.url);
      return { style: streetStyle([archive], theme), description: `PMTiles ${setting.name || setting.url}`, world: false };
    }
    case 'mbtiles': {
      const archive = await tileJsonArchive(setting.url, setting.name || setting.url);
      return { style: streetStyle([archive], theme), description: `MBTiles ${setting.name || setting.url}`, world: false };
    }
    case 'online':
      return { style: await onlineStyle(setting.styleUrl), description: `Online style ${new URL(setting.styleUrl).host}`, world: false };
  }
}
