import { describe, expect, it } from 'vitest';
import { searchCallSigns, toggle, unitMatches, NO_FILTER } from './filters';

describe('filters and search', () => {
  it('match by type, status and sector', () => {
    const u = { type: 'officer', status: 'deployed' as const };
    expect(unitMatches(u, 's1', NO_FILTER)).toBe(true);
    expect(unitMatches(u, 's1', { ...NO_FILTER, types: ['psu'] })).toBe(false);
    expect(unitMatches(u, 's1', { ...NO_FILTER, statuses: ['deployed'], sectorId: 's1' })).toBe(true);
    expect(unitMatches(u, '', { ...NO_FILTER, sectorId: 's1' })).toBe(false);
  });
  it('toggle a value, and ticking every value again means all', () => {
    const all = ['a', 'b', 'c'];
    expect(toggle(null, 'b', all)).toEqual(['a', 'c']);
    expect(toggle(['a', 'c'], 'b', all)).toBeNull();
  });
  it('search call signs: exact, then prefix, then substring', () => {
    const units = ['U12', 'U1', 'XU1', 'U10'].map((callSign) => ({ id: callSign, callSign }));
    expect(searchCallSigns(units, 'u1').map((u) => u.callSign)).toEqual(['U1', 'U10', 'U12', 'XU1']);
    expect(searchCallSigns(units, ' ')).toEqual([]);
  });
});
