import { describe, expect, it } from 'vitest';
import type { PositionReport } from '../shared/protocol';
import { Metrics } from './metrics';
import { PositionRelay, type PositionRelayOptions } from './positionRelay';
import { report } from './testing';

/**
 * The relay's bookkeeping against a stand-in Redis whose publish can be made to fail (the real-Redis behaviour, two
 * processes and a refusing redis-server, is in relayFailure.test.ts).
 */
function relayWith(o: Partial<PositionRelayOptions> = {}) {
  const published: string[] = [];
  let failing = false;
  const received: PositionReport[][] = [];
  let listener: ((m: Buffer) => void) | null = null;
  const pub = {
    publish: (_channel: string, message: string) => {
      if (failing) return Promise.reject(new Error('Timeout'));
      published.push(message);
      return Promise.resolve(1);
    },
  };
  const sub = {
    subscribe: (_channel: string, l: (m: Buffer) => void) => {
      listener = l;
      return Promise.resolve();
    },
  };
  const metrics = new Metrics();
  const relay = new PositionRelay({
    pub: pub as unknown as PositionRelayOptions['pub'],
    sub: sub as unknown as PositionRelayOptions['sub'],
    metrics,
    onError: () => undefined,
    onReports: (_op, reports) => received.push(reports),
    ...o,
  });
  relay.listen();
  const sent = () => published.map((m) => JSON.parse(m.slice(m.indexOf('\n') + 1)) as [string, PositionReport[], [string, string][]]);
  return {
    relay,
    metrics,
    received,
    sent,
    published,
    fail: (f: boolean) => (failing = f),
    deliver: (m: string) => listener!(Buffer.from(m)),
  };
}
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();

describe('PositionRelay', () => {
  it('sends the newest held report of each unit with the next publish after one failed, never an older over a newer', async () => {
    const r = relayWith();
    r.fail(true);
    expect(await r.relay.publish('op', [report('a', { time: at(1), lon: 1 }), report('b', { time: at(1), lon: 1 })], [['a', '911']])).toBe(false);
    expect(await r.relay.publish('op', [report('a', { time: at(2), lon: 2 })], [])).toBe(false);
    expect(r.metrics.snapshot().gauges['redis.positionsUnsent']).toBe(2);
    r.fail(false);
    // The next publish carries a newer report of b: the held one of b is dropped, a's newest goes along with its label.
    expect(await r.relay.publish('op', [report('b', { time: at(3), lon: 3 })], [])).toBe(true);
    const [[op, reports, labels]] = r.sent() as [[string, PositionReport[], [string, string][]]];
    expect(op).toBe('op');
    expect(reports.map((x) => [x.id, x.lon]).sort()).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
    expect(labels).toEqual([['a', '911']]);
    expect(r.metrics.snapshot().counters['redis.positionsResent']).toBe(1);
    // The second failed publish carried b's held report along: 2 + 2.
    expect(r.metrics.snapshot().counters['redis.positionsPublishFailed']).toBe(4);
    expect(r.metrics.snapshot().gauges['redis.positionsUnsent']).toBe(0);
  });

  it('resends on its own when nothing more is published, and holds at most the configured number of units', async () => {
    const r = relayWith({ maxUnsentUnits: 2 });
    r.fail(true);
    await r.relay.publish('op', [report('a', { time: at(1) }), report('b', { time: at(1) }), report('c', { time: at(1) })], []);
    expect(r.metrics.snapshot().counters['redis.unsentDropped']).toBe(1);
    r.fail(false);
    r.relay.retryUnsent();
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.sent().flatMap(([, reports]) => reports.map((x) => x.id))).toEqual(['a', 'b']);
    expect(r.metrics.snapshot().gauges['redis.positionsUnsent']).toBe(0);
  });

  it("takes other processes' reports and drops its own by their first bytes", () => {
    const r = relayWith();
    r.deliver(`${r.relay.sender}\n${JSON.stringify(['op', [report('mine')], []])}`);
    r.deliver(`0123456789abcdef\n${JSON.stringify(['op', [report('theirs')], []])}`);
    r.deliver('0123456789abcdef\nnot json');
    expect(r.received.map((reports) => reports.map((x) => x.id))).toEqual([['theirs']]);
    expect(r.metrics.snapshot().counters['redis.relayMalformed']).toBe(1);
  });
});
