import { describe, expect, it } from 'vitest';
import { Replay, replayStep } from './replay';
import { alert, iso, report, T0 } from '../../../shared/live/fixtures';

const at = (id: string, s: number, lon: number) => report(id, { time: iso(T0 + s * 1000), lon });

describe('replay', () => {
  const positions = [at('a', 0, 1), at('a', 10, 2), at('a', 20, 3), at('b', 5, 10), at('b', 25, 11)];

  it('shows each unit where its latest fix up to the clock put it', () => {
    const r = new Replay(positions, [], T0, T0 + 60_000);
    expect([...r.units.values()].map((u) => [u.id, u.lon])).toEqual([['a', 1]]);
    r.moveTo(T0 + 12_000);
    expect(r.units.get('a')!.lon).toBe(2);
    expect(r.units.get('b')!.lon).toBe(10);
  });

  it('plays forward incrementally: only units with a fix in between change', () => {
    const r = new Replay(positions, [], T0, T0 + 60_000);
    expect(r.drain().reset).toBe(true);
    r.moveTo(T0 + 8_000);
    expect(r.drain()).toMatchObject({ reset: false, changed: [{ id: 'b' }] });
    r.moveTo(T0 + 21_000);
    expect(r.drain().changed.map((u) => [u.id, u.lon])).toEqual([['a', 3]]);
  });

  it('rebuilds the picture when seeking backwards, and clamps to the window', () => {
    const r = new Replay(positions, [], T0, T0 + 60_000);
    r.moveTo(T0 + 30_000);
    r.drain();
    r.moveTo(T0 + 6_000);
    const d = r.drain();
    expect(d.reset).toBe(true);
    expect(d.changed.map((u) => [u.id, u.lon]).sort()).toEqual([
      ['a', 1],
      ['b', 10],
    ]);
    r.moveTo(T0 + 999_000);
    expect(r.time).toBe(T0 + 60_000);
  });

  it('starts playing where the record starts, if after the window opens', () => {
    expect(new Replay(positions, [], T0 - 60_000, T0 + 60_000).firstUsefulTime).toBe(T0);
    expect(new Replay(positions, [], T0 + 1000, T0 + 60_000).firstUsefulTime).toBe(T0 + 1000);
    expect(new Replay([], [], T0, T0 + 60_000).firstUsefulTime).toBe(T0);
  });

  it('gives trails and a unit track up to the clock', () => {
    const r = new Replay(positions, [], T0, T0 + 60_000);
    r.moveTo(T0 + 15_000);
    expect(r.trailCoordinates('a', T0 + 5_000)).toEqual([[2, 51.5218]]);
    expect(r.track('a').map((u) => u.lon)).toEqual([1, 2]);
  });

  it('shows alerts as they stood at the clock', () => {
    const r = new Replay([], [alert('x', { raisedAt: iso(T0 + 10_000), acknowledgedBy: 'Sgt Lee', acknowledgedAt: iso(T0 + 20_000) })], T0, T0 + 60_000);
    expect(r.alertsNow()).toEqual([]);
    r.moveTo(T0 + 15_000);
    expect(r.alertsNow()[0]!.acknowledgedAt).toBeUndefined();
    r.moveTo(T0 + 25_000);
    expect(r.alertsNow()[0]!.acknowledgedBy).toBe('Sgt Lee');
  });

  it('shows the newest recorded version of each alert made by then', () => {
    const raised = alert('x', { raisedAt: iso(T0 + 1000), updatedAt: iso(T0 + 1000), message: 'first' });
    const changed = { ...raised, updatedAt: iso(T0 + 5000), message: 'changed' };
    const done = { ...changed, updatedAt: iso(T0 + 9000), clearedAt: iso(T0 + 8000), acknowledgedBy: 'B', acknowledgedAt: iso(T0 + 9000) };
    const r = new Replay([], [done, raised, changed], T0, T0 + 60_000);
    r.moveTo(T0 + 2000);
    expect(r.alertsNow().map((a) => a.message)).toEqual(['first']);
    r.moveTo(T0 + 6000);
    expect(r.alertsNow().map((a) => a.message)).toEqual(['changed']);
    r.moveTo(T0 + 10_000);
    expect(r.alertsNow()).toEqual([]);
  });

  it('steps the clock at 1x, 10x and 60x and stops at the end', () => {
    expect(replayStep(T0, 1000, 10, T0 + 60_000)).toEqual({ t: T0 + 10_000, ended: false });
    expect(replayStep(T0, 1000, 60, T0 + 30_000)).toEqual({ t: T0 + 30_000, ended: true });
  });
});
