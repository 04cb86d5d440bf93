/**
 * The socket wrapper against a real socket.io server on loopback that speaks the protocol (a stand-in for the
 * command server, so these tests do not depend on server/): authentication, snapshot then deltas, invalid payloads
 * dropped and counted, gaps and server resyncs answered with a fresh snapshot, and recovery after a restart.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';
import { alert, delta, report, snapshot, T0, iso } from '../../shared/live/fixtures';
import { connectLive, type ClusterLinkState, type LinkState, type LiveConnection } from './liveClient';

type ServerSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Fake {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  http: HttpServer;
  url: string;
  port: number;
  subscribes: number;
  sockets: ServerSocket[];
  seq: number;
  handshakes: unknown[];
  /** What snapshots say of the server's cluster link (absent: a single server). */
  cluster?: 'up' | 'down';
  /** History requests being answered at once, at most. */
  historyMaxInFlight: number;
}

async function startFake(port = 0, o: { transports?: ('polling' | 'websocket')[] } = {}): Promise<Fake> {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    pingInterval: 1000,
    pingTimeout: 1000,
    ...(o.transports ? { transports: o.transports } : {}),
  });
  const fake = { io, http, url: '', port: 0, subscribes: 0, sockets: [], seq: 10, handshakes: [], historyMaxInFlight: 0 } as Fake;
  let historyInFlight = 0;
  io.use((socket, next) => {
    fake.handshakes.push(socket.handshake.auth);
    if (socket.handshake.auth.token !== 'dev-controller-token') return next(new Error('Unknown token'));
    next();
  });
  io.on('connection', (socket) => {
    fake.sockets.push(socket);
    socket.on('subscribe', (req, ack) => {
      fake.subscribes++;
      void socket.join(req.operationId);
      ack({
        ok: true,
        value: snapshot([report('a'), report('b')], { operationId: req.operationId, seq: fake.seq, ...(fake.cluster ? { cluster: fake.cluster } : {}) }),
      });
    });
    socket.on('alert:ack', (req, ack) => ack({ ok: true, value: alert(req.alertId, { acknowledgedBy: 'Insp Ack', acknowledgedAt: iso(T0 + 1000) }) }));
    // Two pages, answered a little later (so overlapping requests would show in historyMaxInFlight).
    socket.on('history', (req, ack) => {
      fake.historyMaxInFlight = Math.max(fake.historyMaxInFlight, ++historyInFlight);
      setTimeout(() => {
        historyInFlight--;
        if (!req.cursor) ack({ ok: true, value: { positions: [report('a'), { nonsense: true } as never], alerts: [], truncated: true, next: 'page-2' } });
        else ack({ ok: true, value: { positions: [report('b')], alerts: [], truncated: false } });
      }, 20);
    });
    socket.on('unsubscribe', (_req, ack) => ack({ ok: true, value: null }));
  });
  await new Promise<void>((r) => http.listen(port, '127.0.0.1', r));
  fake.port = (http.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

async function stopFake(f: Fake) {
  await new Promise<void>((r) => f.io.close(() => r()));
}

const open: LiveConnection[] = [];
const fakes: Fake[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  for (const f of fakes.splice(0)) await stopFake(f).catch(() => undefined);
});

function connect(f: Fake, token = 'dev-controller-token') {
  const c = connectLive({ url: f.url, token, userName: 'Sgt Test', reconnectDelayMs: 50, reconnectDelayMaxMs: 200, requestTimeoutMs: 2000 });
  open.push(c);
  const links: LinkState[] = [];
  c.onLink((l) => links.push(l));
  return { c, links };
}

