import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, startStaticServer, type StaticServer } from './serve-web.mjs';

let dir: string;
let server: StaticServer;
const archive = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-serve-'));
  const root = path.join(dir, 'renderer');
  const data = path.join(dir, 'data');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(data, { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Cordon</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'export {}');
  await writeFile(path.join(root, 'assets', 'worker.mjs'), 'export {}');
  await writeFile(path.join(data, 'london.pmtiles'), archive);
  await writeFile(path.join(data, 'my file.geojson'), '{}');
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  await symlink(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'escape.txt'));
  server = await startStaticServer({ root, port: 0, extraRoots: { '/data/': data } });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Send a raw request line, so the client cannot normalise "..". */
function rawGet(requestPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => {
      socket.write(`GET ${requestPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('static server', () => {
  it('listens on 127.0.0.1 and serves index.html at /', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>Cordon</title>');
  });

  it.each([
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/worker.mjs', 'text/javascript; charset=utf-8'],
    ['data/london.pmtiles', 'application/octet-stream'],
    ['data/my%20file.geojson', 'application/geo+json'],
  ])('serves %s as %s', async (file, type) => {
    const response = await fetch(new URL(file, server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    await response.arrayBuffer();
  });

  it('serves byte ranges of an extra root with 206', async () => {
    const response = await fetch(new URL('data/london.pmtiles', server.url), { headers: { Range: 'bytes=0-126' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 0-126/10000');
    expect(response.headers.get('content-length')).toBe('127');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(archive.slice(0, 127));
  });

  it('serves open-ended and suffix ranges', async () => {
    const open = await fetch(new URL('data/london.pmtiles', server.url), { headers: { Range: 'bytes=9990-' } });
    expect(open.headers.get('content-range')).toBe('bytes 9990-9999/10000');
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(archive.slice(9990));
    const suffix = await fetch(new URL('data/london.pmtiles', server.url), { headers: { Range: 'bytes=-16' } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(archive.slice(-16));
  });

  it('answers 416 for a range past the end', async () => {
    const response = await fetch(new URL('data/london.pmtiles', server.url), { headers: { Range: 'bytes=20000-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */10000');
    await response.text();
  });

  it('serves the whole file without Range, and HEAD without a body', async () => {
    const whole = await fetch(new URL('data/london.pmtiles', server.url));
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(archive);
    const head = await fetch(new URL('data/london.pmtiles', server.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10000');
  });

  it('refuses other methods', async () => {
    const response = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    await response.text();
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/data/..%2f..%2fsecret.txt',
    '/data/%2e%2e/secret.txt',
    '/%00/etc/passwd',
    '/C:%5cWindows%5cwin.ini',
    '/assets/escape.txt',
    '/assets/missing.js',
  ])('never serves files outside the roots: %s', async (requestPath) => {
    const response = await rawGet(requestPath);
    expect(response).toMatch(/^HTTP\/1\.1 404/);
    expect(response).not.toContain('secret');
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, null],
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=50-500', { start: 50, end: 99 }],
    ['bytes=9-0', null],
    ['bytes=0-1, 4-5', null],
    ['bytes=100-200', 'unsatisfiable'],
  ])('%s against 100 bytes', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});

describe('/config.json (what npm start tells the app)', () => {
  it('serves the config given, uncached, and 404s when there is none', async () => {
    const config = { serverUrl: 'http://127.0.0.1:4999', defaultBasemap: { archives: [{ url: '/data/london.pmtiles', name: 'London' }] } };
    const withConfig = await startStaticServer({ root: path.join(dir, 'renderer'), port: 0, config });
    try {
      const response = await fetch(new URL('config.json', withConfig.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual(config);
    } finally {
      await withConfig.close();
    }
    expect((await fetch(new URL('config.json', server.url))).status).toBe(404);
  });
});
