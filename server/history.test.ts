import { describe, expect, it } from 'vitest';
import { HISTORY_ERRORS, type Alert, type HistoryRequest, type HistoryResponse, type PositionReport } from '../shared/protocol';
import type { Result } from '../shared/util/result';
import { HistoryService, type HistoryLimits } from './history';
import { CURSOR_ERRORS, encodeCursor } from './historyCursor';
import { Metrics } from './metrics';
import type { HistoryCursor, PositionPageQuery } from './store/types';

const OP = 'op-h';
const T0 = Date.parse('2026-06-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function report(i: number, timeMs: number, extra: Partial<PositionReport> = {}): PositionReport {
  return {
    id: `u${i % 50}`,
    callSign: `U${i}`,
    type: 'officer',
    lon: -0.12,
    lat: 51.5,
    status: 'available',
    source: 'feed',
    time: iso(timeMs),
    expectedIntervalS: 10,
    ...extra,
  };
}

/** Just what the service reads: rows kept in (time, seq) order, paged strictly after a cursor. */
class FakeStore {
  readonly rows: { t: number; seq: number; r: PositionReport }[] = [];
  readonly queries: PositionPageQuery[] = [];
  alerts: Alert[] = [];
  /** While set, reads wait for it (to hold pages in flight). */
  hold: Promise<void> | null = null;

  add(reports: PositionReport[]): void {
    for (const r of reports) this.rows.push({ t: Date.parse(r.time), seq: this.rows.length + 1, r });
    this.rows.sort((a, b) => a.t - b.t || a.seq - b.seq);
  }

  async positionPage(q: PositionPageQuery): Promise<{ positions: PositionReport[]; next: HistoryCursor | null }> {
    this.queries.push(q);
    if (this.hold) await this.hold;
    const ids = q.unitIds ? new Set(q.unitIds) : null;
    const after = q.after;
    const hits = this.rows.filter(
      (x) => x.t >= q.fromMs && x.t <= q.toMs && (!ids || ids.has(x.r.id)) && (!after || x.t > after.timeMs || (x.t === after.timeMs && x.seq > after.seq)),
    );
    const page = hits.slice(0, q.limit);
    const last = page[page.length - 1];
    return { positions: page.map((x) => x.r), next: hits.length > q.limit && last ? { timeMs: last.t, seq: last.seq } : null };
  }

  alertHistory(): Promise<{ alerts: Alert[]; truncated: boolean }> {
    return Promise.resolve({ alerts: this.alerts, truncated: false });
  }
}

const LIMITS: HistoryLimits = { historyPageSize: 5000, historyPageBytes: 2_000_000, historyConcurrency: 4, historyQueueMax: 32, historyMaxAlerts: 100 };

function setup(limits: Partial<HistoryLimits> = {}) {
  const store = new FakeStore();
  const metrics = new Metrics();
  const flushed: string[] = [];
  const service = new HistoryService({
    store,
    limits: { ...LIMITS, ...limits },
    metrics,
    flush: (id) => {
      flushed.push(id);
      return Promise.resolve();
    },
  });
  return { store, metrics, flushed, service };
}

const query = (o: Partial<HistoryRequest> = {}): HistoryRequest => ({ operationId: OP, from: iso(T0), to: iso(T0 + 3600_000), ...o });

