import { describe, expect, it } from 'vitest';
import { LiveStore } from './liveStore';
import { alert, delta, iso, report, snapshot, T0 } from '../../../shared/live/fixtures';

describe('LiveStore', () => {
  it('takes a snapshot as the whole picture, and hands it to the map as a reset', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a'), report('b')], { alerts: [alert('x')] }), T0);
    expect(s.seq).toBe(10);
    expect([...s.units.keys()]).toEqual(['a', 'b']);
    expect(s.alerts().map((a) => a.id)).toEqual(['x']);
    const d = s.drain();
    expect(d.reset).toBe(true);
    expect(d.changed.map((u) => u.id).sort()).toEqual(['a', 'b']);
    expect(s.hasChanges).toBe(false);
    expect(s.units.get('a')!.timeMs).toBe(T0);
  });

  it('applies deltas in sequence and coalesces per unit: the map sees each changed unit once, newest only', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a'), report('b')]), T0);
    s.drain();
    expect(s.applyDelta(delta(11, [report('a', { at: T0 + 1000, lon: -0.1 })]), T0 + 1000)).toEqual({ kind: 'applied', units: 1 });
    expect(s.applyDelta(delta(12, [report('a', { at: T0 + 2000, lon: -0.2 }), report('c', { at: T0 + 2000 })]), T0 + 2000).kind).toBe('applied');
    const d = s.drain();
    expect(d.reset).toBe(false);
    expect(d.changed.map((u) => [u.id, u.lon])).toEqual([
      ['a', -0.2],
      ['c', -0.126],
    ]);
    expect(s.drain().changed).toEqual([]);
  });

  it('keeps the newest fix when reports arrive out of order, and puts the late one in the trail in time order', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a', { at: T0, lon: -0.2 })]), T0);
    s.applyDelta(delta(11, [report('a', { at: T0 + 5000, lon: -0.1 })]), T0 + 5000);
    s.drain();
    s.applyDelta(delta(12, [report('a', { at: T0 + 1000, lon: -0.3 })]), T0 + 6000);
    expect(s.units.get('a')!.lon).toBe(-0.1);
    expect(s.drain().changed).toEqual([]);
    expect(s.trail('a').map((p) => [p.t, p.lon])).toEqual([
      [T0, -0.2],
      [T0 + 1000, -0.3],
      [T0 + 5000, -0.1],
    ]);
    expect(s.trailCoordinates('a', T0 + 500).map((c) => c[0])).toEqual([-0.3, -0.1]);
  });

  it('records a fix the server sends twice once', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a', { at: T0 + 5000 })]), T0);
    s.applyDelta(delta(11, [report('a', { at: T0 + 5000 })]), T0 + 6000);
    expect(s.trail('a')).toHaveLength(1);
  });

  it('removes units the server says are gone', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a'), report('b')]), T0);
    s.drain();
    s.applyDelta(delta(11, [report('a', { at: T0 + 1000 })]), T0 + 1000);
    s.applyDelta(delta(12, [], { removed: ['a', 'nobody'] }), T0 + 2000);
    expect([...s.units.keys()]).toEqual(['b']);
    expect(s.drain()).toEqual({ reset: false, changed: [], removed: ['a'] });
    expect(s.trail('a')).toEqual([]);
  });

  it('refuses a delta that skips a sequence number: the caller must resync', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a')]), T0);
    expect(s.applyDelta(delta(12, [report('a', { at: T0 + 1000, lon: 0 })]), T0)).toEqual({ kind: 'gap', expected: 11, got: 12 });
    expect(s.units.get('a')!.lon).toBe(-0.126);
    expect(s.seq).toBe(10);
    // A repeated or older delta is ignored.
    expect(s.applyDelta(delta(10, []), T0).kind).toBe('duplicate');
    // After a fresh snapshot, deltas continue from its sequence.
    s.applySnapshot(snapshot([report('a', { at: T0 + 1000 })], { seq: 12 }), T0 + 1000);
    expect(s.applyDelta(delta(13, []), T0 + 2000).kind).toBe('applied');
  });

  it('applies a merged delta for a slow client, which builds on older state', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a')]), T0);
    expect(s.applyDelta(delta(14, [report('a', { at: T0 + 4000, lon: 0 })], { fromSeq: 9 }), T0).kind).toBe('applied');
    expect(s.seq).toBe(14);
    expect(s.applyDelta(delta(20, [], { fromSeq: 15 }), T0)).toEqual({ kind: 'gap', expected: 15, got: 16 });
  });

  it('drops an alert once it is both cleared and acknowledged, and never lets an older version undo a newer one', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([], { alerts: [alert('x', { updatedAt: iso(T0 + 2000), acknowledgedBy: 'A', acknowledgedAt: iso(T0 + 2000) })] }), T0);
    s.upsertAlert(alert('x', { updatedAt: iso(T0 + 1000) }));
    expect(s.alert('x')!.acknowledgedBy).toBe('A');
    s.upsertAlert(alert('x', { updatedAt: iso(T0 + 3000), acknowledgedBy: 'A', acknowledgedAt: iso(T0 + 2000), clearedAt: iso(T0 + 3000) }));
    expect(s.alert('x')).toBeUndefined();
  });

  it('ignores deltas before a snapshot and deltas of another operation', () => {
    const s = new LiveStore();
    expect(s.applyDelta(delta(11, [report('a')]), T0).kind).toBe('ignored');
    s.applySnapshot(snapshot([]), T0);
    expect(s.applyDelta(delta(11, [report('a')], { operationId: 'other' }), T0).kind).toBe('ignored');
    expect(s.units.size).toBe(0);
  });

  it('forgets the sequence when the link drops, so a resync must follow, and keeps the last picture meanwhile', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([report('a')]), T0);
    s.setLink({ phase: 'down', since: T0 + 5000, attempt: 1 });
    expect(s.seq).toBeNull();
    expect(s.units.size).toBe(1);
    expect(s.applyDelta(delta(11, []), T0 + 6000).kind).toBe('ignored');
    expect(s.linkView(T0 + 60_000)).toMatchObject({ kind: 'down', since: T0 + 5000, lastMessageAt: T0 });
  });

  it('reports link states: connecting, connected, stalled when nothing arrives, down since a time', () => {
    const s = new LiveStore({}, T0 - 10_000);
    expect(s.linkView(T0).kind).toBe('connecting');
    s.setLink({ phase: 'connected', since: T0 - 1000 });
    s.applySnapshot(snapshot([report('a')]), T0);
    for (let i = 1; i <= 4; i++) s.applyDelta(delta(10 + i, []), T0 + i * 1000);
    expect(s.linkView(T0 + 5000).kind).toBe('connected');
    expect(s.linkView(T0 + 20_000)).toEqual({ kind: 'stalled', since: T0 + 4000, lastMessageAt: T0 + 4000 });
    s.setLink({ phase: 'down', since: T0 + 21_000, attempt: 2, reason: 'transport close' });
    expect(s.linkView(T0 + 30_000)).toMatchObject({ kind: 'down', since: T0 + 21_000, attempt: 2 });
  });

  it('counts heartbeats on a quiet operation as traffic, so the link is not called stalled, and reads their clock', () => {
    const s = new LiveStore({}, T0 - 10_000);
    s.setLink({ phase: 'connected', since: T0 - 1000 });
    s.applySnapshot(snapshot([report('a')], { serverTime: iso(T0) }), T0);
    for (let i = 1; i <= 4; i++) s.applyDelta(delta(10 + i, []), T0 + i * 1000);
    // Then nothing changes for a minute; the server sends a heartbeat every 2 s, 500 ms ahead of our clock.
    for (let t = T0 + 6000; t <= T0 + 60_000; t += 2000) s.applyHeartbeat({ operationId: 'op-1', seq: 14, serverTime: iso(t + 500) }, t);
    expect(s.linkView(T0 + 61_000).kind).toBe('connected');
    expect(s.lastMessageAt).toBe(T0 + 60_000);
    expect(s.clockOffsetMs).toBeGreaterThan(400);
    // Without them, the same quiet minute is a stall.
    expect(s.linkView(T0 + 75_000).kind).toBe('stalled');
    // A heartbeat for another operation, or before any snapshot, is not ours to count.
    s.applyHeartbeat({ operationId: 'other', seq: 1, serverTime: iso(T0 + 80_000) }, T0 + 80_000);
    expect(s.lastMessageAt).toBe(T0 + 60_000);
  });

  it('learns the server clock offset from snapshot and deltas', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([], { serverTime: iso(T0 + 2000) }), T0);
    expect(s.clockOffsetMs).toBe(2000);
  });

  it('keeps trails bounded, oldest first, and windowed on request', () => {
    const s = new LiveStore({ trailCapacity: 3 });
    s.applySnapshot(snapshot([report('a', { at: T0 })]), T0);
    for (let i = 1; i <= 5; i++) s.applyDelta(delta(10 + i, [report('a', { at: T0 + i * 1000, lon: i })]), T0 + i * 1000);
    expect(s.trail('a').map((p) => p.lon)).toEqual([3, 4, 5]);
    expect(s.trail('a', T0 + 4000).map((p) => p.lon)).toEqual([4, 5]);
    expect(s.trailCoordinates('a', T0 + 5000)).toEqual([[5, 51.5218]]);
  });

  it('upserts alerts (a new one and the server answer to an acknowledgement) and tells listeners which are new', () => {
    const s = new LiveStore();
    s.applySnapshot(snapshot([]), T0);
    const seen: [string, boolean][] = [];
    s.onAlert((a, isNew) => seen.push([a.id, isNew]));
    s.applyDelta(delta(11, [], { alerts: [alert('e', { kind: 'emergency', severity: 'critical' })] }), T0);
    s.upsertAlert(alert('e', { kind: 'emergency', severity: 'critical', acknowledgedBy: 'Insp Jones', acknowledgedAt: iso(T0 + 3000) }));
    s.upsertAlert(alert('z', { operationId: 'elsewhere' }));
    expect(seen).toEqual([
      ['e', true],
      ['e', false],
    ]);
    expect(s.alert('e')!.acknowledgedBy).toBe('Insp Jones');
  });

  it('holds 10,000 units and coalesces a tick of 10,000 updates into one drain', () => {
    const s = new LiveStore({ trailCapacity: 30 });
    const units = Array.from({ length: 10_000 }, (_, i) => report(`u${i}`));
    s.applySnapshot(snapshot(units), T0);
    s.drain();
    s.applyDelta(
      delta(
        11,
        units.map((u) => ({ ...u, time: iso(T0 + 1000) })),
      ),
      T0 + 1000,
    );
    s.applyDelta(
      delta(
        12,
        units.map((u) => ({ ...u, time: iso(T0 + 2000) })),
      ),
      T0 + 2000,
    );
    const d = s.drain();
    expect(d.changed).toHaveLength(10_000);
    expect(d.changed[0]!.timeMs).toBe(T0 + 2000);
  });
});

describe('what tells the screen to look again', () => {
  it('news does (snapshot, plan, alert, link), a plain delta of positions does not', () => {
    const s = new LiveStore();
    let told = 0;
    const stop = s.subscribe(() => told++);
    const v0 = s.getViewVersion();
    s.applySnapshot(snapshot([report('a')]), T0);
    expect(told).toBe(1);
    s.applyDelta(delta(11, [report('a', { at: T0 + 1000 })]), T0 + 1000);
    expect(told).toBe(1);
    s.applyDelta(delta(12, [], { alerts: [alert('x')] }), T0 + 2000);
    s.setPlan(null);
    s.setLink({ phase: 'down', since: T0 + 3000 });
    expect(told).toBe(4);
    s.notify();
    expect(told).toBe(5);
    expect(s.getViewVersion()).not.toBe(v0);
    stop();
    s.notify();
    expect(told).toBe(5);
  });
});
