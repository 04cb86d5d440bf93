import { describe, expect, it } from 'vitest';
import { buildLog, makeKeys } from '../../../shared/decisionLog/testing';
import { readCachedLogs } from '../../data';
import { openTestDb } from '../../data/testing';
import { keepVerifiedLogCopies } from './keepLogCopy';

describe('keeping the decision logs read from the server for the briefing pack', () => {
  it('keeps each log that verifies and refuses one that does not, keeping its older copy', async () => {
    const keys = makeKeys();
    const silver = buildLog(3, keys.secretKey, 'silver');
    const gold = buildLog(2, keys.secretKey, 'gold');
    const { db } = openTestDb();
    const list = { operationId: 'op-1', entries: [...gold.entries, ...silver.entries], checkpoints: [], publicKey: keys.publicKey };
    expect(await keepVerifiedLogCopies(db, list, '2026-08-30T11:00:00.000Z')).toEqual([]);
    expect((await readCachedLogs(db, 'op-1')).logs.map((l) => [l.logId, l.entries.length])).toEqual([
      ['gold', 2],
      ['silver', 3],
    ]);

    // The server now answers with Silver's entry #2 changed: Silver's verified copy of 11:00 stays.
    const changed = structuredClone(silver.entries);
    (changed[1]!.entry.body as { decision: string }).decision = 'Changed on the server';
    const refused = await keepVerifiedLogCopies(db, { ...list, entries: [...gold.entries, ...changed] }, '2026-08-30T12:00:00.000Z');
    expect(refused).toEqual(['silver']);
    const kept = await readCachedLogs(db, 'op-1');
    const keptSilver = kept.logs.find((l) => l.logId === 'silver')!;
    expect(keptSilver.fetchedAt).toBe('2026-08-30T11:00:00.000Z');
    expect(keptSilver.entries[1]!.body.type === 'decision' && keptSilver.entries[1]!.body.decision).toBe('Decision 2');
  });
});
