/**
 * The GeoJSON the live layers draw, built without a map (unit-tested).
 *
 * The data path (measured in bench/live-apply-bench.ts): one persistent point feature per unit, updated in place when
 * its unit changes (changes arrive coalesced per unit id from the live store), units spread over a few sources by a
 * hash of their id (liveLayers.ts), and at most one `setData` per animation frame, of one source whose units changed,
 * carrying only what the view can show: below GROUP_ZOOM the members of PSUs and serials are drawn as
 * their group's symbol and are not sent at all; at street zoom only the units in (and around) the view are sent; the
 * user's filter is applied here too. `setData` structured-clones its data to the map's worker on the main thread, and
 * that clone is most of the cost of a tick, so the properties are few and short. Freshness is evaluated here on a
 * 1 s clock, so ages move on the map without a message. `updateData` is not used: in the current MapLibre its cost
 * grows with changed x total features.
 */
import type { LiveStatus } from '../../../shared/protocol';
import { unitMatches, type LiveFilter } from '../../../shared/live/filters';
import { freshnessOf, type Freshness } from '../../../shared/live/freshness';
import type { UnitGroup } from '../../../shared/live/grouping';
import type { LiveUnit, UnitChanges } from '../../../shared/live/liveUnit';
import { shardOf, UNIT_SHARDS } from './liveLayers';
import { typeCode } from './liveSymbology';

export interface UnitProps {
  id: string;
  /** Call sign. */
  cs: string;
  /** Short type code drawn in the symbol; '' for individual radios (drawn smaller). */
  k: string;
  s: LiveStatus;
  f: Freshness;
  /** Heading in degrees when moving, else -1 (no arrow). */
  h: number;
  /** 1 when the unit belongs to a group (PSU / serial), so it is only drawn at street zoom. */
  m: 0 | 1;
}

export type UnitFeature = GeoJSON.Feature<GeoJSON.Point, UnitProps>;

/** Below this speed a heading is noise (a standing officer's radio). */
export const MOVING_MPS = 0.3;

function headingOf(u: LiveUnit): number {
  return u.headingDeg !== undefined && (u.speedMps === undefined || u.speedMps >= MOVING_MPS) ? Math.round(u.headingDeg) % 360 : -1;
}

interface Entry {
  unit: LiveUnit;
  /** Sector feature id the unit is in, '' when none. */
  sector: string;
  feature: UnitFeature;
  /** Which units source it is drawn from, and its place in that shard's list. */
  shard: number;
  at: number;
}

/** What the view can show: its bounds (padded), whether groups are collapsed, the filter, and units always sent. */
export interface ViewQuery {
  /** West, south, east, north; null for everywhere. */
  bounds: readonly [number, number, number, number] | null;
  /** Below GROUP_ZOOM: group members are drawn as their group, so they are not sent. */
  grouped: boolean;
  filter: LiveFilter;
  /** Sent whatever the view (the selected or followed unit), if they pass the filter. */
  include?: ReadonlySet<string>;
}

/**
 * One persistent feature per unit, kept per units source (shard, see liveLayers.ts), with a dirty mark per shard so
 * the map is sent only the shards whose units changed.
 */
export class LiveFeatureBuffer {
  private readonly shards: Entry[][] = Array.from({ length: UNIT_SHARDS }, () => []);
  private readonly dirty: boolean[] = new Array<boolean>(UNIT_SHARDS).fill(true);
  private readonly index = new Map<string, Entry>();
  /** Where the round-robin over dirty shards carries on, so no shard waits behind the others. */
  private cursor = 0;

  constructor(private sectorOf: (lon: number, lat: number) => string = () => '') {}

  get size(): number {
    return this.index.size;
  }

  /** A new plan (new sectors): every unit's sector is worked out again. */
  setSectors(sectorOf: (lon: number, lat: number) => string): void {
    this.sectorOf = sectorOf;
    for (const e of this.index.values()) e.sector = sectorOf(e.unit.lon, e.unit.lat);
    this.markAllDirty();
  }

  /** Applies coalesced changes; returns how many units changed. */
  apply(changes: UnitChanges, nowMs: number): number {
    if (changes.reset) this.clear();
    for (const id of changes.removed) this.remove(id);
    for (const u of changes.changed) this.upsert(u, nowMs);
    return changes.changed.length + changes.removed.length;
  }

  clear(): void {
    for (const s of this.shards) s.length = 0;
    this.index.clear();
    this.markAllDirty();
  }

  /** The view, filter or selection changed: every shard is sent again. */
  markAllDirty(): void {
    this.dirty.fill(true);
  }

  /** The next shard with changes (round-robin), now marked clean; -1 when none has any. */
  takeDirtyShard(): number {
    for (let n = 0; n < UNIT_SHARDS; n++) {
      const shard = (this.cursor + n) % UNIT_SHARDS;
      if (this.dirty[shard]) {
        this.dirty[shard] = false;
        this.cursor = (shard + 1) % UNIT_SHARDS;
        return shard;
      }
    }
    return -1;
  }

  get hasDirtyShards(): boolean {
    return this.dirty.includes(true);
  }

