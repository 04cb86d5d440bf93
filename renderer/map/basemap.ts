/**
 * Resolves the basemap setting into a MapLibre style: the shipped world map, a PMTiles archive drawn with the bundled
 * OpenMapTiles style, or an online style URL. PMTiles archives are read by range through the `pmtiles://` protocol.
 */
import * as maplibregl from 'maplibre-gl';
import { PMTiles, Protocol } from 'pmtiles';
import type { StyleSpecification } from 'maplibre-gl';
import type { BasemapSetting } from '../features/settings/settings';
import { worldStyle } from './styles/worldStyle';
import { openMapTilesStyle } from './styles/openMapTilesStyle';

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
  style: StyleSpecification | string;
  description: string;
}

export async function resolveBasemap(setting: BasemapSetting, theme: 'dark' | 'light'): Promise<ResolvedBasemap> {
  switch (setting.kind) {
    case 'world':
      return { style: worldStyle(theme), description: 'World (offline, Natural Earth)' };
    case 'online':
      return { style: setting.styleUrl, description: `Online style ${new URL(setting.styleUrl).host}` };
    case 'pmtiles': {
      const url = absolute(setting.url);
      const archive = new PMTiles(url);
      pmtilesProtocol().add(archive);
      const header = await archive.getHeader();
      const metadata = (await archive.getMetadata()) as { vector_layers?: { id: string }[] } | undefined;
      const sourceLayers = (metadata?.vector_layers ?? []).map((l) => l.id);
      if (header.tileType !== 1) throw new Error(`${setting.name || url} holds raster tiles; Cordon needs vector tiles (MVT).`);
      if (sourceLayers.length === 0) throw new Error(`${setting.name || url} lists no vector layers in its metadata.`);
      const style = openMapTilesStyle({ url: `pmtiles://${url}`, sourceLayers, minzoom: header.minZoom, maxzoom: header.maxZoom }, theme);
      return { style, description: `PMTiles ${setting.name || url}` };
    }
  }
}
