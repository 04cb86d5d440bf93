/**
 * What both file servers share: the web-mode static server (scripts/serve-web.mjs) and Electron's app:// protocol
 * (electron/protocol.ts). MIME types, Range parsing and the path guard are written once here, so a fix to the guard
 * (or a new file type) reaches both. Plain JavaScript because serve-web.mjs runs under Node without a build;
 * types in fileServing.d.mts. Node's `path` only.
 */
import path from 'node:path';

/** @type {Readonly<Record<string, string>>} */
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.kml': 'application/vnd.google-earth.kml+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.gpx': 'application/gpx+xml',
};

/**
 * MIME type for a file name by its extension; unknown types are served as opaque bytes.
 * @param {string} fileName
 */
export function mimeTypeFor(fileName) {
  return MIME_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Parse a Range header against a resource of `size` bytes: null (serve all, 200), 'unsatisfiable' (416) or an
 * inclusive {start, end}. Multi-range requests are served whole (RFC 9110 lets a server ignore Range).
 * @param {string | undefined | null} header
 * @param {number} size
 * @returns {{ start: number, end: number } | 'unsatisfiable' | null}
 */
export function parseRange(header, size) {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return null;
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return null;
  if (startText === '') {
    // Suffix range: the last N bytes.
    const length = Number(endText);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(startText);
  let end = endText === '' ? size - 1 : Number(endText);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  end = Math.min(end, size - 1);
  return { start, end };
}

/**
 * Split a URL pathname (still percent-encoded) into decoded segments, or null when any segment could escape the root
 * ("..", ".", encoded slashes or backslashes, NUL, drive letters).
 * @param {string} pathname
 * @returns {string[] | null}
 */
export function safeSegments(pathname) {
  /** @type {string[]} */
  const segments = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/**
 * Map a URL path below a root to a file path strictly inside it, or null if it could escape.
 * @param {string} root
 * @param {string} pathname the URL path after the mount prefix, still percent-encoded
 */
export function resolveInside(root, pathname) {
  const segments = safeSegments(pathname);
  if (segments === null) return null;
  const resolvedRoot = path.resolve(root);
  const target = path.resolve(resolvedRoot, ...segments);
  if (target !== resolvedRoot && !target.startsWith(resolvedRoot + path.sep)) return null;
  return target;
}
