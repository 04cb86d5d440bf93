import { describe, expect, it } from 'vitest';
import type { SyncPushRequest } from '../../../shared/protocol/sync';
import { splitChangeSet } from './splitChangeSet';

const change = (i: number, notes = '') =>
  ({
    table: 'phases',
    key: `ph-${i}`,
    before: null,
    after: { id: `ph-${i}`, operationId: 'op-1', name: `Phase ${i}${notes}`, startsAt: '2026-06-13T06:00:00.000Z', endsAt: '2026-06-13T07:00:00.000Z' },
  }) as SyncPushRequest['changes'][number];
const req = (n: number, notes = ''): SyncPushRequest => ({
  operationId: 'op-1',
  changeSetId: '3f0c2a4e-0000-4000-8000-000000000001',
  baseSeq: 4,
  label: 'Import features',
  editedAt: '2026-06-13T06:00:00.000Z',
  changes: Array.from({ length: n }, (_, i) => change(i, notes)),
});

describe('splitting a big change set', () => {
  it('keeps a change set that fits as it is', () => {
    const r = req(3);
    expect(splitChangeSet(r)).toEqual([r]);
  });

  it('splits by row count, in order, every row once, with ids derived from the change set', () => {
    const parts = splitChangeSet(req(7), 3);
    expect(parts.map((p) => p.changes.length)).toEqual([3, 3, 1]);
    expect(parts.flatMap((p) => p.changes.map((c) => c.key))).toEqual(req(7).changes.map((c) => c.key));
    expect(parts.map((p) => p.changeSetId)).toEqual(['1-of-3', '2-of-3', '3-of-3'].map((s) => `3f0c2a4e-0000-4000-8000-000000000001/${s}`));
    // The same change set splits the same way every time: a resend is still idempotent.
    expect(splitChangeSet(req(7), 3)).toEqual(parts);
  });

  it('splits by bytes so no part goes over the message cap', () => {
    const big = req(10, 'x'.repeat(1000));
    const parts = splitChangeSet(big, 5000, 3000);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(JSON.stringify(p.changes).length).toBeLessThan(3000 + 1200);
  });
});
