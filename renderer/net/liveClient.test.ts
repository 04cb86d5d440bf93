/**
 * The socket wrapper against the real command server (server/createServer on port 0, in memory): authentication,
 * snapshot then deltas, invalid payloads dropped and counted, gaps and server resyncs answered with a fresh snapshot,
 * recovery after a restart, history and acknowledgements. The server's clock is the test's and its tick is driven by
 * the test (`hub.tick()`), so every delta and heartbeat comes when the test says. Faults a healthy server never
 * makes (a malformed message, a delta lost on the way) go in through its test hooks (server/testHooks.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { delta, iso, report as fixtureReport } from '../../shared/live/fixtures';
import type { PositionReport } from '../../shared/protocol';
import type { CommandServer } from '../../server/createServer';
import type { ServerTestHooks } from '../../server/testHooks';
import { DEV_TOKENS, startTestServer, startRedis, haveRedis } from '../../server/testing';
import { connectLive, type ClusterLinkState, type LinkState, type LiveConnection } from './liveClient';

const OP = 'op-live-client';

/** A server whose clock and tick the test drives, with a hook that loses the next delta when asked. */
async function startServer(o: { port?: number; redisUrl?: string; historyPageSize?: number } = {}) {
  let clock = Date.now();
  let loseNext = false;
  const hooks: ServerTestHooks = {
    loseDelta: () => {
      const lose = loseNext;
      loseNext = false;
      return lose;
    },
  };
  // The longest tick the config allows: the test calls hub.tick() itself.
  const { historyPageSize, ...rest } = o;
  const server = await startTestServer({
    tickMs: 5000,
    now: () => clock,
    testing: hooks,
    ...(historyPageSize ? { config: { limits: { historyPageSize } } } : {}),
    ...rest,
  });
  servers.push(server);
  return {
    server,
    /** Positions as a feed sends them, then one tick: one delta to every subscriber that is up to date. */
    send(reports: PositionReport[], operationId = OP) {
      const r = server.hub.ingest(operationId, reports);
      if (!r.ok) throw new Error(r.error);
      server.hub.tick();
    },
    /** Let the operation be quiet long enough for a heartbeat, and tick. */
    quietTick() {
      clock += 10_000;
      server.hub.tick();
    },
    loseNextDelta() {
      loseNext = true;
    },
    report: (id: string, over: Partial<PositionReport> = {}) => fixtureReport(id, { at: clock, source: 'feed', ...over }),
    emitRaw: (event: string, payload: unknown) => server.testing!.emitRaw(event, payload),
    subscriptions: () => server.metrics.get('subscriptions.made'),
  };
}

const open: LiveConnection[] = [];
const servers: CommandServer[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close().catch(() => undefined);
  for (const c of cleanups.splice(0)) await c();
});

function connect(url: string, token: string = DEV_TOKENS.controller) {
  const c = connectLive({ url, token, userName: 'Sgt Test', reconnectDelayMs: 50, reconnectDelayMaxMs: 200, requestTimeoutMs: 2000 });
  open.push(c);
  const links: LinkState[] = [];
  c.onLink((l) => links.push(l));
  return { c, links };
}

function record(c: LiveConnection, operationId = OP) {
  const log: string[] = [];
  const problems: string[] = [];
  const alertIds: string[] = [];
  const sub = c.subscribe(operationId, {
    onSnapshot: (s) => log.push(`snapshot ${s.seq} ${s.units.length}`),
    onDelta: (d) => {
      log.push(`delta ${d.seq} ${d.units.length}`);
      alertIds.push(...d.alerts.map((a) => a.id));
    },
    onProblem: (p) => problems.push(p),
  });
  return { log, problems, alertIds, sub };
}

/** The seq of the one snapshot line in a log so far. */
const snapshotSeq = (line: string | undefined) => Number(/^snapshot (\d+)/.exec(line ?? '')?.[1] ?? NaN);

