import { describe, expect, it } from 'vitest';
import { approvedVersionOf, versionInForce } from './versions';

const v = (version: number, publishedAt: string, approvedAt?: string) => ({ version, publishedAt, ...(approvedAt ? { approvedAt } : {}) });

describe('versionInForce', () => {
  const versions = [v(1, '2026-12-05T09:00:00Z'), v(2, '2026-12-05T10:00:00Z'), v(3, '2026-12-05T11:00:00Z')];
  it('is the latest version published at or before the time (the plan a replay draws)', () => {
    expect(versionInForce(versions, Date.parse('2026-12-05T08:59:59Z'))).toBeNull();
    expect(versionInForce(versions, Date.parse('2026-12-05T09:00:00Z'))?.version).toBe(1);
    expect(versionInForce(versions, Date.parse('2026-12-05T10:30:00Z'))?.version).toBe(2);
    expect(versionInForce(versions, Date.parse('2026-12-06T00:00:00Z'))?.version).toBe(3);
  });
});

describe('approvedVersionOf', () => {
  it('is the newest version with an approval', () => {
    expect(approvedVersionOf([v(1, 'x', 'a'), v(2, 'x', 'b'), v(3, 'x')])?.version).toBe(2);
    expect(approvedVersionOf([v(1, 'x')])).toBeNull();
  });
});
