import { describe, expect, it } from 'vitest';
import { HISTORY_ERRORS, type HistoryResponse, type PositionReport } from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import { readHistoryPages, type AskPage } from './historyPages';
import type { Parsed } from './parse';

const T0 = Date.parse('2026-06-01T10:00:00Z');
const report = (i: number): PositionReport => ({
  id: `u${i % 10}`,
  callSign: `U${i}`,
  type: 'officer',
  lon: -0.12,
  lat: 51.5,
  status: 'available',
  source: 'feed',
  time: new Date(T0 + i * 1000).toISOString(),
  expectedIntervalS: 10,
});
const alert: HistoryResponse['alerts'][number] = {
  id: 'a1',
  operationId: 'op',
  kind: 'emergency',
  severity: 'critical',
  message: 'Emergency',
  raisedAt: new Date(T0).toISOString(),
};

/** A server of `total` positions in pages of `size`; the cursor is the next index. Optional refusals first. */
function fakeServer(total: number, size: number, o: { refuse?: string[]; alertsTruncated?: boolean } = {}) {
  const asked: (string | undefined)[] = [];
  const refusals = [...(o.refuse ?? [])];
  const ask: AskPage = (cursor) => {
    asked.push(cursor);
    const refusal = refusals.shift();
    if (refusal) return Promise.resolve({ ok: false, error: refusal });
    const from = cursor ? Number(cursor) : 0;
    const positions = Array.from({ length: Math.min(size, total - from) }, (_, i) => report(from + i));
    const more = from + size < total;
    const page: HistoryResponse = {
      positions,
      alerts: from === 0 ? [alert] : [],
      truncated: more || o.alertsTruncated === true,
      ...(more ? { next: String(from + size) } : {}),
      ...(from === 0 ? { alertsTruncated: o.alertsTruncated === true } : {}),
    };
    return Promise.resolve<Result<Parsed<HistoryResponse>>>({ ok: true, value: { value: page, dropped: 0 } });
  };
  return { ask, asked };
}

const noSleep = () => Promise.resolve();

describe('readHistoryPages', () => {
  it('reads every page in order, once each, reporting progress; alerts from the first page', async () => {
    const s = fakeServer(12_000, 5000);
    const progress: number[] = [];
    const r = await readHistoryPages(s.ask, { onProgress: (n) => progress.push(n) });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.value.positions.map((p) => p.callSign)).toEqual(Array.from({ length: 12_000 }, (_, i) => `U${i}`));
    expect(r.value.value).toMatchObject({ alerts: [alert], truncated: false, capped: false, pages: 3 });
    expect(s.asked).toEqual([undefined, '5000', '10000']);
    expect(progress).toEqual([5000, 10_000, 12_000]);
  });

  it('stops at the memory cap and says so', async () => {
    const s = fakeServer(12_000, 5000);
    const r = await readHistoryPages(s.ask, { maxPositions: 7000 });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.value.positions).toHaveLength(7000);
    expect(r.value.value).toMatchObject({ truncated: true, capped: true, pages: 2 });
    expect(s.asked).toHaveLength(2); // no page beyond the cap is asked for
    // Exactly at the cap on the last page is not capped.
    const exact = await readHistoryPages(fakeServer(10_000, 5000).ask, { maxPositions: 10_000 });
    expect(exact.ok && exact.value.value.capped).toBe(false);
  });

  it('sits out "server busy" refusals, then carries on from the same cursor', async () => {
    const s = fakeServer(9, 5, { refuse: [HISTORY_ERRORS.busy, HISTORY_ERRORS.busy] });
    const waits: number[] = [];
    const r = await readHistoryPages(s.ask, { sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    expect(r.ok && r.value.value.positions).toHaveLength(9);
    expect(waits).toHaveLength(2);
    expect(s.asked).toEqual([undefined, undefined, undefined, '5']);
  });

  it('gives up after its retries, and reports other errors at once, saying how far it got', async () => {
    const busy = await readHistoryPages(fakeServer(9, 5, { refuse: Array(5).fill(HISTORY_ERRORS.busy) }).ask, { busyRetries: 3, sleep: noSleep });
    expect(busy).toEqual({ ok: false, error: HISTORY_ERRORS.busy });
    let n = 0;
    const failing: AskPage = async (cursor) =>
      n++ === 0 ? fakeServer(20, 5).ask(cursor) : { ok: false, error: 'The command server did not send the history in time.' };
    const r = await readHistoryPages(failing, { sleep: noSleep });
    expect(r).toEqual({ ok: false, error: 'The command server did not send the history in time. (after 5 positions): load again' });
  });

  it('flags a server that capped the alerts, or that does not page (truncated, no next)', async () => {
    const a = await readHistoryPages(fakeServer(9, 5, { alertsTruncated: true }).ask);
    expect(a.ok && a.value.value).toMatchObject({ truncated: true, capped: false });
    const old: AskPage = () => Promise.resolve({ ok: true, value: { value: { positions: [report(0)], alerts: [], truncated: true }, dropped: 0 } });
    const b = await readHistoryPages(old);
    expect(b.ok && b.value.value).toMatchObject({ truncated: true, capped: false, pages: 1 });
  });
});
