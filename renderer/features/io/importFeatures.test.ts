// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures, reference hash)
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures, reference hash)
import path from 'node:path';
// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures, reference hash)
import { fileURLToPath } from 'node:url';
import { DOMParser as XmldomParser } from '@xmldom/xmldom';
import { zipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePlanFile, type ImportPreview } from './importFeatures';

/** Node has no DOMParser: install xmldom's, quiet (the browser's is quiet too; errors still throw). */
beforeAll(() => {
  class QuietParser extends XmldomParser {
    constructor() {
      super({ onError: () => undefined });
    }
  }
  (globalThis as { DOMParser?: unknown }).DOMParser = QuietParser;
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const realworld = path.resolve(repoRoot, '../shared/data/realworld');
const OP = 'op-1';

function load(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(realworld, name)));
}

async function importReal(name: string): Promise<ImportPreview> {
  const r = await parsePlanFile(name, load(name), OP);
  if (!r.ok) throw new Error(`expected ${name} to import: ${r.error}`);
  return r.value;
}

async function importError(name: string, bytes: Uint8Array = load(name)): Promise<string> {
  const r = await parsePlanFile(name, bytes, OP);
  if (r.ok) throw new Error(`expected ${name} to fail, got ${r.value.features.length} features`);
  return r.error;
}

const text = (s: string) => strToU8(s);

describe('parsePlanFile: real-world files', () => {
  it('reads the tube lines KML as 23 routes with names', async () => {
    const p = await importReal('kml-london-tube-lines.kml');
    expect(p.sourceFormat).toBe('kml');
    expect(p.features).toHaveLength(23);
    expect(p.counts.route).toBe(23);
    expect(p.features.every((f) => f.kind === 'route' && f.geometry.type === 'LineString' && f.operationId === OP)).toBe(true);
    expect(p.features.map((f) => f.name)).toContain('Jubilee Line');
    expect(new Set(p.features.map((f) => f.id)).size).toBe(23);
    expect(p.fromCordon).toBe(false);
  });

  it('reads the Greater London shape KML (styleUrl after the geometry) as one sector', async () => {
    const p = await importReal('kml-greater-london-shape.kml');
    expect(p.features).toHaveLength(1);
    const f = p.features[0]!;
    expect(f).toMatchObject({ kind: 'sector', name: 'Shape', props: { colour: '#ffffff' } });
    expect(f.geometry.type).toBe('Polygon');
    if (f.geometry.type === 'Polygon') expect(f.geometry.coordinates[0]!.length).toBeGreaterThanOrEqual(12);
  });

  it('reads KML folders, schema-typed ExtendedData into the notes', async () => {
    const p = await importReal('kml-styles-folders-extendeddata.kml');
    expect(p.features).toHaveLength(1);
    const f = p.features[0]!;
    // A red outline with no fill is how cordons are drawn, so that is the guess (the planner can change it).
    expect(f.kind).toBe('cordon');
    expect(f.name).toBe('Imported cordon 1');
    expect(p.groups).toMatchObject([{ shape: 'area', count: 1, target: 'cordon', reason: expect.stringMatching(/red/) }]);
    expect(p.groups[0]!.label).toMatch(/^Folder ".+" \(areas\)$/);
    expect(f.notes).toContain('gid: 167001');
    expect(f.notes).toContain('cn_cv_1109: 89%');
    expect(f.notes).not.toContain('stroke');
  });

  it('reads the Westminster wards GeoJSON (legacy CRS84 member) as 20 named sectors', async () => {
    const p = await importReal('geojson-westminster-wards.geojson');
    expect(p.sourceFormat).toBe('geojson');
    expect(p.counts.sector).toBe(20);
    expect(p.features.map((f) => f.name)).toContain('Abbey Road');
    expect(p.features[0]!.notes).toMatch(/WD13CD: E05/);
    expect(p.warnings).toEqual([]);
  });

  it('splits the Isle of Dogs multipolygons into parts and keeps the hole', async () => {
    const p = await importReal('geojson-isle-of-dogs-output-areas-multipolygon-hole.geojson');
    const parts = p.features.filter((f) => / \(part \d+\)$/.test(f.name));
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect(p.features.length).toBe(29 + parts.length);
    expect(p.warnings.filter((w) => /MultiPolygon was split into \d+ features/.test(w))).toHaveLength(2);
    const withHole = p.features.filter((f) => f.geometry.type === 'Polygon' && f.geometry.coordinates.length > 1);
    expect(withHole).toHaveLength(1);
    expect(p.features[0]!.name).toMatch(/^E00/); // named by the OA11CD code
  });

  it('splits mixed multi-geometries and reports each split', async () => {
    const p = await importReal('geojson-mixed-multi-geometries-turf.geojson');
    expect(p.counts).toMatchObject({ keyLocation: 2, sector: 2, route: 2 });
    expect(p.features.map((f) => f.name)).toEqual([
      'Imported key location 1',
      'Imported key location 2',
      'Imported sector 1',
      'Imported sector 2',
      'Imported route 1',
      'Imported route 2',
    ]);
    expect(p.warnings).toHaveLength(3);
    expect(p.warnings[1]).toMatch(/^Feature 2 \(unnamed\): its MultiPolygon was split into 2 features/);
    const sector = p.features.find((f) => f.kind === 'sector' && f.geometry.type === 'Polygon' && f.geometry.coordinates.length === 2);
    expect(sector).toBeDefined();
  });

  it('reads the London Marathon GPX as one route', async () => {
    const p = await importReal('gpx-london-marathon-2025.gpx');
    expect(p.sourceFormat).toBe('gpx');
    expect(p.features).toHaveLength(1);
    const f = p.features[0]!;
    expect(f).toMatchObject({ kind: 'route', name: 'TCS London Marathon 2025 - 42.195 km' });
    if (f.geometry.type === 'LineString') {
      expect(f.geometry.coordinates).toHaveLength(909);
      expect(f.geometry.coordinates[0]).toHaveLength(2); // heights dropped
    }
  });

  it('reads the Liverpool GPX: a track as a route; its 206 turn instructions are left out, not made RVPs', async () => {
    const p = await importReal('gpx-liverpool-plotaroute.gpx');
    expect(p.counts.route).toBe(1);
    expect(p.counts.keyLocation).toBe(0);
    expect(p.features).toHaveLength(1);
    const waypoints = p.groups.find((g) => g.label === 'Waypoints (points)')!;
    expect(waypoints).toMatchObject({ count: 206, target: 'skip', reason: expect.stringMatching(/turn-by-turn/) });
    expect(waypoints.options).toContain('checkpoint');
    const start = p.drafts.map((d) => d.feature).find((f) => f.name === 'Start on S')!;
    expect(start.notes).toBe('Start on Salthouse Quay');
    expect(start.geometry).toEqual({ type: 'Point', coordinates: [-2.990982, 53.400567] });
  });

  it('reads the Italy regions KMZ: 20 sectors (with holes) and 20 key locations', async () => {
    const p = await importReal('kmz-italy-regions-mymaps.kmz');
    expect(p.sourceFormat).toBe('kmz');
    expect(p.counts).toMatchObject({ sector: 20, keyLocation: 20 });
    // One group per KML folder, as the map's author organised them.
    expect(p.groups.map((g) => [g.label, g.count, g.target])).toEqual([
      ['Folder "Confini" (areas)', 20, 'sector'],
      ['Folder "Capoluoghi" (points)', 20, 'keyLocation'],
    ]);
    expect(p.features.find((f) => f.name === 'Abruzzo')?.notes).toContain('TERRITORIO: ABRUZZO');
    const holes = p.features.filter((f) => f.geometry.type === 'Polygon' && f.geometry.coordinates.length > 1);
    expect(holes.length).toBeGreaterThan(0);
  });

  it('reads the 10,861-vertex UK boundary KML', async () => {
    const started = performance.now();
    const p = await importReal('kml-uk-boundary-polygon-mapit.kml');
    const ms = performance.now() - started;
    expect(p.features).toHaveLength(1);
    const g = p.features[0]!.geometry;
    expect(g.type === 'Polygon' && g.coordinates[0]!.length).toBe(10_861);
    console.info(`UK boundary KML imported in ${ms.toFixed(0)} ms`);
  });
});

