import { describe, expect, it } from 'vitest';
import { standardPhases } from './operations';

describe('standard phases', () => {
  it('spread the usual five phases back to back over the operation', () => {
    const phases = standardPhases('2026-08-30T08:00:00.000Z', '2026-08-30T18:00:00.000Z');
    expect(phases.map((p) => p.name)).toEqual(['Build-up', 'Assembly', 'Procession', 'Dispersal', 'Stand-down']);
    expect(phases[0]?.startsAt).toBe('2026-08-30T08:00:00.000Z');
    expect(phases[4]?.endsAt).toBe('2026-08-30T18:00:00.000Z');
    for (let i = 1; i < phases.length; i++) expect(phases[i]?.startsAt).toBe(phases[i - 1]?.endsAt);
  });
});
