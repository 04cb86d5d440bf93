/**
 * One MapLibre style for one or more offline vector archives, each drawn with the maintained style of its schema
 * (basemapSchema.ts): archives are stacked in order, e.g. the London overview under the detailed central London
 * map. An archive with another above it stops at OVERVIEW_MAXZOOM, where its simplified roads would no longer lie on
 * the detailed ones. Every source carries the archive's attribution (ODbL maps must say © OpenStreetMap
 * contributors), which the attribution control and printed maps show.
 */
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { TileSchema } from '../basemapSchema';
import { backgroundLayer, OSM_ATTRIBUTION, openMapTilesLayers } from './openMapTilesStyle';
import { protomapsLayers } from './protomapsStyle';

export const OVERVIEW_MAXZOOM = 15;

export interface StreetArchive {
  /** What MapLibre loads: `pmtiles://<url>` or a TileJSON URL. */
  url: string;
  schema: TileSchema;
  sourceLayers: readonly string[];
  minzoom?: number;
  maxzoom?: number;
  /** The archive's own attribution, if it names one; OpenStreetMap's is used otherwise. */
  attribution?: string;
}

/** Attribution text without markup: some archives carry HTML (`<a href=...>&copy; OSM</a>`). */
function plainAttribution(text: string | undefined): string {
  const plain = (text ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/&copy;/g, '©')
    .trim();
  // Whatever the archive says, OpenStreetMap data must be credited in these words.
  return /openstreetmap contributors/i.test(plain) ? plain : OSM_ATTRIBUTION;
}

export function streetStyle(archives: readonly StreetArchive[], theme: 'dark' | 'light'): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {};
  const layers: LayerSpecification[] = [];
  // Each credit once: two OpenStreetMap archives (overview and detail) would otherwise print it twice.
  const credited = new Set<string>();
  const attributions = archives.map((a) => plainAttribution(a.attribution));
  const osmOnly = (text: string) => /^© OpenStreetMap contributors( \(ODbL\))?$/.test(text);
  const osmCredit = attributions.filter(osmOnly).sort((a, b) => b.length - a.length)[0];
  archives.forEach((archive, i) => {
    const id = i === archives.length - 1 ? 'basemap' : `basemap${i}`;
    const capped = i < archives.length - 1 ? OVERVIEW_MAXZOOM : undefined;
    const own = attributions[i] ?? OSM_ATTRIBUTION;
    const attribution = osmOnly(own) ? (osmCredit ?? own) : own;
    const creditHere = !credited.has(attribution);
    credited.add(attribution);
    sources[id] = {
      type: 'vector',
      url: archive.url,
      ...(creditHere ? { attribution } : {}),
      ...(archive.minzoom !== undefined ? { minzoom: archive.minzoom } : {}),
      ...(archive.maxzoom !== undefined ? { maxzoom: archive.maxzoom } : {}),
    };
    const drawn = archive.schema === 'protomaps' ? protomapsLayers(id, theme, capped) : openMapTilesLayers(id, archive.sourceLayers, theme, capped);
    // One background for the whole stack (Protomaps brings its own; keep only the first of any).
    layers.push(...drawn.filter((l) => l.type !== 'background' || !layers.some((m) => m.type === 'background')));
  });
  if (!layers.some((l) => l.type === 'background')) layers.unshift(backgroundLayer(theme));
  else layers.sort((a, b) => Number(b.type === 'background') - Number(a.type === 'background'));
  return { version: 8, name: 'Cordon streets', sources, layers };
}
