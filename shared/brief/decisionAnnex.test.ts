import { describe, expect, it } from 'vitest';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { LogEntry, stampEntry, type StoredEntry } from '../decisionLog';
import { planLogs } from '../decisionLog/planLogs';
import { decisionDraft } from '../decisionLog/testing';
import { Briefing } from '../domain/briefing';
import { decisionLogAnnex, type KeptLog } from './decisionAnnex';

const PACK_TIME = '2026-08-30T12:00:00.000Z';
const at = (hhmm: string) => `2026-08-30T${hhmm}:00.000Z`;

/** Entries of one log as the server stamps them: a loggist for Silver, and one the commander wrote himself. */
function silverLog(): KeptLog {
  const stored: StoredEntry[] = [];
  const add = (over: NonNullable<Parameters<typeof decisionDraft>[0]>, user = { user: 'PC Loggist', role: 'loggist' }) => {
    const s = stampEntry(decisionDraft({ logId: 'silver', ...over }), stored[stored.length - 1] ?? null, { loggedAt: over.writtenAt!, author: user });
    stored.push(s);
    return s.entry;
  };
  const first = add({ decision: 'Open the filter cordon at Great George Street', decidedAt: at('10:00'), writtenAt: at('10:02') });
  add(
    { decision: 'Hold the cordon at Whitehall Place', decidedAt: at('10:30'), writtenAt: at('10:31'), onBehalfOf: undefined },
    { user: 'Supt A. Patel', role: 'commander' },
  );
  add({
    decision: 'Open the filter cordon at Great George Street and Parliament Street',
    decidedAt: at('10:00'),
    writtenAt: at('10:40'),
    delayReason: 'Radio traffic',
    corrects: { seq: first.seq, entryId: first.entryId },
  });
  add({ decision: 'Close Westminster Bridge', decidedAt: at('12:03'), writtenAt: at('12:04') });
  return {
    logId: 'silver',
    entries: stored.map((s) => LogEntry.parse(s.entry)),
    rootHash: 'a'.repeat(64),
    checkpoint: null,
    fetchedAt: at('12:05'),
  };
}

const plan = {
  planned: planLogs(null).map((l) => (l.logId === 'silver' ? { ...l, commander: 'Supt A. Patel', callSign: 'SILVER 1' } : l)),
};

describe('the briefing pack decision-log annex', () => {
  it('lists per log the decisions up to the pack time, with times, who, and corrections struck through with their number', () => {
    const annex = decisionLogAnnex({ upTo: PACK_TIME, kept: [silverLog()], lastFetched: at('12:05'), ...plan });
    if (!annex.available) throw new Error(annex.message);
    expect(annex.logs.map((l) => l.title)).toEqual(['Gold', 'Silver (call sign SILVER 1): Supt A. Patel']);
    const silver = annex.logs[1]!;
    // The 12:03 decision is after the pack's time: not printed, but counted.
    expect(silver.rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(silver.later).toBe(1);
    expect(silver.rows[0]).toMatchObject({
      decision: 'Open the filter cordon at Great George Street',
      rationale: 'Relieves pressure at the pinch point',
      who: 'Supt Silver; logged by PC Loggist (loggist)',
      correctedBy: [3],
      corrects: null,
    });
    expect(silver.rows[0]!.decidedAt).toMatch(/30 Aug 2026, 11:00/); // London time (BST)
    expect(silver.rows[0]!.writtenAt).toMatch(/11:02/);
    expect(silver.rows[1]).toMatchObject({ who: 'Supt A. Patel (commander)', correctedBy: [] });
    expect(silver.rows[2]).toMatchObject({ corrects: 1, delayReason: 'Radio traffic' });
    expect(silver.verifiedAgainst).toBe(`No checkpoint signed yet: 4 entries chained, root hash ${'a'.repeat(64)}`);
    // A log the plan names with nothing kept is listed as nil, not left out.
    expect(annex.logs[0]!.rows).toEqual([]);
    const empty = decisionLogAnnex({ upTo: PACK_TIME, kept: [{ ...silverLog(), entries: [] }], lastFetched: at('12:05'), ...plan });
    expect(empty.available && empty.logs[1]).toMatchObject({ rows: [], verifiedAgainst: '', fetchedAt: '30 Aug 2026, 13:05' });
  });

  it('names the signed checkpoint the copy was verified against', () => {
    const log = silverLog();
    const checkpoint = {
      operationId: 'op-1',
      logId: 'silver',
      size: 3,
      rootHash: 'b'.repeat(64),
      signedAt: at('10:41'),
      reason: 'interval' as const,
      signature: 'c'.repeat(128),
    };
    const annex = decisionLogAnnex({ upTo: PACK_TIME, kept: [{ ...log, checkpoint }], lastFetched: at('12:05'), ...plan });
    expect(annex.available && annex.logs[1]!.verifiedAgainst).toBe(
      `Verified against the checkpoint of 3 entries signed by the command server at 30 Aug 2026, 11:41: root hash ${'b'.repeat(64)}`,
    );
  });

  it('a correction made after the pack time does not strike through the entry it corrects', () => {
    const annex = decisionLogAnnex({ upTo: at('10:20'), kept: [silverLog()], lastFetched: at('12:05'), ...plan });
    // The correction (#3) was decided at 10:00 too, so it is in; #2 (10:30) and #4 are not.
    expect(annex.available && annex.logs[1]!.rows.map((r) => [r.seq, r.correctedBy])).toEqual([
      [1, [3]],
      [3, []],
    ]);
    const before = decisionLogAnnex({ upTo: at('09:59'), kept: [silverLog()], lastFetched: at('12:05'), ...plan });
    expect(before.available && before.logs[1]!.rows).toEqual([]);
  });

  it('says plainly when this workstation has never kept the logs, and when its copy no longer verifies', () => {
    expect(decisionLogAnnex({ upTo: PACK_TIME, kept: [], lastFetched: null, ...plan })).toEqual({
      available: false,
      message: 'Decision log not available on this workstation (last fetched: never)',
      problems: [],
    });
    const damaged = decisionLogAnnex({ upTo: PACK_TIME, kept: [], lastFetched: at('09:00'), problems: ['silver: does not verify'], ...plan });
    expect(damaged).toMatchObject({ available: false, message: 'Decision log not available on this workstation (last fetched: 30 Aug 2026, 10:00)' });
    expect(damaged.problems).toEqual(['silver: does not verify']);
  });

  it('titles Bronze logs as the plan names them and keeps a log the plan no longer names', () => {
    const briefing = Briefing.parse({ bronzeCallSigns: { 'Sector 1 Bronze': 'S1' } });
    const empty = generateOperation({ units: 0, features: 0, assignments: 0, seed: 1 });
    const planned = planLogs({ ...empty, operation: { ...empty.operation, briefing } });
    const bronze = { ...silverLog(), logId: 'bronze-sector-1-bronze', entries: [] };
    const stray = { ...silverLog(), logId: 'bronze-traffic', entries: [] };
    const annex = decisionLogAnnex({ upTo: PACK_TIME, kept: [stray, bronze], lastFetched: at('12:05'), planned });
    expect(annex.available && annex.logs.map((l) => l.title)).toEqual([
      'Gold',
      'Silver',
      'Sector 1 Bronze (call sign S1)',
      'Bronze TRAFFIC (not named in the plan)',
    ]);
  });
});
