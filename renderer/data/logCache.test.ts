import { describe, expect, it } from 'vitest';
import { verifyLog } from '../../shared/decisionLog';
import { buildLog, makeKeys } from '../../shared/decisionLog/testing';
import { cacheVerifiedLog, readCachedLogs } from './logCache';
import { openTestDb } from './testing';

async function verifiedSilver(n: number) {
  const keys = makeKeys();
  const log = buildLog(n, keys.secretKey);
  const v = await verifyLog({ operationId: 'op-1', logId: 'silver', entries: log.entries, checkpoints: log.checkpoints, publicKey: keys.publicKey });
  if (!v.ok) throw new Error(v.reason);
  return { keys, log, v };
}

describe('the verified decision-log copy kept for printing offline', () => {
  it('keeps a verified log across a reopen and hands it back verified, with its checkpoint', async () => {
    const { keys, log, v } = await verifiedSilver(22);
    const { db, reopen } = openTestDb();
    expect(await readCachedLogs(db, 'op-1')).toEqual({ logs: [], problems: [], lastFetched: null });
    await cacheVerifiedLog(db, {
      operationId: 'op-1',
      logId: 'silver',
      entries: log.entries,
      rootHash: v.rootHash,
      checkpoint: v.checkpoint,
      publicKey: keys.publicKey,
      fetchedAt: '2026-08-30T11:00:00.000Z',
    });
    db.close();
    const got = await readCachedLogs(reopen(), 'op-1');
    expect(got.problems).toEqual([]);
    expect(got.lastFetched).toBe('2026-08-30T11:00:00.000Z');
    expect(got.logs).toHaveLength(1);
    expect(got.logs[0]!.entries.map((e) => e.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(got.logs[0]!.rootHash).toBe(v.rootHash);
    expect(got.logs[0]!.checkpoint?.size).toBe(20);
    expect(await readCachedLogs(reopen(), 'another-op')).toEqual({ logs: [], problems: [], lastFetched: null });
  });

  it('a newer read replaces the copy whole', async () => {
    const first = await verifiedSilver(3);
    const second = await verifiedSilver(2);
    const { db } = openTestDb();
    const put = (x: typeof first, at: string) =>
      cacheVerifiedLog(db, {
        operationId: 'op-1',
        logId: 'silver',
        entries: x.log.entries,
        rootHash: x.v.rootHash,
        checkpoint: x.v.checkpoint,
        publicKey: x.keys.publicKey,
        fetchedAt: at,
      });
    await put(first, '2026-08-30T11:00:00.000Z');
    await put(second, '2026-08-30T12:00:00.000Z');
    const got = await readCachedLogs(db, 'op-1');
    expect(got.logs[0]!.entries.map((e) => e.entryId)).toEqual(second.log.entries.map((e) => e.entry.entryId));
    expect(got.lastFetched).toBe('2026-08-30T12:00:00.000Z');
  });

  it('a copy changed on this disk is reported, not printed', async () => {
    const { keys, log, v } = await verifiedSilver(4);
    const { db } = openTestDb();
    await cacheVerifiedLog(db, {
      operationId: 'op-1',
      logId: 'silver',
      entries: log.entries,
      rootHash: v.rootHash,
      checkpoint: v.checkpoint,
      publicKey: keys.publicKey,
      fetchedAt: '2026-08-30T11:00:00.000Z',
    });
    const row = await db.logCache.get(String(log.entries[1]!.entry.entryId));
    const stored = structuredClone(row!.stored) as { entry: { body: { decision: string } } };
    stored.entry.body.decision = 'Something never decided';
    await db.logCache.put({ ...row!, stored });
    const got = await readCachedLogs(db, 'op-1');
    expect(got.logs).toEqual([]);
    expect(got.problems[0]).toMatch(/^silver: .*does not verify.*entry #2 has been changed/);
  });
});