function record(c: LiveConnection, operationId = 'op-1') {
  const log: string[] = [];
  const problems: string[] = [];
  const sub = c.subscribe(operationId, {
    onSnapshot: (s) => log.push(`snapshot ${s.seq} ${s.units.length}`),
    onDelta: (d) => log.push(`delta ${d.seq} ${d.units.length}`),
    onProblem: (p) => problems.push(p),
  });
  return { log, problems, sub };
}

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('connectLive', () => {
  it('authenticates with the protocol handshake, takes a snapshot, then deltas in order', async () => {
    const f = await startFake();
    fakes.push(f);
    const { c, links } = connect(f);
    const { log } = record(c);
    await until(() => log.length === 1);
    expect(links.map((l) => l.phase)).toEqual(['connecting', 'connected']);
    expect(f.handshakes[0]).toEqual({ token: 'dev-controller-token', protocolVersion: '1.0', userName: 'Sgt Test' });
    f.io.to('op-1').emit('delta', delta(11, [report('a', { at: T0 + 1000 })]));
    f.io.to('op-1').emit('delta', delta(12, []));
    f.io.to('other-op').emit('delta', delta(12, [], { operationId: 'other-op' }));
    await until(() => log.length === 3);
    expect(log).toEqual(['snapshot 10 2', 'delta 11 1', 'delta 12 0']);
    expect(c.stats()).toMatchObject({ snapshots: 1, deltas: 2, invalidMessages: 0 });
  });

  it('drops and counts invalid payloads: a bad envelope whole, a bad unit alone', async () => {
    const f = await startFake();
    fakes.push(f);
    const { c } = connect(f);
    const { log, problems } = record(c);
    await until(() => log.length === 1);
    f.io.emit('delta', { garbage: true } as never);
    f.io.emit('delta', delta(11, [report('a'), { ...report('b'), lat: 999 }]));
    await until(() => log.length === 2);
    expect(log[1]).toBe('delta 11 1');
    expect(c.stats()).toMatchObject({ invalidMessages: 1, invalidItems: 1 });
    expect(problems.join(' ')).toMatch(/invalid/);
  });

  it('answers a sequence gap, and a resync from the server, with a fresh snapshot', async () => {
    const f = await startFake();
    fakes.push(f);
    const { c } = connect(f);
    const { log } = record(c);
    await until(() => log.length === 1);
    f.seq = 20;
    f.io.emit('delta', delta(11, []));
    f.io.emit('delta', delta(13, []));
    await until(() => f.subscribes === 2 && log.length === 3);
    expect(log).toEqual(['snapshot 10 2', 'delta 11 0', 'snapshot 20 2']);
    expect(c.stats()).toMatchObject({ gaps: 1 });
    f.io.emit('delta', delta(21, []));
    f.seq = 30;
    f.io.emit('resync', { operationId: 'op-1', reason: 'slow client' });
    await until(() => log.length === 5);
    expect(log.slice(3)).toEqual(['delta 21 0', 'snapshot 30 2']);
  });

  it('counts heartbeats as traffic, drops invalid ones, and answers one ahead of the seq held (a lost last delta) with a fresh snapshot', async () => {
    const f = await startFake();
    fakes.push(f);
    const { c } = connect(f);
    const log: string[] = [];
    const beats: { seq: number; at: number }[] = [];
    c.subscribe('op-1', {
      onSnapshot: (s) => log.push(`snapshot ${s.seq}`),
      onDelta: (d) => log.push(`delta ${d.seq}`),
      onHeartbeat: (h, at) => beats.push({ seq: h.seq, at }),
    });
    await until(() => log.length === 1);
    f.io.emit('heartbeat', { operationId: 'op-1', seq: 10, serverTime: iso(T0) });
    f.io.emit('heartbeat', { operationId: 'op-1', seq: 'ten' } as never);
    f.io.emit('heartbeat', { operationId: 'not-watched', seq: 99, serverTime: iso(T0) });
    f.io.emit('delta', delta(11, []));
    f.io.emit('heartbeat', { operationId: 'op-1', seq: 11, serverTime: iso(T0 + 2000) });
    await until(() => beats.length === 2);
    expect(beats.map((b) => b.seq)).toEqual([10, 11]);
    expect(beats[0]!.at).toBeGreaterThan(0);
    expect(c.stats()).toMatchObject({ heartbeats: 2, invalidMessages: 1, gaps: 0 });
    expect(f.subscribes).toBe(1);

    // Delta 12 is lost on the way (the server never gets it to us); its next heartbeat says it sent up to 12.
    f.seq = 12;
    f.io.emit('heartbeat', { operationId: 'op-1', seq: 12, serverTime: iso(T0 + 4000) });
    await until(() => log.length === 3);
    expect(log).toEqual(['snapshot 10', 'delta 11', 'snapshot 12']);
    expect(c.stats()).toMatchObject({ heartbeats: 3, gaps: 1 });
    expect(f.subscribes).toBe(2);
    // Carrying on from the new snapshot: a heartbeat at its seq is just traffic.
    f.io.emit('heartbeat', { operationId: 'op-1', seq: 12, serverTime: iso(T0 + 6000) });
    await until(() => beats.length === 4);
    expect(c.stats()).toMatchObject({ gaps: 1 });
    expect(f.subscribes).toBe(2);
  });

  it('reports a refused connection with the reason, and does not hammer the server', async () => {
    const f = await startFake();
    fakes.push(f);
    const { links } = connect(f, 'wrong-token-123');
    await until(() => links.some((l) => l.phase === 'rejected'));
    expect(links.at(-1)).toMatchObject({ phase: 'rejected', reason: 'Unknown token' });
    const tries = f.handshakes.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(f.handshakes.length).toBe(tries);
  });

  it('shows the link down when the server stops, and recovers with a fresh snapshot when it is back', async () => {
    const f = await startFake();
    const { c, links } = connect(f);
    const { log } = record(c);
    await until(() => log.length === 1);
    const port = f.port;
    await stopFake(f);
    await until(() => links.at(-1)?.phase === 'down');
    const downSince = links.at(-1)!.since;
    const again = await startFake(port);
    fakes.push(again);
    again.seq = 50;
    await until(() => log.length === 2, 10_000);
    expect(log[1]).toBe('snapshot 50 2');
    expect(links.at(-1)!.phase).toBe('connected');
    expect(links.at(-1)!.since).toBeGreaterThanOrEqual(downSince);
  });

  it('acknowledges an alert and returns the server answer; fetches history, dropping invalid positions', async () => {
    const f = await startFake();
    fakes.push(f);
    const { c } = connect(f);
    const { log } = record(c);
    await until(() => log.length === 1);
    const acked = await c.ackAlert('op-1', 'x');
    expect(acked).toMatchObject({ ok: true, value: { id: 'x', acknowledgedBy: 'Insp Ack' } });
    const h = await c.history({ operationId: 'op-1', fromMs: T0 - 60_000, toMs: T0 });
    expect(h.ok && h.value.value.positions.map((p) => p.id)).toEqual(['a', 'b']);
    expect(h.ok && h.value.dropped).toBe(1);
  });

  it('reads history page by page with progress, one request at a time on the connection', async () => {
    const f = await startFake();
    fakes.push(f);
    const { c, links } = connect(f);
    await until(() => links.at(-1)?.phase === 'connected');
    const progress: number[] = [];
    const [a, b] = await Promise.all([
      c.history({ operationId: 'op-1', fromMs: T0 - 60_000, toMs: T0, onProgress: (n) => progress.push(n) }),
      c.history({ operationId: 'op-1', fromMs: T0 - 60_000, toMs: T0, unitIds: ['a'] }),
    ]);
    expect(a.ok && b.ok && [a.value.value.pages, b.value.value.pages]).toEqual([2, 2]);
    expect(progress).toEqual([1, 2]);
    expect(f.historyMaxInFlight).toBe(1);
  });

  it('refuses a request while the link is down, with a message', async () => {
    const f = await startFake();
    const { c, links } = connect(f);
    await until(() => links.at(-1)?.phase === 'connected');
    await stopFake(f);
    await until(() => links.at(-1)?.phase === 'down');
    const r = await c.ackAlert('op-1', 'x');
    expect(r.ok).toBe(false);
  });

  it('falls back to HTTP long polling when WebSockets cannot open (a proxy that blocks them)', async () => {
    // A server that takes long polling only stands in for a proxy that refuses the WebSocket.
    const f = await startFake(0, { transports: ['polling'] });
    fakes.push(f);
    const { c, links } = connect(f);
    const { log } = record(c);
    await until(() => log.length === 1);
    expect(links.at(-1)!.phase).toBe('connected');
    expect(f.sockets[0]!.conn.transport.name).toBe('polling');
    f.io.to('op-1').emit('delta', delta(11, [report('a', { at: T0 + 1000 })]));
    await until(() => log.length === 2);
    expect(log[1]).toBe('delta 11 1');
  });

  it("tracks the server's cluster link from snapshots and the clusterDown / clusterUp notices, and forgets it when the link drops", async () => {
    const f = await startFake();
    f.cluster = 'up';
    const { c, links } = connect(f);
    const states: ClusterLinkState['state'][] = [];
    c.onCluster((s) => states.push(s.state));
    const { log, problems } = record(c);
    await until(() => log.length === 1);
    expect(states).toEqual([null, 'up']);
    f.io.emit('notice', { code: 'clusterDown', message: 'cluster link down: serving its own sources only' });
    await until(() => states.length === 3);
    expect(states.at(-1)).toBe('down');
    expect(problems.join(' ')).toMatch(/Cluster link down/);
    // A notice the protocol does not know is dropped and counted, and changes nothing.
    f.io.emit('notice', { code: 'somethingNew', message: 'x' } as never);
    f.io.emit('notice', { code: 'clusterUp', message: 'cluster link up' });
    await until(() => states.length === 4);
    expect(states.at(-1)).toBe('up');
    expect(c.stats().invalidMessages).toBe(1);
    // A screen that subscribes during an outage learns it from the snapshot.
    f.cluster = 'down';
    f.io.emit('resync', { operationId: 'op-1', reason: 'test' });
    await until(() => states.length === 5);
    expect(states.at(-1)).toBe('down');
    await stopFake(f);
    await until(() => links.at(-1)?.phase === 'down');
    expect(states.at(-1)).toBeNull();
  });

  it('knows of no cluster when snapshots do not mention one (a single server)', async () => {
    const f = await startFake();
    fakes.push(f);
    const { c } = connect(f);
    const states: ClusterLinkState['state'][] = [];
    c.onCluster((s) => states.push(s.state));
    const { log } = record(c);
    await until(() => log.length === 1);
    expect(states).toEqual([null]);
  });
});
