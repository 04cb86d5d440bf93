import { describe, expect, it } from 'vitest';
import { OVERVIEW_MAXZOOM, streetStyle } from './streetStyle';
import { styleProblems } from '../layers/styleSpecCheck';

const overview = {
  url: 'pmtiles:///data/london-overview.pmtiles',
  schema: 'overview' as const,
  sourceLayers: ['roads', 'water', 'labels'],
  attribution: '<a href="https://www.openstreetmap.org/copyright">&copy; OSM</a>',
};
const central = {
  url: 'pmtiles:///data/central-london.pmtiles',
  schema: 'openmaptiles' as const,
  sourceLayers: ['transportation', 'transportation_name', 'water', 'place', 'building'],
  attribution: '© OpenStreetMap contributors (ODbL)',
};

describe('streetStyle', () => {
  it('stacks the overview under the detailed map, the overview stopping at street zoom', () => {
    const style = streetStyle([overview, central], 'light');
    expect(Object.keys(style.sources)).toEqual(['basemap0', 'basemap']);
    const ids = style.layers.map((l) => l.id);
    expect(ids[0]).toBe('streets-bg');
    expect(ids.indexOf('basemap0-ov-roads')).toBeLessThan(ids.indexOf('basemap-omt-road-minor'));
    expect(style.layers.find((l) => l.id === 'basemap0-ov-roads')?.maxzoom).toBe(OVERVIEW_MAXZOOM);
    expect(style.layers.find((l) => l.id === 'basemap-omt-road-minor')?.maxzoom).toBeUndefined();
    // Only layers for source-layers the archive has.
    expect(ids.some((id) => id.includes('landuse'))).toBe(false);
  });

  it('credits OpenStreetMap contributors once, whatever the archives say', () => {
    const style = streetStyle([overview, central], 'dark');
    const credits = Object.values(style.sources).flatMap((s) =>
      (s as { attribution?: string }).attribution ? [(s as { attribution: string }).attribution] : [],
    );
    expect(credits).toEqual(['© OpenStreetMap contributors (ODbL)']);
    expect(streetStyle([{ ...central, attribution: '<a href="x">&copy; OSM</a>' }], 'dark').sources.basemap).toMatchObject({
      attribution: '© OpenStreetMap contributors',
    });
  });

  it('draws a Protomaps archive with the maintained style, dark flavour for the dark theme, without icon layers', () => {
    const protomaps = { url: 'pmtiles:///data/area.pmtiles', schema: 'protomaps' as const, sourceLayers: ['earth', 'roads', 'water', 'places', 'pois'] };
    const dark = streetStyle([protomaps], 'dark');
    const light = streetStyle([protomaps], 'light');
    expect(dark.layers.filter((l) => l.type === 'background')).toHaveLength(1);
    expect(dark.layers.some((l) => 'source-layer' in l && l['source-layer'] === 'roads')).toBe(true);
    const bg = (s: typeof dark) => (s.layers[0] as { paint: { 'background-color': string } }).paint['background-color'];
    expect(bg(dark)).not.toEqual(bg(light));
    expect(dark.layers.some((l) => l.type === 'symbol' && l.layout && 'icon-image' in l.layout)).toBe(false);
  });
});

describe('street styles against the MapLibre style specification', () => {
  it.each([['dark'], ['light']] as const)('are valid for each archive schema (%s theme)', (theme) => {
    const protomaps = { url: 'pmtiles:///data/area.pmtiles', schema: 'protomaps' as const, sourceLayers: ['earth', 'roads', 'water', 'places', 'pois'] };
    for (const archives of [[overview, central], [protomaps]]) {
      const { sources, layers, ...rest } = streetStyle(archives, theme);
      expect(styleProblems(sources, layers, rest)).toEqual([]);
    }
  });
});