describe('parsePlanFile: bad files give clear errors', () => {
  it('GeoJSON syntax error', async () => {
    expect(await importError('bad-geojson-syntax-error.geojson')).toMatch(
      /^bad-geojson-syntax-error\.geojson: the file is not valid JSON: Expected ',' or '}'.*line 3/,
    );
  });

  it('unclosed polygon ring', async () => {
    expect(await importError('bad-geojson-unclosed-ring.geojson')).toBe(
      'bad-geojson-unclosed-ring.geojson: feature 1 (unnamed): its Polygon is malformed: ring 1 (outer) is not closed: ' +
        'the first and last positions of a ring must be the same (first [100, 0], last [100, 1])',
    );
  });

  it('a point labelled as a MultiPolygon', async () => {
    expect(await importError('bad-geojson-point-labelled-multipolygon.geojson')).toBe(
      'bad-geojson-point-labelled-multipolygon.geojson: feature 1 (unnamed): its MultiPolygon is malformed: ' +
        'polygon 1 should be an array of rings but is the number -0.087890625',
    );
  });

  it('KML with non-numeric coordinates', async () => {
    expect(await importError('bad-kml-nonnumeric-coordinates.kml')).toBe(
      'bad-kml-nonnumeric-coordinates.kml: placemark 1 (unnamed): coordinate "no,no" holds "no", which is not a number',
    );
  });

  it('GPX with undefined lat/lon', async () => {
    expect(await importError('bad-gpx-undefined-latlon.gpx')).toBe('bad-gpx-undefined-latlon.gpx: waypoint 1 (unnamed): lat="undefined" is not a number');
  });

  it('a KML placemark with a bad coordinate names the placemark', async () => {
    const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Good</name><Point><coordinates>-0.1,51.5</coordinates></Point></Placemark>
      <Placemark><name>RVP 2</name><LineString><coordinates>-0.1,51.5 -0.2,NaN</coordinates></LineString></Placemark></Document></kml>`;
    expect(await importError('plan.kml', text(kml))).toBe('plan.kml: placemark 2 ("RVP 2"): coordinate "-0.2,NaN" holds "NaN", which is not a number');
  });

  it('out-of-range and British National Grid coordinates', async () => {
    const fc = (coords: number[]) =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'Stage' }, geometry: { type: 'Point', coordinates: coords } }],
      });
    expect(await importError('a.geojson', text(fc([-0.1, 91])))).toMatch(
      /^a\.geojson: feature 1 \("Stage"\): its Point is malformed: its coordinates \[-0.1, 91\] is out of range/,
    );
    expect(await importError('b.geojson', text(fc([529_900, 180_200])))).toMatch(/British National Grid \(EPSG:27700\)/);
  });

  it('a GeoJSON that declares a coordinate system Cordon does not know', async () => {
    const doc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2157' } }, features: [] };
    expect(await importError('itm.geojson', text(JSON.stringify(doc)))).toMatch(
      /^itm\.geojson: the file's coordinate system EPSG:2157 is not one Cordon knows.*WGS84/,
    );
    const odd = { type: 'FeatureCollection', crs: { type: 'link', properties: { href: 'x' } }, features: [] };
    expect(await importError('odd.geojson', text(JSON.stringify(odd)))).toMatch(/"crs" member is not one Cordon can read/);
  });

  it('empty, unknown, oversized and misnamed inputs', async () => {
    expect(await importError('x.kml', new Uint8Array())).toBe('x.kml: the file is empty');
    expect(await importError('notes.txt', text('hello'))).toMatch(/cannot tell what kind of file this is; expected GeoJSON/);
    expect(await importError('x.kmz', text('<kml/>'))).toMatch(/not a KMZ/);
    expect(await importError('feed.xml', text('<rss><channel/></rss>'))).toMatch(/root element is <rss>, not KML or GPX/);
    expect(await importError('broken.kml', text('<kml><Placemark></kml>'))).toMatch(/^broken\.kml: the file is not well-formed XML/);
    expect(await importError('e.kml', text('<!DOCTYPE kml [<!ENTITY a "b">]><kml>&a;</kml>'))).toMatch(/declares entities/);
    expect(await importError('empty.geojson', text('{"type":"FeatureCollection","features":[]}'))).toBe(
      'empty.geojson: the file holds no features Cordon can import',
    );
    expect(await importError('huge.geojson', new Uint8Array(50 * 1024 * 1024 + 1))).toBe('huge.geojson: the file is 50 MB; the limit is 50 MB');
  });

  it('refuses more than 20,000 features', async () => {
    const features = Array.from({ length: 20_001 }, (_, i) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, i / 1000] } }));
    expect(await importError('many.geojson', text(JSON.stringify({ type: 'FeatureCollection', features })))).toBe(
      'many.geojson: the file holds 20,001 features; the limit is 20,000',
    );
  });

  it('refuses a .cordon operation file and points to the right command', async () => {
    const zip = zipSync({ 'manifest.json': text('{}'), 'operation.json': text('{}') });
    expect(await importError('op.kmz', zip)).toMatch(/Cordon operation file.*Import operation/);
  });
});

describe('parsePlanFile: details', () => {
  it('skips null and unsupported geometries with a warning per feature', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Nothing' }, geometry: null },
        { type: 'Feature', properties: { name: 'RVP North' }, geometry: { type: 'Point', coordinates: [-0.1, 51.5] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [] } },
      ],
    };
    const r = await parsePlanFile('mixed.json', text(JSON.stringify(fc)), OP);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.features).toHaveLength(1);
    expect(r.value.features[0]).toMatchObject({ kind: 'keyLocation', name: 'RVP North', props: { locationType: 'rvp' } });
    expect(r.value.warnings).toEqual(['Skipped feature 1 ("Nothing"): it has no geometry.', 'Skipped feature 3 (unnamed): its Polygon geometry is empty.']);
  });

  it('sniffs content over the extension and says so', async () => {
    const gpx = '<?xml version="1.0"?><gpx version="1.1" creator="t"><wpt lat="51.5" lon="-0.1"><name>Muster point</name></wpt></gpx>';
    const r = await parsePlanFile('points.kml', text(gpx), OP);
    expect(r.ok && r.value.sourceFormat).toBe('gpx');
    if (!r.ok) return;
    expect(r.value.warnings[0]).toMatch(/named \.kml but holds GPX/);
    expect(r.value.features[0]?.props).toEqual({ locationType: 'muster' });
  });

  it('turns KML HTML descriptions into plain text notes', async () => {
    const kml = `<kml><Placemark><name>FHA</name><description><![CDATA[<b>Forward</b> holding<br>area &amp; toilets<script>alert(1)</script>]]></description><Point><coordinates>-0.1,51.5</coordinates></Point></Placemark></kml>`;
    const r = await parsePlanFile('fha.kml', text(kml), OP);
    expect(r.ok && r.value.features[0]).toMatchObject({ notes: 'Forward holding\narea & toilets', props: { locationType: 'fha' } });
  });
});
