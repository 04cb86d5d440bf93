/**
 * For tests: checks layer and source specs against MapLibre's own style specification (the validator maplibre-gl
 * runs), so a misspelt property or an expression of the wrong type fails a unit test rather than logging a warning in
 * someone's map. Returns the validator's messages (empty when valid).
 */
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';

export function styleProblems(
  sources: Record<string, SourceSpecification>,
  layers: readonly LayerSpecification[],
  extra: Partial<StyleSpecification> = {},
): string[] {
  // A GeoJSON source needs data to validate; the layer builders leave it empty for the controller to push.
  const filled = Object.fromEntries(
    Object.entries(sources).map(([id, s]) => [
      id,
      s.type === 'geojson' && s.data === undefined ? { ...s, data: { type: 'FeatureCollection', features: [] } } : s,
    ]),
  ) as Record<string, SourceSpecification>;
  const style = { version: 8, sources: filled, layers: [...layers], ...extra } as StyleSpecification;
  return validateStyleMin(style).map((e) => e.message);
}
