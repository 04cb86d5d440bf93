import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mbtilesResponse, openMbtiles, type MbtilesArchive } from './mbtiles';

let dir: string;
let archive: MbtilesArchive;
const TILE = Uint8Array.from([0x1a, 0x02, 0x08, 0x01]);

function makeMbtiles(file: string, meta: Record<string, string>) {
  const db = new Database(file);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
  const insert = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of Object.entries(meta)) insert.run(k, v);
  // z14 tile x=8186, y=5447 (XYZ, Russell Square) is TMS row 2^14 - 1 - 5447 = 10936; stored gzipped, as tilemaker does.
  db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(14, 8186, 10936, gzipSync(TILE));
  db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(0, 0, 0, Buffer.from(TILE));
  db.close();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-mbtiles-'));
  makeMbtiles(path.join(dir, 'london.mbtiles'), {
    name: 'London',
    format: 'pbf',
    minzoom: '0',
    maxzoom: '14',
    bounds: '-0.2,51.4,-0.05,51.6',
    attribution: '© OpenStreetMap contributors',
    json: JSON.stringify({ vector_layers: [{ id: 'transportation', fields: {} }, { id: 'water' }, { nope: 1 }] }),
  });
  makeMbtiles(path.join(dir, 'raster.mbtiles'), { name: 'Aerial', format: 'png' });
  archive = openMbtiles(path.join(dir, 'london.mbtiles'));
});
afterAll(async () => {
  archive.close();
  await rm(dir, { recursive: true, force: true });
});

describe('MBTiles archives', () => {
  it('builds TileJSON from the metadata table, vector layers included', () => {
    expect(archive.tileJson('app://cordon/tiles/abc')).toEqual({
      tilejson: '3.0.0',
      name: 'London',
      tiles: ['app://cordon/tiles/abc/{z}/{x}/{y}.pbf'],
      minzoom: 0,
      maxzoom: 14,
      bounds: [-0.2, 51.4, -0.05, 51.6],
      attribution: '© OpenStreetMap contributors',
      vector_layers: [{ id: 'transportation' }, { id: 'water' }],
    });
  });

  it('reads tiles by XYZ address (flipping to TMS rows) and gunzips them', () => {
    expect(archive.tile(14, 8186, 5447)).toEqual(TILE);
    expect(archive.tile(0, 0, 0)).toEqual(TILE);
    expect(archive.tile(14, 8186, 10936)).toBeNull();
    expect(archive.tile(-1, 0, 0)).toBeNull();
  });

  it('serves tiles.json, tiles, 204 for an absent tile and 404 for anything else', async () => {
    const json = mbtilesResponse(archive, 'tiles.json', 'app://cordon/tiles/abc');
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(((await json.json()) as { tiles: string[] }).tiles).toEqual(['app://cordon/tiles/abc/{z}/{x}/{y}.pbf']);
    const tile = mbtilesResponse(archive, '14/8186/5447.pbf', 'b');
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('application/x-protobuf');
    expect(new Uint8Array(await tile.arrayBuffer())).toEqual(TILE);
    expect(mbtilesResponse(archive, '14/1/1.pbf', 'b').status).toBe(204);
    for (const bad of ['../secret', '14/1/1.png', 'x/1/1.pbf', '']) expect(mbtilesResponse(archive, bad, 'b').status).toBe(404);
  });

  it('refuses raster archives and files that are not SQLite', async () => {
    expect(() => openMbtiles(path.join(dir, 'raster.mbtiles'))).toThrow(/png tiles/);
    expect(() => openMbtiles(path.join(dir, 'missing.mbtiles'))).toThrow();
  });
});
