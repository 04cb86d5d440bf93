// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures)
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures)
import path from 'node:path';
// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures)
import { fileURLToPath } from 'node:url';
import { DOMParser as XmldomParser } from '@xmldom/xmldom';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanFeature } from '../../../shared/domain';
import { applyTargets } from './applyTargets';
import { defaultTargets, parsePlanFile, type ImportPreview } from './importFeatures';

beforeAll(() => {
  class QuietParser extends XmldomParser {
    constructor() {
      super({ onError: () => undefined });
    }
  }
  (globalThis as { DOMParser?: unknown }).DOMParser = QuietParser;
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(repoRoot, 'tests/fixtures/io', name)));
const realworld = (name: string) => new Uint8Array(readFileSync(path.resolve(repoRoot, '../shared/data/realworld', name)));

/** Nelson's Column, TQ 30015 80454: PROJ's cs2cs with the OS Helmert gives these (see shared/geo/projections.test.ts). */
const NELSON: [number, number] = [-0.1279707, 51.5080673];

function metres(a: readonly number[], b: readonly number[]): number {
  const k = 111_320;
  return Math.hypot(((a[0] ?? 0) - (b[0] ?? 0)) * k * Math.cos(((b[1] ?? 0) * Math.PI) / 180), ((a[1] ?? 0) - (b[1] ?? 0)) * k);
}

async function preview(name: string, bytes: Uint8Array): Promise<ImportPreview> {
  const r = await parsePlanFile(name, bytes, 'op-1');
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const named = (p: { features: PlanFeature[] }, name: string) => p.features.find((f) => f.name === name)!;

describe('British National Grid GeoJSON (as QGIS exports it)', () => {
  it("is reprojected, says so, and puts Nelson's Column within a metre", async () => {
    const p = await preview('trafalgar-bng.geojson', fixture('trafalgar-bng.geojson'));
    expect(p.notices).toEqual(['Reprojected from British National Grid (EPSG:27700).']);
    const nelson = named(p, "Nelson's Column");
    expect(nelson.geometry.type).toBe('Point');
    expect(metres(nelson.geometry.coordinates as number[], NELSON)).toBeLessThan(1);
    expect(named(p, 'Trafalgar Square inner cordon').kind).toBe('cordon');
    expect(named(p, 'Whitehall march route').kind).toBe('route');
  });
});

describe('CSV points', () => {
  it('imports the football stadiums (team, lat, lon) as 49 named key locations', async () => {
    const p = await preview('csv-uk-football-stadiums.csv', realworld('csv-uk-football-stadiums.csv'));
    expect(p.sourceFormat).toBe('csv');
    expect(p.features).toHaveLength(49);
    expect(p.features.every((f) => f.geometry.type === 'Point' && f.kind === 'keyLocation')).toBe(true);
    expect(p.notices[0]).toMatch(/"lat" and "lon" columns.*Names from "team"/);
    expect(p.features.map((f) => f.name)).toContain('Arsenal');
  });

  it('reads easting/northing and grid reference columns, and names rows it cannot read', async () => {
    const en = await preview('en.csv', strToU8("Name,Easting,Northing\nNelson's Column,530015,180454\nBad row,abc,180000\n"));
    expect(metres(named(en, "Nelson's Column").geometry.coordinates as number[], NELSON)).toBeLessThan(1);
    expect(en.notices[0]).toMatch(/reprojected from British National Grid/);
    expect(en.warnings).toEqual(['Skipped row 3: the easting "abc" is not a number.']);
    const ref = await preview('refs.csv', strToU8('site,grid ref\nNelson,TQ 30015 80454\nRVP 1,TQ 301 800\nNowhere,ZZ 1 2\n'));
    expect(metres(named(ref, 'Nelson').geometry.coordinates as number[], NELSON)).toBeLessThan(1);
    expect(named(ref, 'RVP 1').props.locationType).toBe('rvp');
    expect(ref.warnings[0]).toMatch(/^Skipped row 4: ZZ is not a 100 km square/);
  });

  it('points out grid metres in latitude/longitude columns', async () => {
    const r = await parsePlanFile('mixed.csv', strToU8('name,lat,lon\nNelson,180454,530015\n'), 'op-1');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/row 2: latitude 180454, longitude 530015 is out of range \(these look like grid metres/i) });
  });

  it('refuses a CSV with no position columns, naming the columns it found', async () => {
    const r = await parsePlanFile('roll.csv', strToU8('Call Sign,Unit Type\nU1,PSU\n'), 'op-1');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^roll\.csv: Cordon cannot find the position columns among "Call Sign", "Unit Type"/) });
  });
});