describe('connectLive against the command server', () => {
  it('authenticates with its token, takes a snapshot, then deltas in order', async () => {
    const s = await startServer();
    s.send([s.report('a'), s.report('b')]);
    const { c, links } = connect(s.server.url);
    const you: unknown[] = [];
    const log: string[] = [];
    c.subscribe(OP, {
      onSnapshot: (snap) => (log.push(`snapshot ${snap.units.length}`), you.push(snap.you)),
      onDelta: (d) => log.push(`delta ${d.units.length}`),
    });
    await vi.waitFor(() => expect(log).toEqual(['snapshot 2']));
    expect(links.map((l) => l.phase)).toEqual(['connecting', 'connected']);
    // The server took this connection for the token's user, whatever name the screen typed.
    expect(you[0]).toMatchObject({ role: 'controller' });
    s.send([s.report('a', { lat: 51.522 })]);
    await vi.waitFor(() => expect(log).toHaveLength(2));
    s.send([s.report('b', { lat: 51.523 }), s.report('c')]);
    s.send([s.report('x')], 'another-operation');
    await vi.waitFor(() => expect(log).toEqual(['snapshot 2', 'delta 1', 'delta 2']));
    expect(c.stats()).toMatchObject({ snapshots: 1, deltas: 2, invalidMessages: 0, gaps: 0 });
  });

  it('drops and counts invalid payloads: a bad envelope whole, a bad unit alone', async () => {
    const s = await startServer();
    const { c } = connect(s.server.url);
    const { log, problems } = record(c);
    await vi.waitFor(() => expect(log).toHaveLength(1));
    const seq = snapshotSeq(log[0]);
    s.emitRaw('delta', { garbage: true });
    s.emitRaw('delta', delta(seq + 1, [s.report('a'), { ...s.report('b'), lat: 999 }], { operationId: OP, fromSeq: seq }));
    await vi.waitFor(() => expect(log).toHaveLength(2));
    expect(log[1]).toBe(`delta ${seq + 1} 1`);
    expect(c.stats()).toMatchObject({ invalidMessages: 1, invalidItems: 1 });
    expect(problems.join(' ')).toMatch(/invalid/);
  });

  it('answers a lost delta (a sequence gap), and a resync from the server, with a fresh snapshot', async () => {
    const s = await startServer();
    const { c } = connect(s.server.url);
    const { log } = record(c);
    await vi.waitFor(() => expect(log).toHaveLength(1));
    const seq = snapshotSeq(log[0]);
    s.send([s.report('a')]);
    await vi.waitFor(() => expect(log).toHaveLength(2));
    s.loseNextDelta();
    s.send([s.report('b')]);
    // The next one does not follow on from what the screen holds: it asks for a snapshot, which has both units.
    s.send([s.report('c')]);
    await vi.waitFor(() => expect(log).toHaveLength(3));
    expect(log).toEqual([`snapshot ${seq} 0`, `delta ${seq + 1} 1`, `snapshot ${seq + 3} 3`]);
    expect(c.stats()).toMatchObject({ gaps: 1 });
    expect(s.subscriptions()).toBe(2);

    s.send([s.report('d')]);
    await vi.waitFor(() => expect(log).toHaveLength(4));
    s.emitRaw('resync', { operationId: OP, reason: 'slow client' });
    await vi.waitFor(() => expect(log).toHaveLength(5));
    expect(log.slice(3)).toEqual([`delta ${seq + 4} 1`, `snapshot ${seq + 4} 4`]);
    expect(s.subscriptions()).toBe(3);
  });

  it('counts heartbeats as traffic, drops invalid ones, and answers one ahead of the seq held (a lost last delta) with a fresh snapshot', async () => {
    const s = await startServer();
    const { c } = connect(s.server.url);
    const log: string[] = [];
    const beats: { seq: number; at: number }[] = [];
    c.subscribe(OP, {
      onSnapshot: (snap) => log.push(`snapshot ${snap.seq}`),
      onDelta: (d) => log.push(`delta ${d.seq}`),
      onHeartbeat: (h, at) => beats.push({ seq: h.seq, at }),
    });
    await vi.waitFor(() => expect(log).toHaveLength(1));
    const seq = snapshotSeq(log[0]);
    s.quietTick();
    s.emitRaw('heartbeat', { operationId: 'not-watched', seq: 99, serverTime: iso(Date.now()) });
    s.emitRaw('heartbeat', { operationId: OP, seq: 'ten' });
    // The server sends nothing new to a socket with packets still on their way: let each arrive before the next tick.
    await vi.waitFor(() => expect(c.stats()).toMatchObject({ heartbeats: 1, invalidMessages: 1 }));
    s.send([s.report('a')]);
    await vi.waitFor(() => expect(log).toHaveLength(2));
    s.quietTick();
    await vi.waitFor(() => expect(beats).toHaveLength(2));
    expect(beats.map((b) => b.seq)).toEqual([seq, seq + 1]);
    expect(beats[0]!.at).toBeGreaterThan(0);
    expect(c.stats()).toMatchObject({ heartbeats: 2, invalidMessages: 1, gaps: 0 });
    expect(s.subscriptions()).toBe(1);

    // The last delta is lost on the way; the operation then goes quiet and its heartbeat says it sent one more.
    s.loseNextDelta();
    s.send([s.report('b')]);
    s.quietTick();
    await vi.waitFor(() => expect(log).toHaveLength(3));
    expect(log).toEqual([`snapshot ${seq}`, `delta ${seq + 1}`, `snapshot ${seq + 2}`]);
    expect(c.stats()).toMatchObject({ heartbeats: 3, gaps: 1 });
    expect(s.subscriptions()).toBe(2);
    // Carrying on from the new snapshot: a heartbeat at its seq is just traffic.
    s.quietTick();
    await vi.waitFor(() => expect(beats).toHaveLength(4));
    expect(beats.at(-1)!.seq).toBe(seq + 2);
    expect(c.stats()).toMatchObject({ gaps: 1 });
    expect(s.subscriptions()).toBe(2);
  });

  it('reports a refused connection with the reason, and does not hammer the server', async () => {
    const s = await startServer();
    const { links } = connect(s.server.url, 'wrong-token-123');
    await vi.waitFor(() => expect(links.at(-1)).toMatchObject({ phase: 'rejected', reason: expect.stringMatching(/unknown token/) }));
    expect(s.server.metrics.get('connections.refused.unknownToken')).toBe(1);
    // Proving a retry does NOT come needs a window of time: longer than the longest backoff (200 ms here).
    await new Promise((r) => setTimeout(r, 300));
    expect(s.server.metrics.get('connections.refused.unknownToken')).toBe(1);
  });

  it('shows the link down when the server stops, and recovers with a fresh snapshot when it is back', async () => {
    const first = await startServer();
    const { c, links } = connect(first.server.url);
    const { log } = record(c);
    await vi.waitFor(() => expect(log).toHaveLength(1));
    await first.server.close();
    await vi.waitFor(() => expect(links.at(-1)?.phase).toBe('down'));
    const downSince = links.at(-1)!.since;
    // The same address again: a restarted server, with two units already reported.
    const again = await startServer({ port: first.server.httpPort });
    again.send([again.report('a'), again.report('b')]);
    await vi.waitFor(() => expect(log).toHaveLength(2), 10_000);
    expect(log[1]).toMatch(/^snapshot \d+ 2$/);
    expect(links.at(-1)!.phase).toBe('connected');
    expect(links.at(-1)!.since).toBeGreaterThanOrEqual(downSince);
  });

  it('acknowledges an alert as the authenticated user and returns the server answer; fetches the history', async () => {
    const s = await startServer();
    const { c } = connect(s.server.url);
    const { log, alertIds } = record(c);
    await vi.waitFor(() => expect(log).toHaveLength(1));
    const from = Date.now() - 60_000;
    s.send([s.report('a'), s.report('b', { status: 'emergency' })]);
    await vi.waitFor(() => expect(alertIds).toHaveLength(1));
    const acked = await c.ackAlert(OP, alertIds[0]!);
    expect(acked).toMatchObject({
      ok: true,
      value: { id: alertIds[0], kind: 'emergency', acknowledgedBy: 'Dev controller (controller, at the screen: Sgt Test)' },
    });
    const h = await c.history({ operationId: OP, fromMs: from, toMs: Date.now() + 60_000 });
    expect(h.ok && h.value.value.positions.map((p) => p.id).sort()).toEqual(['a', 'b']);
    expect(h.ok && h.value.dropped).toBe(0);
  });

  it('reads history page by page with progress, one request at a time on the connection', async () => {
    // One position a page, so that two units take two pages.
    const s = await startServer({ historyPageSize: 1 });
    const { c, links } = connect(s.server.url);
    await vi.waitFor(() => expect(links.at(-1)?.phase).toBe('connected'));
    const from = Date.now() - 60_000;
    s.send([s.report('a'), s.report('b')]);
    const progress: number[] = [];
    const query = { operationId: OP, fromMs: from, toMs: Date.now() + 60_000 };
    const [a, b] = await Promise.all([c.history({ ...query, onProgress: (n) => progress.push(n) }), c.history({ ...query, unitIds: ['a'] })]);
    expect(a.ok && a.value.value.positions.map((p) => p.id).sort()).toEqual(['a', 'b']);
    expect(a.ok && b.ok && [a.value.value.pages, b.value.value.pages]).toEqual([2, 1]);
    expect(progress).toEqual([1, 2]);
    // The server refuses a second history request in flight on one connection: none was.
    expect(s.server.metrics.get('history.refused.oneAtATime')).toBe(0);
    expect(s.server.metrics.get('history.pages')).toBe(3);
  });

  it('refuses a request while the link is down, with a message', async () => {
    const s = await startServer();
    const { c, links } = connect(s.server.url);
    await vi.waitFor(() => expect(links.at(-1)?.phase).toBe('connected'));
    await s.server.close();
    await vi.waitFor(() => expect(links.at(-1)?.phase).toBe('down'));
    const r = await c.ackAlert(OP, 'x');
    expect(r.ok).toBe(false);
  });

  it('falls back to HTTP long polling when WebSockets cannot open (a proxy that blocks them)', async () => {
    const s = await startServer();
    const proxy = await blockingWebSocketProxy(s.server.httpPort);
    const { c, links } = connect(proxy.url);
    const { log } = record(c);
    await vi.waitFor(() => expect(log).toHaveLength(1));
    expect(links.at(-1)!.phase).toBe('connected');
    expect(proxy.upgradesRefused()).toBeGreaterThan(0);
    expect(proxy.pollingRequests()).toBeGreaterThan(0);
    s.send([s.report('a')]);
    await vi.waitFor(() => expect(log).toHaveLength(2));
    expect(log[1]).toMatch(/^delta \d+ 1$/);
  });

  it.runIf(haveRedis())(
    "tracks the server's cluster link from snapshots and the clusterDown / clusterUp notices, and forgets it when the link drops",
    async () => {
      const redis = await startRedis();
      cleanups.push(() => redis.stop());
      const s = await startServer({ redisUrl: redis.url });
      const { c, links } = connect(s.server.url);
      const states: ClusterLinkState['state'][] = [];
      c.onCluster((state) => states.push(state.state));
      const { log, problems } = record(c);
      await vi.waitFor(() => expect(log).toHaveLength(1));
      expect(states).toEqual([null, 'up']);
      // Redis goes away: the server says so.
      await redis.stop();
      await vi.waitFor(() => expect(states.at(-1)).toBe('down'), 10_000);
      expect(problems.join(' ')).toMatch(/Cluster link down/);
      // A screen that subscribes during an outage learns it from the snapshot.
      s.emitRaw('resync', { operationId: OP, reason: 'test' });
      await vi.waitFor(() => expect(log).toHaveLength(2));
      expect(states.at(-1)).toBe('down');
      // A notice the protocol does not know is dropped and counted, and changes nothing.
      s.emitRaw('notice', { code: 'somethingNew', message: 'x' });
      await vi.waitFor(() => expect(c.stats().invalidMessages).toBe(1));
      // Redis is back on the same port: so is the link.
      const back = await startRedis({ port: redis.port });
      cleanups.push(() => back.stop());
      await vi.waitFor(() => expect(states.at(-1)).toBe('up'), 20_000);
      await s.server.close();
      await vi.waitFor(() => expect(links.at(-1)?.phase).toBe('down'));
      expect(states.at(-1)).toBeNull();
    },
  );

  it('knows of no cluster when snapshots do not mention one (a single server)', async () => {
    const s = await startServer();
    const { c } = connect(s.server.url);
    const states: ClusterLinkState['state'][] = [];
    c.onCluster((state) => states.push(state.state));
    const { log } = record(c);
    await vi.waitFor(() => expect(log).toHaveLength(1));
    expect(states).toEqual([null]);
  });
});

/**
 * An HTTP proxy in front of the server that passes plain requests (socket.io's long polling) and refuses every
 * WebSocket upgrade, as some corporate proxies do.
 */
async function blockingWebSocketProxy(targetPort: number) {
  let upgradesRefused = 0;
  let pollingRequests = 0;
  const proxy = http.createServer((req, res) => {
    pollingRequests++;
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on('upgrade', (_req, socket) => {
    upgradesRefused++;
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    upgradesRefused: () => upgradesRefused,
    pollingRequests: () => pollingRequests,
  };
}
