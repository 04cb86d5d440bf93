/**
 * Layers for archives in the Protomaps basemap schema, from the maintained `@protomaps/basemaps` package: its light
 * flavour for the light theme and printed maps, its dark flavour for the dark theme (control rooms). Offline there is
 * no glyph server and no sprite sheet: labels use local fonts (the style has no `glyphs` URL) and the point-of-interest
 * icons, which would each log a missing image, are left out.
 */
import { layers, namedFlavor } from '@protomaps/basemaps';
import type { LayerSpecification } from 'maplibre-gl';

const LOCAL_FONT = 'sans-serif';

export function protomapsLayers(source: string, theme: 'dark' | 'light', maxzoom?: number): LayerSpecification[] {
  const flavor = { ...namedFlavor(theme), regular: LOCAL_FONT, bold: LOCAL_FONT, italic: LOCAL_FONT };
  return (layers(source, flavor, { lang: 'en' }) as unknown as LayerSpecification[])
    .filter((layer) => !(layer.type === 'symbol' && layer.layout && 'icon-image' in layer.layout))
    .map((layer) => {
      const own = { ...layer, id: `${source}-${layer.id}` } as LayerSpecification;
      if (maxzoom !== undefined && own.type !== 'background') own.maxzoom = Math.min(own.maxzoom ?? 24, maxzoom);
      return own;
    });
}