describe('Shapefile (zipped)', () => {
  it('reads both BNG layers, reprojects them and groups by layer', async () => {
    const p = await preview('plan-bng-shapefile.zip', fixture('plan-bng-shapefile.zip'));
    expect(p.sourceFormat).toBe('shapefile');
    expect(p.notices).toEqual(['Reprojected from British National Grid (EPSG:27700) ("cordons", "rvps").']);
    expect(p.groups.map((g) => [g.label, g.count, g.target])).toEqual([
      ['Layer "cordons" (areas)', 2, 'cordon'],
      ['Layer "rvps" (points)', 2, 'keyLocation:rvp'],
    ]);
    expect(metres(named(p, "Nelson's Column").geometry.coordinates as number[], NELSON)).toBeLessThan(1);
    expect(named(p, 'Whitehall outer cordon').props.cordonType).toBe('outer');
    expect(named(p, 'RVP 1 Horse Guards').notes).toContain('ref: RVP1');
  });

  it('reads any projection its .prj names (UTM zone 30N)', async () => {
    const p = await preview('rvps-utm30n-shapefile.zip', fixture('rvps-utm30n-shapefile.zip'));
    expect(p.notices).toEqual(['Reprojected from WGS_1984_UTM_Zone_30N.']);
    expect(metres(named(p, "Nelson's Column").geometry.coordinates as number[], NELSON)).toBeLessThan(1);
  });

  it('refuses a projected layer with no .prj, and a bare .shp', async () => {
    const zip = fixture('plan-bng-shapefile.zip');
    const { unzipSync } = await import('fflate');
    const files = unzipSync(zip, { filter: (f) => f.name.startsWith('cordons') && !f.name.endsWith('.prj') });
    const r = await parsePlanFile('noprj.zip', zipSync(files), 'op-1');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/layer "cordons": the zip has no cordons\.prj/) });
    const bare = await parsePlanFile('cordons.shp', files['cordons.shp']!, 'op-1');
    expect(bare).toEqual({ ok: false, error: expect.stringMatching(/put them in one \.zip/) });
  });
});

describe('GeoPackage', () => {
  it('reads both layers of a BNG GeoPackage and reprojects them', async () => {
    const p = await preview('plan-bng.gpkg', fixture('plan-bng.gpkg'));
    expect(p.sourceFormat).toBe('geopackage');
    expect(p.notices).toEqual(['Reprojected from British National Grid (EPSG:27700) ("posts", "sectors").']);
    expect(p.groups.map((g) => [g.label, g.count, g.target])).toEqual([
      ['Layer "posts" (points)', 2, 'post'],
      ['Layer "sectors" (areas)', 2, 'sector'],
    ]);
    expect(metres(named(p, "Nelson's Column").geometry.coordinates as number[], NELSON)).toBeLessThan(1);
    expect(named(p, 'Trafalgar Square inner cordon').geometry.type).toBe('Polygon');
  });

  it('refuses an SQLite file that is not a GeoPackage, and a .gpkg that is not SQLite', async () => {
    const notSqlite = await parsePlanFile('x.gpkg', strToU8('hello'), 'op-1');
    expect(notSqlite).toEqual({ ok: false, error: 'x.gpkg: the file is not a GeoPackage: a GeoPackage is an SQLite database, and this is not one' });
  });
});

describe('choosing what each group becomes', () => {
  it('turns the Liverpool turn instructions into checkpoints on the route when asked', async () => {
    const p = await preview('gpx-liverpool-plotaroute.gpx', realworld('gpx-liverpool-plotaroute.gpx'));
    const targets = defaultTargets(p.groups);
    const waypoints = p.groups.find((g) => g.label === 'Waypoints (points)')!;
    targets.set(waypoints.key, 'checkpoint');
    const r = applyTargets(p.drafts, targets);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.features).toHaveLength(1);
    const route = r.value.features[0]!;
    expect(route.props.checkpoints!.length + (r.value.warnings.length ? 1 : 0)).toBeGreaterThan(150);
    const d = route.props.checkpoints!.map((c) => c.distanceM);
    expect(d).toEqual([...d].sort((a, b) => a - b));
  });

  it('re-kinds a group, renames made-up names to match, and can leave a group out', async () => {
    const p = await preview('trafalgar-bng.geojson', fixture('trafalgar-bng.geojson'));
    const targets = defaultTargets(p.groups);
    const points = p.groups.find((g) => g.shape === 'point')!;
    targets.set(points.key, 'keyLocation:stage');
    const lines = p.groups.find((g) => g.shape === 'line')!;
    targets.set(lines.key, 'skip');
    const r = applyTargets(p.drafts, targets);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.leftOut).toBe(1);
    expect(named(r.value, "Nelson's Column").props).toEqual({ locationType: 'stage' });
    expect(r.value.counts).toMatchObject({ keyLocation: 1, cordon: 1, route: 0 });
  });
});