function value(r: Result<HistoryResponse>): HistoryResponse {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('HistoryService', () => {
  it('pages 12,000 positions exactly once each, in order, alerts with the first page only', async () => {
    const { store, service, flushed, metrics } = setup();
    // Three reports per second: page boundaries fall between reports of the same time (ordered by the store's sequence).
    store.add(Array.from({ length: 12_000 }, (_, i) => report(i, T0 + Math.floor(i / 3) * 1000)));
    store.alerts = [{ id: 'a1', operationId: OP, kind: 'emergency', severity: 'critical', message: 'Emergency', raisedAt: iso(T0) }];
    const pages: HistoryResponse[] = [];
    let cursor: string | undefined;
    do {
      const page = value(await service.page('s1', query({ to: iso(T0 + 7200_000), ...(cursor ? { cursor } : {}) })));
      pages.push(page);
      cursor = page.next;
    } while (cursor);
    expect(pages.map((p) => p.positions.length)).toEqual([5000, 5000, 2000]);
    const callSigns = pages.flatMap((p) => p.positions.map((x) => x.callSign));
    expect(callSigns).toEqual(Array.from({ length: 12_000 }, (_, i) => `U${i}`));
    expect(pages.map((p) => p.alerts.length)).toEqual([1, 0, 0]);
    expect(pages.map((p) => p.truncated)).toEqual([true, true, false]);
    expect(pages[0]!.alertsTruncated).toBe(false);
    expect(flushed).toEqual([OP]); // the first page only
    expect(metrics.get('history.pages')).toBe(3);
    expect(metrics.get('history.positions')).toBe(12_000);
  });

  it('honours a smaller page size from the client, and the deprecated maxPositions', async () => {
    const { store, service } = setup();
    store.add(Array.from({ length: 30 }, (_, i) => report(i, T0 + i * 1000)));
    const a = value(await service.page('s1', query({ pageSize: 7 })));
    expect(a.positions).toHaveLength(7);
    const b = value(await service.page('s1', query({ pageSize: 7, cursor: a.next! })));
    expect(b.positions[0]!.callSign).toBe('U7');
    expect(value(await service.page('s1', query({ maxPositions: 4 }))).positions).toHaveLength(4);
  });

  it('sizes later pages to about historyPageBytes from the bytes per row it measured', async () => {
    const { store, service } = setup({ historyPageBytes: 20_000 });
    // Rows of about 1 kB: 20 per page after the first.
    store.add(Array.from({ length: 200 }, (_, i) => report(i, T0 + i * 1000, { label: 'x'.repeat(900) } as Partial<PositionReport>)));
    const first = value(await service.page('s1', query()));
    const second = value(await service.page('s1', query({ cursor: first.next! })));
    expect(second.positions.length).toBeGreaterThanOrEqual(15);
    expect(second.positions.length).toBeLessThanOrEqual(25);
  });

  it('refuses a malformed cursor and one from a different query, with clear messages', async () => {
    const { store, service, metrics } = setup();
    store.add(Array.from({ length: 20 }, (_, i) => report(i, T0 + i * 1000)));
    const first = value(await service.page('s1', query({ pageSize: 1, unitIds: ['u1', 'u2'] })));
    expect(await service.page('s1', query({ cursor: 'not-a-cursor' }))).toEqual({ ok: false, error: CURSOR_ERRORS.invalid });
    // Another window, or other units: refused.
    expect(await service.page('s1', query({ cursor: first.next!, to: iso(T0 + 60_000) }))).toEqual({ ok: false, error: CURSOR_ERRORS.foreign });
    expect(await service.page('s1', query({ cursor: first.next!, unitIds: ['u1'] }))).toEqual({ ok: false, error: CURSOR_ERRORS.foreign });
    // The same units in another order are the same query.
    expect((await service.page('s1', query({ pageSize: 1, cursor: first.next!, unitIds: ['u2', 'u1'] }))).ok).toBe(true);
    // A cursor pointing outside its own window was not made by the server.
    const forged = encodeCursor({ operationId: OP, fromMs: T0, toMs: T0 + 3600_000 }, { timeMs: T0 - 1, seq: 1 }, 10);
    expect(await service.page('s1', query({ cursor: forged }))).toEqual({ ok: false, error: CURSOR_ERRORS.invalid });
    expect(metrics.get('history.refused.badCursor')).toBe(4);
  });

  it('answers one request at a time per connection: a second in flight is refused, other connections go on', async () => {
    const { store, service, metrics } = setup();
    store.add([report(1, T0 + 1000)]);
    let open!: () => void;
    store.hold = new Promise((r) => (open = r));
    const first = service.page('s1', query());
    const second = await service.page('s1', query());
    expect(second).toEqual({ ok: false, error: HISTORY_ERRORS.oneAtATime });
    const other = service.page('s2', query());
    open();
    expect(value(await first).positions).toHaveLength(1);
    expect(value(await other).positions).toHaveLength(1);
    // Once answered, the connection may ask again.
    expect((await service.page('s1', query())).ok).toBe(true);
    expect(metrics.get('history.refused.oneAtATime')).toBe(1);
  });

  it('reads at most historyConcurrency pages at once, queues the next ones in order, refuses beyond the queue', async () => {
    const { store, service, metrics } = setup({ historyConcurrency: 2, historyQueueMax: 2 });
    store.add([report(1, T0 + 1000)]);
    let open!: () => void;
    store.hold = new Promise((r) => (open = r));
    const answered: string[] = [];
    const asks = ['a', 'b', 'c', 'd'].map((s) => service.page(s, query()).then((r) => (answered.push(s), r)));
    await settle();
    expect(store.queries).toHaveLength(2); // a and b read; c and d wait
    const snap = metrics.snapshot().gauges;
    expect([snap['history.active'], snap['history.queued']]).toEqual([2, 2]);
    expect(await service.page('e', query())).toEqual({ ok: false, error: HISTORY_ERRORS.busy });
    expect(metrics.get('history.refused.busy')).toBe(1);
    open();
    const results = await Promise.all(asks);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(answered).toEqual(['a', 'b', 'c', 'd']);
    expect(metrics.snapshot().gauges['history.active']).toBe(0);
  });

  it('skips the read of a request whose connection closed while it waited', async () => {
    const { store, service, metrics } = setup({ historyConcurrency: 1 });
    let open!: () => void;
    store.hold = new Promise((r) => (open = r));
    const first = service.page('a', query());
    let connected = true;
    const queued = service.page('b', query(), () => connected);
    await settle();
    connected = false;
    open();
    await first;
    expect((await queued).ok).toBe(false);
    expect(store.queries).toHaveLength(1);
    expect(metrics.get('history.abandoned')).toBe(1);
  });

  it('refuses a window that ends before it starts', async () => {
    const { service } = setup();
    expect((await service.page('s', query({ from: iso(T0 + 1000), to: iso(T0) }))).ok).toBe(false);
  });
});
