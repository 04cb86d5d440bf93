import { describe, expect, it } from 'vitest';
import { prepareRings, rectangle } from '../../../shared/live/areas';
import { whoWasInside } from './whoWasInside';
import { iso, report, T0 } from '../../../shared/live/fixtures';

// A box around Russell Square; x = inside, o = outside.
const area = prepareRings('box', rectangle([-0.128, 51.52], [-0.124, 51.523]));
const IN = { lon: -0.126, lat: 51.5218 };
const OUT = { lon: -0.14, lat: 51.5218 };
const at = (id: string, s: number, where: { lon: number; lat: number }) => report(id, { ...where, time: iso(T0 + s * 1000) });

describe('who was inside this area between these times', () => {
  it('lists units seen inside in the window with the spells they spent there', () => {
    const r = whoWasInside(
      [at('a', 0, OUT), at('a', 10, IN), at('a', 20, IN), at('a', 30, OUT), at('a', 40, IN), at('b', 5, OUT), at('b', 50, OUT)],
      area,
      T0,
      T0 + 60_000,
    );
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ unitId: 'a', callSign: 'A', totalMs: 10_000, firstMs: T0 + 10_000, lastMs: T0 + 40_000 });
    expect(r[0]!.spells).toEqual([
      { fromMs: T0 + 10_000, toMs: T0 + 20_000, fromStart: false, open: false },
      { fromMs: T0 + 40_000, toMs: T0 + 40_000, fromStart: false, open: true },
    ]);
  });
  it('counts a unit already inside when the window opens from the start of the window', () => {
    const r = whoWasInside([at('a', -100, IN), at('a', 30, IN), at('a', 40, OUT)], area, T0, T0 + 60_000);
    expect(r[0]!.spells).toEqual([{ fromMs: T0, toMs: T0 + 30_000, fromStart: true, open: false }]);
  });
  it('ignores fixes outside the window, and units only inside before it', () => {
    expect(whoWasInside([at('a', -100, IN), at('a', -50, OUT), at('a', 10, OUT)], area, T0, T0 + 60_000)).toEqual([]);
    expect(whoWasInside([at('a', 100, IN)], area, T0, T0 + 60_000)).toEqual([]);
  });
  it('accepts positions in any order and sorts the answer by first entry', () => {
    const r = whoWasInside([at('b', 20, IN), at('a', 30, IN), at('a', 5, IN), at('b', 1, OUT)], area, T0, T0 + 60_000);
    expect(r.map((o) => [o.unitId, o.firstMs - T0])).toEqual([
      ['a', 5000],
      ['b', 20_000],
    ]);
  });
});
