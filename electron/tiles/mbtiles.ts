/**
 * MBTiles (SQLite) vector tile archives, read by the main process and served to the map tile by tile: the renderer
 * cannot open SQLite, so main answers app://cordon/tiles/<token>/tiles.json (a TileJSON built from the archive's
 * metadata table, whose `json` row lists the vector layers the schema is detected from) and
 * .../<z>/<x>/<y>.pbf. Plain Node (better-sqlite3), unit-tested without Electron.
 */
import Database from 'better-sqlite3';
import { gunzipSync } from 'node:zlib';

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds?: [number, number, number, number];
  attribution?: string;
  vector_layers: { id: string }[];
}

export interface MbtilesArchive {
  /** The tile's bytes (gunzipped: MBTiles keeps vector tiles gzipped, MapLibre wants them plain), or null. */
  tile(z: number, x: number, y: number): Uint8Array | null;
  /** TileJSON whose tile URLs start with `base` (e.g. app://cordon/tiles/<token>). */
  tileJson(base: string): TileJson;
  close(): void;
}

const numberOr = (text: string | undefined, fallback: number): number => {
  const n = Number(text);
  return text !== undefined && Number.isFinite(n) ? n : fallback;
};

function parseBounds(text: string | undefined): [number, number, number, number] | undefined {
  const parts = (text ?? '').split(',').map(Number);
  return parts.length === 4 && parts.every(Number.isFinite) ? (parts as [number, number, number, number]) : undefined;
}

function vectorLayers(json: string | undefined): { id: string }[] {
  try {
    const parsed = JSON.parse(json ?? '{}') as { vector_layers?: unknown };
    if (!Array.isArray(parsed.vector_layers)) return [];
    return parsed.vector_layers.filter((l): l is { id: string } => typeof (l as { id?: unknown })?.id === 'string').map((l) => ({ id: l.id }));
  } catch {
    return [];
  }
}

/** Open an archive read-only. Throws with a readable message when the file is not a vector MBTiles archive. */
export function openMbtiles(file: string): MbtilesArchive {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[];
    const meta = new Map(rows.map((r) => [r.name, r.value]));
    const format = meta.get('format');
    if (format && format !== 'pbf') throw new Error(`it holds ${format} tiles; Cordon needs vector tiles (pbf)`);
    const select = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').pluck();
    const layers = vectorLayers(meta.get('json'));
    return {
      tile(z, x, y) {
        if (![z, x, y].every(Number.isSafeInteger) || z < 0 || z > 30) return null;
        // MBTiles rows count from the south (TMS); map tiles count from the north (XYZ).
        const data = select.get(z, x, 2 ** z - 1 - y) as Buffer | undefined;
        if (!data) return null;
        const gzipped = data[0] === 0x1f && data[1] === 0x8b;
        return new Uint8Array(gzipped ? gunzipSync(data) : data);
      },
      tileJson(base) {
        const bounds = parseBounds(meta.get('bounds'));
        const attribution = meta.get('attribution');
        return {
          tilejson: '3.0.0',
          name: meta.get('name') ?? 'MBTiles',
          tiles: [`${base}/{z}/{x}/{y}.pbf`],
          minzoom: numberOr(meta.get('minzoom'), 0),
          maxzoom: numberOr(meta.get('maxzoom'), 14),
          ...(bounds ? { bounds } : {}),
          ...(attribution ? { attribution } : {}),
          vector_layers: layers,
        };
      },
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Serve one request below an archive's base URL: `tiles.json` or `<z>/<x>/<y>.pbf`. 204 for a tile that is absent. */
export function mbtilesResponse(archive: MbtilesArchive, rest: string, base: string): Response {
  const headers = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  if (rest === 'tiles.json') {
    return new Response(JSON.stringify(archive.tileJson(base)), { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
  }
  const match = /^(\d{1,2})\/(\d{1,9})\/(\d{1,9})\.pbf$/.exec(rest);
  if (!match) return new Response('Not found', { status: 404, headers });
  const tile = archive.tile(Number(match[1]), Number(match[2]), Number(match[3]));
  // An empty tile (sea, outside the extract) is normal: "no content" keeps MapLibre from logging an error per tile.
  if (!tile) return new Response(null, { status: 204, headers });
  return new Response(tile as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, 'Content-Type': 'application/x-protobuf' } });
}