  private upsert(u: LiveUnit, nowMs: number): void {
    const e = this.index.get(u.id);
    const f = freshnessOf(u, nowMs);
    if (e === undefined) {
      const shard = shardOf(u.id);
      const list = this.shards[shard]!;
      const entry: Entry = {
        unit: u,
        sector: this.sectorOf(u.lon, u.lat),
        feature: {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
          properties: { id: u.id, cs: u.callSign, k: typeCode(u.type), s: u.status, f, h: headingOf(u), m: u.groupId ? 1 : 0 },
        },
        shard,
        at: list.length,
      };
      list.push(entry);
      this.index.set(u.id, entry);
      this.dirty[shard] = true;
      return;
    }
    const c = e.feature.geometry.coordinates;
    const p = e.feature.properties;
    if (c[0] !== u.lon || c[1] !== u.lat) {
      c[0] = u.lon;
      c[1] = u.lat;
      e.sector = this.sectorOf(u.lon, u.lat);
    }
    if (e.unit.type !== u.type) p.k = typeCode(u.type);
    e.unit = u;
    p.cs = u.callSign;
    p.s = u.status;
    p.f = f;
    p.h = headingOf(u);
    p.m = u.groupId ? 1 : 0;
    this.dirty[e.shard] = true;
  }

  private remove(id: string): void {
    const e = this.index.get(id);
    if (e === undefined) return;
    const list = this.shards[e.shard]!;
    const last = list.pop()!;
    if (last !== e) {
      list[e.at] = last;
      last.at = e.at;
    }
    this.index.delete(id);
    this.dirty[e.shard] = true;
  }

  /** Re-judges every unit's freshness at `nowMs`; returns how many changed class. */
  refreshFreshness(nowMs: number): number {
    let n = 0;
    for (const e of this.index.values()) {
      const f = freshnessOf(e.unit, nowMs);
      if (e.feature.properties.f !== f) {
        e.feature.properties.f = f;
        this.dirty[e.shard] = true;
        n++;
      }
    }
    return n;
  }

  props(id: string): UnitProps | undefined {
    return this.index.get(id)?.feature.properties;
  }

  sectorOfUnit(id: string): string {
    return this.index.get(id)?.sector ?? '';
  }

  /** The units that pass the filter (wherever they are), for grouping and counts. */
  *matching(filter: LiveFilter): Generator<LiveUnit> {
    for (const e of this.index.values()) if (unitMatches(e.unit, e.sector, filter)) yield e.unit;
  }

  /**
   * The features to hand to `setData` for this view, of one shard or of all: references to the persistent features
   * (nothing is copied here), in a new array.
   */
  visible(q: ViewQuery, shard?: number): UnitFeature[] {
    const out: UnitFeature[] = [];
    for (const list of shard === undefined ? this.shards : [this.shards[shard]!]) {
      for (const e of list) if (isVisible(e, q)) out.push(e.feature);
    }
    return out;
  }

  /** Every unit of a shard (or of all), whatever the view (the benchmark's worst case). */
  collection(shard?: number): GeoJSON.FeatureCollection<GeoJSON.Point, UnitProps> {
    const lists = shard === undefined ? this.shards : [this.shards[shard]!];
    return { type: 'FeatureCollection', features: lists.flatMap((l) => l.map((e) => e.feature)) };
  }
}

function isVisible(e: Entry, q: ViewQuery): boolean {
  const u = e.unit;
  if (!unitMatches(u, e.sector, q.filter)) return false;
  if (q.include?.has(u.id)) return true;
  if (q.grouped && u.groupId) return false;
  const b = q.bounds;
  return !b || (u.lon >= b[0] && u.lat >= b[1] && u.lon <= b[2] && u.lat <= b[3]);
}

/** Bounds grown by a fraction of their size on each side, so a small pan shows units at once. */
export function padBounds(b: readonly [number, number, number, number], fraction: number): [number, number, number, number] {
  const dx = (b[2] - b[0]) * fraction;
  const dy = (b[3] - b[1]) * fraction;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

/** One point per group (PSU / serial) for low zoom, labelled with its call sign and count. */
export function groupCollection(groups: readonly UnitGroup[]): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: groups.map((g) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [g.lon, g.lat] },
      properties: {
        id: g.groupId,
        label: g.missing > 0 ? `${g.groupId} ×${g.count} (${g.missing} lost)` : `${g.groupId} ×${g.count}`,
        count: g.count,
        s: g.status,
        f: g.freshness,
        k: typeCode(g.type),
        miss: g.missing,
      },
    })),
  };
}

/** Trails as one line per unit (only units with two or more fixes). */
export function trailCollection(
  trails: Iterable<{ id: string; status: LiveStatus; coordinates: [number, number][] }>,
): GeoJSON.FeatureCollection<GeoJSON.LineString> {
  const features: GeoJSON.Feature<GeoJSON.LineString>[] = [];
  for (const t of trails) {
    if (t.coordinates.length < 2) continue;
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: t.coordinates }, properties: { id: t.id, s: t.status } });
  }
  return { type: 'FeatureCollection', features };
}

/** The area of a "who was inside" query, drawn so people see what they asked about. */
export function areaCollection(rings: readonly (readonly (readonly number[])[])[] | null): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
  if (!rings || rings.length === 0) return { type: 'FeatureCollection', features: [] };
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: rings.map((r) => r.map((c) => [c[0]!, c[1]!])) }, properties: {} }],
  };
}
