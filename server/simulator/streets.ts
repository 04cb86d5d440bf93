/**
 * A street network for the simulator, read from an OpenMapTiles-style PMTiles archive (`transportation` layer),
 * e.g. ../shared/data/central-london.pmtiles. Nodes are keyed by their position on the zoom-14 tile grid, so the same
 * junction seen from two neighbouring tiles is one node.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { open, type FileHandle } from 'node:fs/promises';
import { PbfReader } from 'pbf';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';

export interface StreetNode {
  lon: number;
  lat: number;
  /** Indexes of neighbouring nodes. */
  next: number[];
}

export interface StreetGraph {
  nodes: StreetNode[];
  /** Street names seen (transportation_name), with one point on each: handy for building demo plans. */
  names: Map<string, [number, number]>;
}

/** Street classes people walk and drive along (not rail, ferries or aerialways). */
const WALKABLE = new Set(['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'minor', 'service', 'path', 'track', 'pedestrian', 'living_street']);
const ZOOM = 14;

class FileSource implements Source {
  constructor(
    private readonly file: FileHandle,
    private readonly name: string,
  ) {}
  getKey() {
    return this.name;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(buf, 0, length, offset);
    const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
    return { data };
  }
}

const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/**
 * Read the streets inside `bbox` ([west, south, east, north]); null when the file is missing or unreadable. At most
 * `maxTiles` tiles are read.
 */
export async function loadStreetGraph(file: string, bbox: readonly [number, number, number, number], maxTiles = 64): Promise<StreetGraph | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const pm = new PMTiles(new FileSource(handle, file));
    const header = await pm.getHeader();
    const z = Math.min(ZOOM, header.maxZoom);
    const [x0, x1] = [tileX(bbox[0], z), tileX(bbox[2], z)];
    const [y0, y1] = [tileY(bbox[3], z), tileY(bbox[1], z)];
    const nodes: StreetNode[] = [];
    const byKey = new Map<string, number>();
    const names = new Map<string, [number, number]>();
    const world = 2 ** z;
    let tiles = 0;
    const nodeAt = (gx: number, gy: number, extent: number): number => {
      const key = `${gx},${gy}`;
      let i = byKey.get(key);
      if (i === undefined) {
        const lon = (gx / (extent * world)) * 360 - 180;
        const n = Math.PI - (2 * Math.PI * gy) / (extent * world);
        const lat = (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
        i = nodes.length;
        nodes.push({ lon, lat, next: [] });
        byKey.set(key, i);
      }
      return i;
    };
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        if (++tiles > maxTiles) break;
        const tile = await pm.getZxy(z, x, y);
        if (!tile) continue;
        const vt = new VectorTile(new PbfReader(new Uint8Array(tile.data)));
        const layer = vt.layers['transportation'];
        if (layer) {
          for (let i = 0; i < layer.length; i++) {
            const f = layer.feature(i);
            if (f.type !== 2) continue; // lines only
            const cls = String(f.properties['class'] ?? '');
            if (!WALKABLE.has(cls)) continue;
            const extent = f.extent;
            for (const line of f.loadGeometry()) {
              let prev = -1;
              for (const p of line) {
                const idx = nodeAt(x * extent + p.x, y * extent + p.y, extent);
                if (prev >= 0 && prev !== idx) {
                  const a = nodes[prev]!;
                  const b = nodes[idx]!;
                  if (!a.next.includes(idx)) a.next.push(idx);
                  if (!b.next.includes(prev)) b.next.push(prev);
                }
                prev = idx;
              }
            }
          }
        }
        const labels = vt.layers['transportation_name'];
        if (labels) {
          for (let i = 0; i < labels.length; i++) {
            const f = labels.feature(i);
            const name = String(f.properties['name:latin'] ?? f.properties['name'] ?? '');
            if (!name || names.has(name)) continue;
            const geom = f.toGeoJSON(x, y, z).geometry;
            const c =
              geom.type === 'LineString' ? geom.coordinates[Math.floor(geom.coordinates.length / 2)] : geom.type === 'Point' ? geom.coordinates : undefined;
            if (c && c[0] !== undefined && c[1] !== undefined) names.set(name, [c[0], c[1]]);
          }
        }
      }
    }
    // Drop nodes outside the box (and their edges): the walker must not wander off the map's detailed area.
    return nodes.length > 0 ? { nodes, names } : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
