import { describe, expect, it } from 'vitest';
import type { LiveUnit } from '../../../shared/live/liveUnit';
import { report, T0 } from '../../../shared/live/fixtures';
import { groupUnits } from '../../../shared/live/grouping';
import { NO_FILTER } from '../../../shared/live/filters';
import { LiveFeatureBuffer, areaCollection, groupCollection, padBounds, trailCollection } from './liveData';
import { shardOf, UNIT_SHARDS, UNITS_SOURCES } from './liveLayers';

const unit = (id: string, over: Partial<LiveUnit> = {}): LiveUnit => ({ ...report(id), timeMs: T0, receivedAt: T0, ...over });

describe('the live feature buffer', () => {
  it('builds one compact point feature per unit', () => {
    const b = new LiveFeatureBuffer((lon) => (lon > 0 ? 'east' : 'west'));
    b.apply(
      {
        reset: true,
        changed: [unit('a', { type: 'psu', headingDeg: 90, speedMps: 2, groupId: 'U101' }), unit('b', { lon: 1, headingDeg: 45, speedMps: 0 })],
        removed: [],
      },
      T0,
    );
    expect([b.props('a'), b.props('b')]).toEqual([
      { id: 'a', cs: 'A', k: 'P', s: 'deployed', f: 'fresh', h: 90, m: 1 },
      { id: 'b', cs: 'B', k: '', s: 'deployed', f: 'fresh', h: -1, m: 0 },
    ]);
    expect(b.collection().features).toHaveLength(2);
    expect([b.sectorOfUnit('a'), b.sectorOfUnit('b')]).toEqual(['west', 'east']);
  });
  it('updates features in place, so a tick allocates no new collection', () => {
    const b = new LiveFeatureBuffer();
    b.apply({ reset: true, changed: [unit('a'), unit('b')], removed: [] }, T0);
    const featureA = b.collection().features.find((f) => f.properties.id === 'a');
    b.apply({ reset: false, changed: [unit('a', { lon: 2, lat: 3, status: 'emergency', timeMs: T0 + 1000 })], removed: [] }, T0 + 1000);
    expect(b.collection().features.find((f) => f.properties.id === 'a')).toBe(featureA);
    expect(featureA!.geometry.coordinates).toEqual([2, 3]);
    expect(featureA!.properties.s).toBe('emergency');
  });
  it('removes units by swapping in the last of their shard, keeping the index right', () => {
    const b = new LiveFeatureBuffer();
    // Enough units that every shard holds several.
    const ids = Array.from({ length: 40 }, (_, i) => `u${i}`);
    b.apply({ reset: true, changed: ids.map((id) => unit(id)), removed: [] }, T0);
    const gone = ids.filter((_, i) => i % 3 === 0);
    b.apply({ reset: false, changed: [], removed: gone }, T0);
    const kept = ids.filter((id) => !gone.includes(id));
    expect(
      b
        .collection()
        .features.map((f) => f.properties.id)
        .sort(),
    ).toEqual([...kept].sort());
    for (const id of kept) b.apply({ reset: false, changed: [unit(id, { lon: 9 })], removed: [] }, T0);
    expect(b.collection().features.every((f) => f.geometry.coordinates[0] === 9)).toBe(true);
    expect(b.size).toBe(kept.length);
  });
  it('spreads units over the sources and marks dirty only the shards whose units changed', () => {
    const b = new LiveFeatureBuffer();
    const ids = Array.from({ length: 400 }, (_, i) => `radio-${i}`);
    b.apply({ reset: true, changed: ids.map((id) => unit(id)), removed: [] }, T0);
    const sizes = UNITS_SOURCES.map((_, s) => b.collection(s).features.length);
    expect(sizes.reduce((x, y) => x + y)).toBe(400);
    // Roughly even: no shard holds more than twice its share.
    for (const n of sizes) expect(n).toBeLessThan((2 * 400) / UNIT_SHARDS);
    // A reset dirties every shard; each is handed out once, round-robin.
    const taken = UNITS_SOURCES.map(() => b.takeDirtyShard());
    expect([...taken].sort()).toEqual(UNITS_SOURCES.map((_, i) => i));
    expect(b.takeDirtyShard()).toBe(-1);
    // One unit's report dirties its shard only, and that shard holds the unit.
    b.apply({ reset: false, changed: [unit('radio-7', { lon: 3 })], removed: [] }, T0);
    const shard = b.takeDirtyShard();
    expect(shard).toBe(shardOf('radio-7'));
    expect(b.visible({ bounds: null, grouped: false, filter: NO_FILTER }, shard).map((f) => f.properties.id)).toContain('radio-7');
    expect(b.hasDirtyShards).toBe(false);
    b.markAllDirty();
    expect(b.hasDirtyShards).toBe(true);
  });
  it('re-judges freshness on a clock, without any message', () => {
    const b = new LiveFeatureBuffer();
    b.apply({ reset: true, changed: [unit('a'), unit('b', { timeMs: T0 + 20_000 })], removed: [] }, T0);
    expect(b.refreshFreshness(T0)).toBe(0);
    // 5 s interval: 30 s old is lost, 10 s old is late.
    expect(b.refreshFreshness(T0 + 30_000)).toBe(2);
    expect(b.props('a')!.f).toBe('lost');
    expect(b.props('b')!.f).toBe('late');
  });
  it('sends only what the view can show: filter, bounds, and group members only at street zoom', () => {
    const b = new LiveFeatureBuffer((lon) => (lon < 0.5 ? 's1' : ''));
    b.apply(
      {
        reset: true,
        changed: [
          unit('in', { lon: 0.1, lat: 0.1 }),
          unit('out', { lon: 5, lat: 5 }),
          unit('member', { lon: 0.2, lat: 0.2, groupId: 'U1' }),
          unit('psu', { lon: 0.3, lat: 0.3, type: 'psu' }),
          unit('far', { lon: 9, lat: 9 }),
        ],
        removed: [],
      },
      T0,
    );
    const ids = (q: Parameters<LiveFeatureBuffer['visible']>[0]) =>
      b
        .visible(q)
        .map((f) => f.properties.id)
        .sort();
    const view = [0, 0, 1, 1] as const;
    expect(ids({ bounds: view, grouped: false, filter: NO_FILTER })).toEqual(['in', 'member', 'psu']);
    expect(ids({ bounds: view, grouped: true, filter: NO_FILTER })).toEqual(['in', 'psu']);
    expect(ids({ bounds: null, grouped: false, filter: { ...NO_FILTER, types: ['psu'] } })).toEqual(['psu']);
    expect(ids({ bounds: null, grouped: false, filter: { ...NO_FILTER, sectorId: 's1' } })).toEqual(['in', 'member', 'psu']);
    // The selected or followed unit is always there (if it passes the filter).
    expect(ids({ bounds: view, grouped: true, filter: NO_FILTER, include: new Set(['far', 'member']) })).toEqual(['far', 'in', 'member', 'psu']);
    expect([...b.matching({ ...NO_FILTER, statuses: ['emergency'] })]).toEqual([]);
  });
  it('pads view bounds', () => {
    expect(padBounds([0, 0, 2, 1], 0.5)).toEqual([-1, -0.5, 3, 1.5]);
  });
  it('hides nobody on a reset: the new picture replaces the old', () => {
    const b = new LiveFeatureBuffer();
    b.apply({ reset: true, changed: [unit('a'), unit('b')], removed: [] }, T0);
    b.apply({ reset: true, changed: [unit('c')], removed: [] }, T0);
    expect(b.collection().features.map((f) => f.properties.id)).toEqual(['c']);
  });
});

describe('groups, trails and areas as GeoJSON', () => {
  it('labels a group with its call sign and count, and says how many are lost', () => {
    const g = groupCollection(groupUnits([unit('a', { groupId: 'U1' }), unit('b', { groupId: 'U1', timeMs: T0 - 30_000 })], T0));
    expect(g.features[0]!.properties).toMatchObject({ id: 'U1', label: 'U1 ×2 (1 lost)', count: 2, miss: 1 });
  });
  it('draws trails with two fixes or more only', () => {
    const t = trailCollection([
      { id: 'a', status: 'deployed', coordinates: [[0, 0]] },
      {
        id: 'b',
        status: 'deployed',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
    ]);
    expect(t.features.map((f) => f.properties!.id)).toEqual(['b']);
  });
  it('draws the query area, or nothing', () => {
    expect(areaCollection(null).features).toEqual([]);
    expect(
      areaCollection([
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ]).features,
    ).toHaveLength(1);
  });
});
