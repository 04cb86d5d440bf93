/**
 * Fan-out encodes each distinct delta once: subscribers that are up to date share the tick's broadcast, and
 * subscribers that missed the same ticks (slow links) share ONE merged delta, instead of one encoding per client.
 * What each client receives must be exactly what it would get on its own. The hub runs against a recording `io`
 * and fake connections whose write buffers the test fills and empties, so which tick a client misses is decided here.
 */
import { describe, expect, it } from 'vitest';
import type { Delta } from '../shared/protocol';
import { Admission } from './admission';
import { devConfig } from './config';
import { Hub, type CordonServer, type CordonSocket } from './hub';
import { Metrics } from './metrics';
import { MemoryStore } from './store/memoryStore';
import { report } from './testing';
import { TokenBucket } from './util';

const OP = 'op-groups';

interface Emitted {
  to: string[];
  event: string;
  payload: unknown;
}

function fakeSocket(id: string) {
  const conn = { readyState: 'open', writeBuffer: [] as unknown[] };
  const own: Emitted[] = [];
  const socket = {
    id,
    conn,
    data: { role: 'viewer', name: id, userName: id, subs: new Set<string>(), bucket: new TokenBucket(100, 100, 0), refused: 0, warned: false },
    join: () => undefined,
    leave: () => undefined,
    emit: (event: string, payload: unknown) => own.push({ to: [id], event, payload }),
  };
  return { socket: socket as unknown as CordonSocket, conn, own };
}

function setup() {
  let clock = Date.parse('2026-12-05T03:00:00Z');
  const sent: Emitted[] = [];
  const io = {
    local: { to: (to: string | string[]) => ({ emit: (event: string, payload: unknown) => sent.push({ to: [to].flat(), event, payload }) }) },
  } as unknown as CordonServer;
  const config = devConfig();
  const hub = new Hub({
    config,
    store: new MemoryStore(),
    metrics: new Metrics(),
    log: () => undefined,
    io,
    admission: new Admission({ config, backlog: () => 0, now: () => clock }),
    now: () => clock,
  });
  const advance = (ms: number) => (clock += ms);
  const at = () => new Date(clock).toISOString();
  return { hub, sent, advance, at };
}

describe('fan-out groups', () => {
  it('sends subscribers that missed the same ticks one shared merged delta, identical to what each would get alone', () => {
    const { hub, sent, advance, at } = setup();
    const a = fakeSocket('a');
    const b = fakeSocket('b');
    const c = fakeSocket('c');
    const d = fakeSocket('d');
    for (const s of [a, b, c, d]) expect(hub.subscribe(s.socket, OP).ok).toBe(true);

    // Tick 1: a and b cannot take a packet (their links are backed up); c and d can.
    a.conn.writeBuffer = [1, 2];
    b.conn.writeBuffer = [1, 2];
    hub.ingest(OP, [report('u1', { time: at(), lon: -0.1 }), report('u2', { time: at() })]);
    hub.tick();
    // Tick 2: d is backed up too now.
    advance(100);
    d.conn.writeBuffer = [1, 2];
    hub.ingest(OP, [report('u1', { time: at(), lon: -0.2 }), report('u3', { time: at() })]);
    hub.tick();
    // Tick 3: everyone can take a packet again.
    advance(100);
    for (const s of [a, b, d]) s.conn.writeBuffer = [];
    sent.length = 0;
    hub.ingest(OP, [report('u4', { time: at() })]);
    hub.tick();

    const deltas = sent.filter((e) => e.event === 'delta');
    // One packet for c (up to date), one for a+b (missed ticks 1-2), one for d (missed tick 2 only).
    expect(deltas.map((e) => e.to.sort())).toEqual(expect.arrayContaining([['c'], ['a', 'b'], ['d']]));
    expect(deltas).toHaveLength(3);
    const to = (id: string) => deltas.find((e) => e.to.includes(id))!.payload as Delta;
    const ab = to('a');
    expect(ab.fromSeq).toBe(0);
    expect(ab.seq).toBe(3);
    // The newest report of every unit changed since the client's seq, once each, and nothing else.
    expect(ab.units.map((u) => [u.id, u.lon]).sort()).toEqual([
      ['u1', -0.2],
      ['u2', -0.126],
      ['u3', -0.126],
      ['u4', -0.126],
    ]);
    const dd = to('d');
    expect(dd.fromSeq).toBe(1);
    expect(dd.units.map((u) => u.id).sort()).toEqual(['u1', 'u3', 'u4']);
    expect(to('c')).toMatchObject({ fromSeq: 2, seq: 3, units: [expect.objectContaining({ id: 'u4' })] });
    // Nothing went to a client one by one.
    expect([a, b, c, d].flatMap((s) => s.own)).toEqual([]);
    expect(hub['metrics'].get('deltas.merged')).toBe(3);
  });
});
