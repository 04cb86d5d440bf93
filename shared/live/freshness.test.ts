import { describe, expect, it } from 'vitest';
import { formatAge, freshnessOf } from './freshness';

const T0 = Date.parse('2024-08-26T14:00:00Z');
const unit = (ageS: number, expectedIntervalS = 10, staleAtMs?: number) => ({
  timeMs: T0 - ageS * 1000,
  expectedIntervalS,
  ...(staleAtMs ? { staleAtMs } : {}),
});

describe('freshness against the expected interval', () => {
  it('is fresh up to 1.5x, late up to 3x, lost up to 10x, expired after', () => {
    expect(freshnessOf(unit(0), T0)).toBe('fresh');
    expect(freshnessOf(unit(15), T0)).toBe('fresh');
    expect(freshnessOf(unit(15.1), T0)).toBe('late');
    expect(freshnessOf(unit(30), T0)).toBe('late');
    expect(freshnessOf(unit(31), T0)).toBe('lost');
    expect(freshnessOf(unit(100), T0)).toBe('lost');
    expect(freshnessOf(unit(101), T0)).toBe('expired');
  });
  it('judges each source by its own interval', () => {
    // 40 s old: a handset reporting every 5 s is lost, a parked carrier reporting every 60 s is fresh.
    expect(freshnessOf(unit(40, 5), T0)).toBe('lost');
    expect(freshnessOf(unit(40, 60), T0)).toBe('fresh');
  });
  it("honours the source's stale time (CoT), but never revives an expired report", () => {
    expect(freshnessOf(unit(2, 10, T0 - 1), T0)).toBe('lost');
    expect(freshnessOf(unit(2, 10, T0 + 1000), T0)).toBe('fresh');
    expect(freshnessOf(unit(500, 10, T0 + 1000), T0)).toBe('expired');
  });
  it('treats a fix from the future (clock skew) as fresh', () => {
    expect(freshnessOf(unit(-30), T0)).toBe('fresh');
  });
  it('formats ages for people', () => {
    expect(formatAge(12_400)).toBe('12 s');
    expect(formatAge(4 * 60_000)).toBe('4 min');
    expect(formatAge(125 * 60_000)).toBe('2 h 05 min');
  });
});
