#!/usr/bin/env node
/**
 * A small static server for web mode and the e2e tests: serves the built renderer (dist/renderer) on 127.0.0.1,
 * plus optional extra folders under URL prefixes (e.g. ../shared/data under /data/). GET and HEAD only, correct MIME
 * types, HTTP Range (206 / 416) so the pmtiles library can read archives by byte range, and no way out of a root
 * (".." segments, encoded slashes and backslashes, NUL and drive letters are refused; symlinks out of a root too).
 *
 * `config` is served as /config.json: what the app cannot know by itself (the command server `npm start` started, the
 * offline street map it found), parsed by the renderer with shared/ipc's RuntimeConfig schema.
 *
 * CLI: node scripts/serve-web.mjs [root]   (port from CORDON_PORT, default 5173)
 * Types for TypeScript callers: serve-web.d.mts.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_PORT = 5173;

// MIME types, Range parsing and the path guard are shared with Electron's app:// protocol.
export { mimeTypeFor, parseRange, resolveInside } from './fileServing.mjs';
import { mimeTypeFor, parseRange, resolveInside } from './fileServing.mjs';

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
function sendText(res, status, message, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(message);
}

/**
 * Start the server.
 * @param {{ root: string, port?: number, host?: string, extraRoots?: Record<string, string>, headers?: Record<string, string>, config?: object, log?: boolean }} options
 *   root: folder served at "/" (index.html for "/" and folders); port: 0 picks a free one (tests); extraRoots: URL
 *   prefix ("/data/") -> folder; headers: added to every response (e.g. a Content-Security-Policy for tests).
 * @returns {Promise<{ url: string, port: number, server: http.Server, close: () => Promise<void> }>}
 */
export async function startStaticServer(options) {
  const host = options.host ?? '127.0.0.1';
  const extraHeaders = options.headers ?? {};
  const resolveRoot = async (dir) => {
    const absolute = path.resolve(dir);
    return realpath(absolute).catch(() => absolute);
  };
  /** Mounts, longest prefix first; "/" is the main root. */
  const mounts = [];
  for (const [prefix, dir] of Object.entries(options.extraRoots ?? {})) {
    const normalised = `/${prefix.replace(/^\/+|\/+$/g, '')}/`;
    mounts.push({ prefix: normalised, dir: await resolveRoot(dir) });
  }
  mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  mounts.push({ prefix: '/', dir: await resolveRoot(options.root) });
  const configBody = options.config ? JSON.stringify(options.config) : null;

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      let pathname;
      try {
        pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      } catch {
        return sendText(res, 400, 'Bad request');
      }
      // Refuse encoded dot segments before the URL parser's normalisation could hide them.
      if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(req.url ?? '')) return sendText(res, 404, 'Not found');
      if (configBody !== null && pathname === '/config.json') {
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(configBody),
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        return res.end(req.method === 'HEAD' ? undefined : configBody);
      }
      const mount = mounts.find((m) => pathname.startsWith(m.prefix) || `${pathname}/` === m.prefix);
      if (!mount) return sendText(res, 404, 'Not found');
      let target = resolveInside(mount.dir, pathname.slice(mount.prefix.length));
      if (!target) return sendText(res, 404, 'Not found');

      let info = await stat(target).catch(() => null);
      if (info?.isDirectory()) {
        target = path.join(target, 'index.html');
        info = await stat(target).catch(() => null);
      }
      if (!info || !info.isFile()) return sendText(res, 404, 'Not found');
      // Symlinks must not lead out of the root.
      const real = await realpath(target).catch(() => null);
      if (!real || (real !== mount.dir && !real.startsWith(mount.dir + path.sep))) return sendText(res, 404, 'Not found');

      const size = info.size;
      const etag = `"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const ifRange = req.headers['if-range'];
      const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, size);
      const headers = {
        'Content-Type': mimeTypeFor(real),
        'Accept-Ranges': 'bytes',
        ETag: etag,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...extraHeaders,
      };
      if (range === 'unsatisfiable') return sendText(res, 416, 'Range not satisfiable', { 'Content-Range': `bytes */${size}` });
      const start = range ? range.start : 0;
      const end = range ? range.end : size - 1;
      const length = size === 0 ? 0 : end - start + 1;
      res.writeHead(range ? 206 : 200, {
        ...headers,
        'Content-Length': String(length),
        ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
      });
      if (req.method === 'HEAD' || length === 0) return res.end();
      const stream = createReadStream(real, { start, end });
      stream.on('error', () => res.destroy());
      res.on('close', () => stream.destroy());
      stream.pipe(res);
    } catch {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
  if (options.log) console.log(`Serving ${path.relative(process.cwd(), options.root) || '.'} at http://${host}:${port}/`);
  return {
    url: `http://${host}:${port}/`,
    port,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(process.argv[2] ?? path.join(projectRoot, 'dist/renderer'));
  const port = Number(process.env.CORDON_PORT ?? DEFAULT_PORT);
  startStaticServer({ root, port, log: true }).catch((error) => {
    console.error(error?.code === 'EADDRINUSE' ? `Port ${port} is in use: set CORDON_PORT to another port.` : String(error));
    process.exit(1);
  });
}
