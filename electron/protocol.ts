/**
 * The `app://cordon/` protocol: serves the built renderer (dist/renderer); under /tiles/<token>/<name>, the local
 * PMTiles archives the user picked (with HTTP Range support: the pmtiles library reads archives by byte range), and
 * for a picked MBTiles archive its TileJSON and tiles (tiles/mbtiles.ts); under /data/, the PMTiles archives of the
 * default street map found at start-up (CORDON_DATA_DIR or ../shared/data), so the first map has streets.
 *
 * Plain Node (fetch-style Request -> Response), so it is unit-tested without Electron; main.ts hands
 * `createAppProtocolHandler(...)` to `protocol.handle('app', ...)`.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, TILES_PATH_PREFIX } from './security';
import { mimeTypeFor, parseRange } from './http';
import { resolveInside } from '../scripts/fileServing.mjs';
import { mbtilesResponse, openMbtiles, type MbtilesArchive } from './tiles/mbtiles';

export type TileFormat = 'pmtiles' | 'mbtiles';

/** The URL path the default basemap's archives are served under. */
export const DATA_PATH_PREFIX = '/data/';

interface TileEntry {
  filePath: string;
  name: string;
  format: TileFormat;
  /** Opened on first request, kept open: SQLite reads are cheap once the file is open. */
  archive?: MbtilesArchive;
}

/** Local files registered for serving, keyed by an unguessable token (the URL never exposes the real path). */
export class TileRegistry {
  private readonly files = new Map<string, TileEntry>();
  private readonly byPath = new Map<string, string>();

  /** Register a file (idempotent per path) and return its app URL (for MBTiles, the URL of its TileJSON). */
  register(filePath: string): { url: string; name: string; token: string; format: TileFormat } {
    const resolved = path.resolve(filePath);
    const name = path.basename(resolved);
    const format: TileFormat = name.toLowerCase().endsWith('.mbtiles') ? 'mbtiles' : 'pmtiles';
    let token = this.byPath.get(resolved);
    if (!token) {
      token = randomBytes(16).toString('hex');
      this.files.set(token, { filePath: resolved, name, format });
      this.byPath.set(resolved, token);
    }
    const base = `${APP_ORIGIN}${TILES_PATH_PREFIX}${token}`;
    return { url: format === 'mbtiles' ? `${base}/tiles.json` : `${base}/${encodeURIComponent(name)}`, name, token, format };
  }

  lookup(token: string): { filePath: string; name: string; format: TileFormat } | undefined {
    return this.files.get(token);
  }

  /** The open MBTiles archive of a token (opened on first use); throws when the file cannot be read as one. */
  mbtiles(token: string): MbtilesArchive | undefined {
    const entry = this.files.get(token);
    if (!entry || entry.format !== 'mbtiles') return undefined;
    entry.archive ??= openMbtiles(entry.filePath);
    return entry.archive;
  }
}

const textResponse = (status: number, message: string, extra: Record<string, string> = {}): Response =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra } });

// The path guard is shared with web mode's static server (scripts/fileServing.mjs).
export { resolveInside, safeSegments } from '../scripts/fileServing.mjs';

/**
 * Serve one file with Range support. `filePath` must already be validated.
 * `streaming` reads just the requested bytes from disk (for big user files such as PMTiles archives); without it the
 * file is read whole with readFile, which also works inside Electron's asar archive (the packaged renderer).
 */
export async function serveFile(
  filePath: string,
  request: { method: string; headers: { get(name: string): string | null } },
  options: { streaming: boolean; headers?: Record<string, string> },
): Promise<Response> {
  let info;
  try {
    info = await stat(filePath);
  } catch {
    return textResponse(404, 'Not found');
  }
  if (!info.isFile()) return textResponse(404, 'Not found');
  const size = info.size;
  const etag = `"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': mimeTypeFor(filePath),
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
    ...options.headers,
  };
  const ifRange = request.headers.get('if-range');
  const range = ifRange && ifRange !== etag ? null : parseRange(request.headers.get('range'), size);
  if (range === 'unsatisfiable') {
    return textResponse(416, 'Range not satisfiable', { 'Content-Range': `bytes */${size}` });
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = String(length);
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  if (!options.streaming) {
    const whole = await readFile(filePath);
    return new Response(new Uint8Array(whole.buffer, whole.byteOffset + start, length), { status, headers });
  }
  const body = Readable.toWeb(createReadStream(filePath, { start, end })) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}

export interface AppProtocolOptions {
  /** The built renderer directory (dist/renderer). */
  rendererRoot: string;
  tiles: TileRegistry;
  /** The default basemap's folder (served read-only under /data/, .pmtiles only), or null when there is none. */
  dataRoot?: string | null;
}

/** The request handler for `protocol.handle(APP_SCHEME, ...)`. Never throws: errors become HTTP errors. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.rendererRoot);
  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' });
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return textResponse(400, 'Bad request');
      }
      if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return textResponse(404, 'Not found');

      if (url.pathname.startsWith(TILES_PATH_PREFIX)) {
        const [token = '', ...rest] = url.pathname.slice(TILES_PATH_PREFIX.length).split('/');
        const entry = /^[0-9a-f]{32}$/.test(token) ? options.tiles.lookup(token) : undefined;
        if (!entry) return textResponse(404, 'Not found');
        if (entry.format === 'mbtiles') {
          const archive = options.tiles.mbtiles(token);
          if (!archive) return textResponse(404, 'Not found');
          return mbtilesResponse(archive, rest.join('/'), `${APP_ORIGIN}${TILES_PATH_PREFIX}${token}`);
        }
        return await serveFile(entry.filePath, request, { streaming: true, headers: { 'Cache-Control': 'no-store' } });
      }

      if (url.pathname.startsWith(DATA_PATH_PREFIX)) {
        const target = options.dataRoot ? resolveInside(options.dataRoot, url.pathname.slice(DATA_PATH_PREFIX.length)) : null;
        // Only tile archives: the folder may hold other things (raw extracts, test files) the page has no need of.
        if (!target || !target.endsWith('.pmtiles')) return textResponse(404, 'Not found');
        return await serveFile(target, request, { streaming: true, headers: { 'Cache-Control': 'no-cache' } });
      }

      const pathname = url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname;
      const target = resolveInside(root, pathname);
      if (!target) return textResponse(404, 'Not found');
      const isDocument = target.endsWith('.html');
      return await serveFile(target, request, {
        streaming: false,
        headers: isDocument ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-cache' } : {},
      });
    } catch {
      return textResponse(500, 'Internal error');
    }
  };
}
