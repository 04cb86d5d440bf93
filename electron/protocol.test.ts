import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from './http';
import { TileRegistry, createAppProtocolHandler, resolveInside } from './protocol';
import { CONTENT_SECURITY_POLICY } from './security';

let dir: string;
let root: string;
let handler: (request: Request) => Promise<Response>;
const tiles = new TileRegistry();
let tileUrl: string;
const archive = Uint8Array.from({ length: 4096 }, (_, i) => i % 251);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-proto-'));
  root = path.join(dir, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Cordon</title>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'maplibre-worker.js.map'), '{}');
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  await symlink(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  await writeFile(path.join(dir, 'london.pmtiles'), archive);
  tileUrl = tiles.register(path.join(dir, 'london.pmtiles')).url;
  handler = createAppProtocolHandler({ rendererRoot: root, tiles });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => handler(new Request(url, { method, headers }));

describe('app:// renderer files', () => {
  it('serves index.html for / with the CSP header', async () => {
    const response = await get('app://cordon/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Cordon</title>');
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/style.css', 'text/css; charset=utf-8'],
    ['assets/maplibre-worker.js.map', 'application/json; charset=utf-8'],
  ])('serves %s as %s', async (file, type) => {
    const response = await get(`app://cordon/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeNull();
  });

  it.each([
    'app://cordon/../secret.txt',
    'app://cordon/%2e%2e/secret.txt',
    'app://cordon/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://cordon/assets/..%5c..%5csecret.txt',
    'app://cordon/%00index.html',
    'app://cordon/C:%5cWindows%5cwin.ini',
    'app://cordon/assets/missing.js',
    'app://cordon/assets',
    'app://other/index.html',
  ])('never escapes the renderer folder: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
  });

  it('refuses other methods', async () => {
    expect((await get('app://cordon/index.html', {}, 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://cordon/index.html', {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('36');
    expect(await response.text()).toBe('');
  });
});

describe('app:// local tiles', () => {
  it('gives each file an unguessable token and one URL per file', () => {
    expect(tileUrl).toMatch(/^app:\/\/cordon\/tiles\/[0-9a-f]{32}\/london\.pmtiles$/);
    expect(tiles.register(path.join(dir, 'london.pmtiles')).url).toBe(tileUrl);
  });

  it('serves a byte range with 206', async () => {
    const response = await get(tileUrl, { Range: 'bytes=0-126' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 0-126/4096');
    expect(response.headers.get('content-length')).toBe('127');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(archive.slice(0, 127));
  });

  it('serves a middle range, an open range and a suffix range', async () => {
    const middle = await get(tileUrl, { Range: 'bytes=1000-1999' });
    expect(new Uint8Array(await middle.arrayBuffer())).toEqual(archive.slice(1000, 2000));
    const open = await get(tileUrl, { Range: 'bytes=4000-' });
    expect(open.headers.get('content-range')).toBe('bytes 4000-4095/4096');
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(archive.slice(4000));
    const suffix = await get(tileUrl, { Range: 'bytes=-10' });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(archive.slice(-10));
  });

  it('clamps a range past the end and refuses one that starts past it', async () => {
    const clamped = await get(tileUrl, { Range: 'bytes=4090-9999' });
    expect(clamped.status).toBe(206);
    expect(clamped.headers.get('content-range')).toBe('bytes 4090-4095/4096');
    const beyond = await get(tileUrl, { Range: 'bytes=5000-6000' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */4096');
  });

  it('serves the whole file without a Range', async () => {
    const response = await get(tileUrl);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(archive);
  });

  it('ignores a stale If-Range', async () => {
    const response = await get(tileUrl, { Range: 'bytes=0-9', 'If-Range': '"stale"' });
    expect(response.status).toBe(200);
  });

  it('404s unknown or malformed tokens', async () => {
    expect((await get('app://cordon/tiles/0123456789abcdef0123456789abcdef/x.pmtiles')).status).toBe(404);
    expect((await get('app://cordon/tiles/..%2f..%2fsecret.txt')).status).toBe(404);
  });
});

describe('helpers', () => {
  it('resolveInside keeps paths inside the root', () => {
    expect(resolveInside('/r', '/a/b.js')).toBe(path.resolve('/r/a/b.js'));
    expect(resolveInside('/r', '/a/%2e%2e/%2e%2e/x')).toBeNull();
    expect(resolveInside('/r', '/a/%E0%A4%A')).toBeNull();
  });

  it.each([
    [undefined, null],
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=5-', { start: 5, end: 99 }],
    ['bytes=-5', { start: 95, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=10-5', null],
    ['bytes=0-1,5-6', null],
    ['items=0-5', null],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
  ])('parseRange(%s) against 100 bytes', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});

describe('app:// default basemap and MBTiles', () => {
  it('serves .pmtiles archives of the data folder under /data/ by range, and nothing else', async () => {
    const data = createAppProtocolHandler({ rendererRoot: root, tiles, dataRoot: dir });
    const part = await data(new Request('app://cordon/data/london.pmtiles', { headers: { Range: 'bytes=0-9' } }));
    expect(part.status).toBe(206);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(archive.slice(0, 10));
    for (const bad of [
      'app://cordon/data/secret.txt',
      'app://cordon/data/..%2Fsecret.txt',
      'app://cordon/data/../secret.txt',
      'app://cordon/data/missing.pmtiles',
    ]) {
      expect((await data(new Request(bad))).status).toBe(404);
    }
    // Without a data folder, /data/ is simply not there.
    expect((await handler(new Request('app://cordon/data/london.pmtiles'))).status).toBe(404);
  });

  it('registers an .mbtiles file as a TileJSON URL and serves it through the archive', async () => {
    const { default: Database } = await import('better-sqlite3');
    const file = path.join(dir, 'streets.mbtiles');
    const db = new Database(file);
    db.exec(
      "CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); INSERT INTO metadata VALUES ('format', 'pbf'), ('json', '{\"vector_layers\":[{\"id\":\"roads\"}]}'); INSERT INTO tiles VALUES (0, 0, 0, x'0102');",
    );
    db.close();
    const registered = tiles.register(file);
    expect(registered.format).toBe('mbtiles');
    expect(registered.url).toMatch(/^app:\/\/cordon\/tiles\/[0-9a-f]{32}\/tiles\.json$/);
    const json = (await (await get(registered.url)).json()) as { tiles: string[]; vector_layers: unknown };
    expect(json.vector_layers).toEqual([{ id: 'roads' }]);
    const tileUrl = json.tiles[0]!.replace('{z}/{x}/{y}', '0/0/0');
    expect(new Uint8Array(await (await get(tileUrl)).arrayBuffer())).toEqual(Uint8Array.from([1, 2]));
  });
});
