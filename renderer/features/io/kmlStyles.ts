/**
 * KML styles for the export, from the same symbology the map draws with (renderer/map/symbology.ts), so a cordon is
 * the same red in Google Earth as in Cordon. tokml writes no styles, so one shared <Style> per symbol is added to the
 * Document and each Placemark points at its style with <styleUrl>. KML has no dashed lines: dashes are lost.
 */
import type { PlanFeature } from '../../../shared/domain';
import { symbolFor, type Symbol } from '../../map/symbology';

/** The fill opacities and line widths of renderer/map/layers/planLayers.ts. */
const FILL_OPACITY: Partial<Record<PlanFeature['kind'], number>> = { sector: 0.14, authority: 0.1, circle: 0.08 };
const DEFAULT_FILL_OPACITY = 0.18;
const OUTLINE_WIDTH = 2.5;
const LINE_WIDTH = 4;
const POINT_ICON = 'http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png';

/** KML colours are aabbggrr hex. */
export function kmlColour(hex: string, opacity = 1): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  const [r, g, b] = m ? [m[1], m[2], m[3]] : ['ff', 'ff', 'ff'];
  const a = Math.round(Math.min(1, Math.max(0, opacity)) * 255)
    .toString(16)
    .padStart(2, '0');
  return `${a}${b}${g}${r}`.toLowerCase();
}

function styleId(f: PlanFeature, s: Symbol): string {
  // Sectors and circles carry their own colour, so the colour is part of the style's identity.
  const base = s.key.replace(/[^A-Za-z0-9]+/g, '-');
  return f.kind === 'sector' || f.kind === 'circle' ? `${base}-${s.colour.replace('#', '').toLowerCase()}` : base;
}

function styleXml(id: string, f: PlanFeature, s: Symbol): string {
  const fill = FILL_OPACITY[f.kind] ?? DEFAULT_FILL_OPACITY;
  const width = s.geom === 'line' ? LINE_WIDTH : OUTLINE_WIDTH;
  return (
    `<Style id="${id}">` +
    `<IconStyle><color>${kmlColour(s.colour)}</color><Icon><href>${POINT_ICON}</href></Icon></IconStyle>` +
    `<LineStyle><color>${kmlColour(s.colour)}</color><width>${width}</width></LineStyle>` +
    `<PolyStyle><color>${kmlColour(s.colour, fill)}</color></PolyStyle>` +
    `</Style>`
  );
}

/** Adds a <Style> per symbol to tokml's output and a <styleUrl> to each Placemark (matched by its id). */
export function addKmlStyles(kml: string, features: readonly PlanFeature[]): string {
  const styles = new Map<string, string>();
  const byFeature = new Map<string, string>();
  for (const f of features) {
    const s = symbolFor(f);
    const id = styleId(f, s);
    if (!styles.has(id)) styles.set(id, styleXml(id, f, s));
    byFeature.set(f.id, id);
  }
  const withUrls = kml.replace(
    /<Placemark id="([^"]*)">([\s\S]*?)(<ExtendedData|<Point|<LineString|<Polygon|<MultiGeometry)/g,
    (whole, id: string, head: string, next: string) => {
      const style = byFeature.get(unescapeAttr(id));
      return style ? `<Placemark id="${id}">${head}<styleUrl>#${style}</styleUrl>${next}` : whole;
    },
  );
  return withUrls.replace('<Document>', `<Document>\n${[...styles.values()].join('\n')}`);
}

function unescapeAttr(s: string): string {
  return s.replace(/&#x26;|&amp;/g, '&').replace(/&quot;|&#x22;/g, '"');
}
