import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { formatPath, summariseIssues } from './zodIssues';

describe('zod issue summaries', () => {
  it('formats paths like code', () => {
    expect(formatPath(['features', 3, 'geometry', 'coordinates', 0])).toBe('features[3].geometry.coordinates[0]');
    expect(formatPath([])).toBe('(top level)');
  });

  it('lists the first issues and counts the rest', () => {
    const r = z.array(z.number()).safeParse(['a', 'b', 'c']);
    expect(r.success).toBe(false);
    if (!r.success) expect(summariseIssues(r.error, 2)).toBe('[0]: Invalid input: expected number, received string; [1]: Invalid input: expected number, received string; and 1 more problem');
  });
});
