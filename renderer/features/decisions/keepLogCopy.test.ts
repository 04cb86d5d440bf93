import { describe, expect, it } from 'vitest';
import { buildLog, makeKeys } from '../../../shared/decisionLog/testing';
import { readCachedLogs } from '../../data';
import { openTestDb } from '../../data/testing';
import { keepVerifiedLogCopies } from './keepLogCopy';

describe('keeping the decision logs read from the server for the briefing pack', () => {
  it('an operation with no decisions yet is kept as read (Gold and Silver empty), not as never fetched', async () => {
    const keys = makeKeys();
    const { db } = openTestDb();
    expect(
      await keepVerifiedLogCopies(db, { operationId: 'op-1', entries: [], checkpoints: [], publicKey: keys.publicKey }, '2026-08-30T11:00:00.000Z'),
    ).toEqual({
      kept: 0,
      refused: [],
    });
    const kept = await readCachedLogs(db, 'op-1');
    expect(kept.lastFetched).toBe('2026-08-30T11:00:00.000Z');
    expect(kept.logs.map((l) => [l.logId, l.entries.length])).toEqual([
      ['gold', 0],
      ['silver', 0],
    ]);
  });

  it('keeps each log that verifies and refuses one that does not, keeping its older copy', async () => {
    const keys = makeKeys();
    const silver = buildLog(3, keys.secretKey, 'silver');
    const gold = buildLog(2, keys.secretKey, 'gold');
    const { db } = openTestDb();
    const list = { operationId: 'op-1', entries: [...gold.entries, ...silver.entries], checkpoints: [], publicKey: keys.publicKey };
    expect(await keepVerifiedLogCopies(db, list, '2026-08-30T11:00:00.000Z')).toEqual({ kept: 5, refused: [] });
    expect((await readCachedLogs(db, 'op-1')).logs.map((l) => [l.logId, l.entries.length])).toEqual([
      ['gold', 2],
      ['silver', 3],
    ]);

    // The server now answers with Silver's entry #2 changed: Silver's verified copy of 11:00 stays.
    const changed = structuredClone(silver.entries);
    (changed[1]!.entry.body as { decision: string }).decision = 'Changed on the server';
    const again = await keepVerifiedLogCopies(db, { ...list, entries: [...gold.entries, ...changed] }, '2026-08-30T12:00:00.000Z');
    expect(again).toEqual({ kept: 2, refused: ['silver'] });
    const kept = await readCachedLogs(db, 'op-1');
    const keptSilver = kept.logs.find((l) => l.logId === 'silver')!;
    expect(keptSilver.fetchedAt).toBe('2026-08-30T11:00:00.000Z');
    expect(keptSilver.entries[1]!.body.type === 'decision' && keptSilver.entries[1]!.body.decision).toBe('Decision 2');
  });
});
