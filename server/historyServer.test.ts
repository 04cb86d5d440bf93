/**
 * History over real sockets: many viewers paging at once while a feed posts. The server must keep answering (health,
 * feed) and shed the excess with "busy" refusals and queueing rather than stall. No timing assertions here: the
 * figures are in bench/history-bench.ts.
 */
import { describe, expect, it } from 'vitest';
import { HISTORY_ERRORS, type HistoryResponse, type PositionReport } from '../shared/protocol';
import { MemoryStore } from './store/memoryStore';
import type { Store } from './store/types';
import { DEV_TOKENS, report, request, serverPerTest, startTestServer, type Client } from './testing';

const OP = 'op-history';

/** The memory store, reading pages slowly (as a worker-thread read of a big store would), so that requests pile up. */
function slowPagingStore(delayMs: number): Store {
  const store = new MemoryStore();
  const page = store.positionPage.bind(store);
  store.positionPage = async (q) => {
    // The slowness is the point (requests must pile up), not a wait for something.
    await new Promise((r) => setTimeout(r, delayMs));
    return page(q);
  };
  return store;
}

/** Every page of one query, retrying "busy" refusals; returns the positions and how many times it was told busy. */
async function readAll(viewer: Client, q: object): Promise<{ positions: PositionReport[]; busy: number }> {
  const positions: PositionReport[] = [];
  let busy = 0;
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const r = await request<HistoryResponse>(viewer, 'history', { ...q, ...(cursor ? { cursor } : {}) }, 20_000);
    if (!r.ok) {
      if (r.error !== HISTORY_ERRORS.busy) throw new Error(r.error);
      busy++;
      // A client's back-off after "busy", as the app's would be.
      await new Promise((res) => setTimeout(res, 20 + Math.random() * 30));
      continue;
    }
    positions.push(...r.value.positions);
    cursor = r.value.next;
    if (!cursor) return { positions, busy };
  }
  throw new Error('too many pages');
}

describe('history over sockets', () => {
  const t = serverPerTest();

  it('serves 12 viewers paging at once, queueing and refusing the excess, while health and the feed keep answering', async () => {
    const store = slowPagingStore(40);
    t.server = await startTestServer({ store, config: { limits: { historyPageSize: 500, historyConcurrency: 2, historyQueueMax: 3 } } });
    const to = Date.now() - 1000;
    const from = to - 30 * 60_000;
    const recorded = Array.from({ length: 3000 }, (_, i) => report(`u${i % 100}`, { time: new Date(from + i * 500).toISOString() }));
    await store.writePositions(OP, recorded);

    const feed = await t.open(DEV_TOKENS.feed);
    const viewers = await Promise.all(Array.from({ length: 12 }, () => t.open(DEV_TOKENS.viewer)));
    const q = { operationId: OP, from: new Date(from).toISOString(), to: new Date(to).toISOString() };

    let stop = false;
    let feedAnswers = 0;
    let healthAnswers = 0;
    const feeding = (async () => {
      for (let i = 0; !stop && i < 500; i++) {
        const r = await request(feed, 'positions', { operationId: OP, positions: [report('live1'), report('live2')] });
        if (r.ok) feedAnswers++;
        // Background load at a feed's pace while the viewers page.
        await new Promise((res) => setTimeout(res, 25));
      }
    })();
    const probing = (async () => {
      for (let i = 0; !stop && i < 500; i++) {
        const res = await fetch(`${t.server!.url}/health`);
        if (res.ok) healthAnswers++;
        // A health probe's pace, as above.
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    // One connection asking twice at once: the second is refused, the first goes on.
    const [a, b] = await Promise.all([
      request<HistoryResponse>(viewers[0]!, 'history', q, 20_000),
      request<HistoryResponse>(viewers[0]!, 'history', q, 20_000),
    ]);
    expect([a, b].filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([HISTORY_ERRORS.oneAtATime]);

    const results = await Promise.all(viewers.map((v) => readAll(v, q)));
    stop = true;
    await Promise.all([feeding, probing]);

    for (const r of results) {
      expect(r.positions).toHaveLength(3000);
      expect(r.positions.map((p) => p.time)).toEqual(recorded.map((p) => p.time));
    }
    const m = t.server.metrics;
    expect(m.get('history.refused.busy')).toBeGreaterThan(0);
    expect(results.reduce((n, r) => n + r.busy, 0)).toBe(m.get('history.refused.busy'));
    expect(m.get('history.waitMsMax')).toBeGreaterThan(0); // some waited in the queue
    expect(m.get('history.pages')).toBeGreaterThanOrEqual(12 * 6);
    expect(healthAnswers).toBeGreaterThan(0);
    expect(feedAnswers).toBeGreaterThan(0);

    const metrics = await fetch(`${t.server.url}/metrics`, { headers: { authorization: `Bearer ${DEV_TOKENS.controller}` } });
    const body = (await metrics.json()) as { gauges: Record<string, number> };
    expect(Object.keys(body.gauges)).toEqual(
      expect.arrayContaining(['eventLoop.lagP50Ms', 'eventLoop.lagP99Ms', 'eventLoop.lagMaxMs', 'history.active', 'history.queued']),
    );
  }, 60_000);
});
