import { describe, expect, it } from 'vitest';
import { Trail } from './trail';

const times = (t: Trail) => t.since(-Infinity).map((p) => p.t);

describe('a unit trail', () => {
  it('inserts a late fix where it belongs in time', () => {
    const t = new Trail(10);
    for (const at of [1, 2, 5, 6]) t.push(at, at, 0);
    expect(t.push(3, 30, 0)).toBe(true);
    expect(t.push(0, 0, 0)).toBe(true);
    expect(times(t)).toEqual([0, 1, 2, 3, 5, 6]);
    expect(t.coordinatesSince(3)).toEqual([
      [30, 0],
      [5, 0],
      [6, 0],
    ]);
    expect(t.lastTime).toBe(6);
  });
  it('ignores a fix at a time it already holds', () => {
    const t = new Trail(10);
    t.push(1, 1, 0);
    t.push(2, 2, 0);
    expect(t.push(1, 9, 9)).toBe(false);
    expect(t.push(2, 9, 9)).toBe(false);
    expect(t.since(-Infinity).map((p) => p.lon)).toEqual([1, 2]);
  });
  it('stays bounded when full: a late fix pushes out the oldest, one older than all it keeps is dropped', () => {
    const t = new Trail(3);
    for (const at of [10, 20, 30, 40]) t.push(at, at, 0);
    expect(times(t)).toEqual([20, 30, 40]);
    expect(t.push(25, 25, 0)).toBe(true);
    expect(times(t)).toEqual([25, 30, 40]);
    expect(t.push(5, 5, 0)).toBe(false);
    expect(times(t)).toEqual([25, 30, 40]);
    t.push(50, 50, 0);
    expect(times(t)).toEqual([30, 40, 50]);
    expect(t.length).toBe(3);
  });
});
