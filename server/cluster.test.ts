import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Notice, Snapshot } from '../shared/protocol';
import type { CommandServer } from './createServer';
import { demoOperation, DEMO_OPERATION_ID } from './demo/demoOperation';
import {
  collectDeltas,
  connect,
  DEV_TOKENS,
  freePort,
  haveRedis,
  REDIS_SERVER,
  report,
  request,
  spawnServerProcess,
  startRedis,
  startTestServer,
  waitFor,
  type Client,
} from './testing';

const OP = 'op-cluster';
let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
let a: CommandServer | null = null;
let b: Awaited<ReturnType<typeof spawnServerProcess>> | null = null;
const clients: Client[] = [];

if (!haveRedis()) console.warn(`Skipping the Redis scale-out test: ${REDIS_SERVER} is not installed (apt-get install redis-server).`);

describe.skipIf(!haveRedis())('scale-out through Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await a?.close();
    await b?.stop();
    a = null;
    b = null;
  });

  it('gets a feed on process A to the clients of process B, and shares plans and acknowledgements', async () => {
    // A in this process, B in its own OS process; nothing joins them but Redis.
    [a, b] = await Promise.all([
      startTestServer({ redisUrl: redis!.url }),
      spawnServerProcess(['--redis', redis!.url, '--memory', '--no-cot', '--no-demo', '--tick-ms', '50']),
    ]);
    expect(a.url).not.toBe(b.url);

    const onB = await connect(b.url, DEV_TOKENS.controller, { userName: 'Control B' });
    const onA = await connect(a.url, DEV_TOKENS.viewer);
    const feedA = await connect(a.url, DEV_TOKENS.feed);
    const planner = await connect(a.url, DEV_TOKENS.planner);
    clients.push(onB, onA, feedA, planner);
    const deltasB = collectDeltas(onB);
    const deltasA = collectDeltas(onA);
    await request(onB, 'subscribe', { operationId: OP });
    await request(onA, 'subscribe', { operationId: OP });

    // The adapter's subscriptions take a moment to settle: keep feeding until B has a report.
    let n = 0;
    await waitFor(
      () => {
        if (deltasB.some((d) => d.units.some((u) => u.id.startsWith('from-a')))) return true;
        if (n < 100) void request(feedA, 'positions', { operationId: OP, positions: [report(`from-a-${n++}`)] });
        return false;
      },
      10_000,
      'a position fed on A at a client of B',
    );
    const metricsB = (await (await fetch(`${b.url}/metrics`, { headers: { authorization: `Bearer ${DEV_TOKENS.controller}` } })).json()) as {
      counters: Record<string, number>;
    };
    expect(metricsB.counters['redis.positionsReceived']).toBeGreaterThan(0);

    // An emergency fed on A, acknowledged on B: A's client sees B's acknowledgement.
    await request(feedA, 'positions', { operationId: OP, positions: [report('sos', { status: 'emergency', callSign: 'CX77' })] });
    const alert = await waitFor(() => deltasB.flatMap((d) => d.alerts).find((x) => x.kind === 'emergency'), 5000, 'the emergency on B');
    const acked = await request<Alert>(onB, 'alert:ack', { operationId: OP, alertId: alert.id });
    expect(acked.ok).toBe(true);
    const seenOnA = await waitFor(() => deltasA.flatMap((d) => d.alerts).find((x) => x.id === alert.id && x.acknowledgedBy), 5000, 'the ack on A');
    expect(seenOnA.acknowledgedBy).toBe('Dev controller (controller, at the screen: Control B)');

    // A plan published on A reaches B's clients.
    const plans: unknown[] = [];
    onB.on('plan', (p) => plans.push(p));
    await request(onB, 'subscribe', { operationId: DEMO_OPERATION_ID });
    expect((await request(planner, 'plan:publish', { plan: demoOperation() })).ok).toBe(true);
    await waitFor(() => plans.length > 0, 5000, 'the plan on B');
    const snap = await request<Snapshot>(onB, 'subscribe', { operationId: DEMO_OPERATION_ID });
    expect(snap.ok && snap.value.plan?.operation.name).toBe('Operation Demo');
  });

  it('survives a Redis outage: each process serves its own sources, clients are told, and the cluster rejoins when Redis returns', async () => {
    // Redis of its own: this test kills it.
    const own = await startRedis();
    const port = own.port;
    let back: Awaited<ReturnType<typeof startRedis>> | null = null;
    const logA: string[] = [];
    try {
      [a, b] = await Promise.all([
        startTestServer({ redisUrl: own.url, log: (line) => logA.push(line) }),
        spawnServerProcess(['--redis', own.url, '--memory', '--no-cot', '--no-demo', '--tick-ms', '50']),
      ]);
      const bExit = new Promise<number | null>((r) => b!.child.once('exit', (code) => r(code)));
      let bExited = false;
      void bExit.then(() => (bExited = true));

      const onA = await connect(a.url, DEV_TOKENS.viewer);
      const onB = await connect(b.url, DEV_TOKENS.viewer);
      const feedA = await connect(a.url, DEV_TOKENS.feed);
      const feedB = await connect(b.url, DEV_TOKENS.feed);
      clients.push(onA, onB, feedA, feedB);
      const noticesA: Notice[] = [];
      const noticesB: Notice[] = [];
      onA.on('notice', (n) => noticesA.push(n));
      onB.on('notice', (n) => noticesB.push(n));
      const deltasA = collectDeltas(onA);
      const deltasB = collectDeltas(onB);
      const snapA = await request<Snapshot>(onA, 'subscribe', { operationId: OP });
      expect(snapA.ok && snapA.value.cluster).toBe('up');
      await request(onB, 'subscribe', { operationId: OP });
      const seen = (deltas: typeof deltasA, prefix: string) => deltas.some((d) => d.units.some((u) => u.id.startsWith(prefix)));

      // The cluster works before the outage.
      let n = 0;
      await waitFor(
        () => {
          if (seen(deltasB, 'before-')) return true;
          if (n < 500) void request(feedA, 'positions', { operationId: OP, positions: [report(`before-${n++}`)] });
          return false;
        },
        20_000,
        'a position fed on A at a client of B before the outage',
      );

      // Redis goes away while both feeds keep posting, until both processes have said so to their clients and still
      // serve them their own feeds.
      await own.stop();
      const outageSeen = () =>
        noticesA.some((x) => x.code === 'clusterDown') &&
        noticesB.some((x) => x.code === 'clusterDown') &&
        seen(deltasA, 'down-a-') &&
        seen(deltasB, 'down-b-');
      for (let i = 0; !outageSeen(); i++) {
        if (i >= 100) throw new Error('timed out waiting for the clusterDown notices and the local feeds during the outage');
        await Promise.all([
          request(feedA, 'positions', { operationId: OP, positions: [report(`down-a-${i}`)] }),
          request(feedB, 'positions', { operationId: OP, positions: [report(`down-b-${i}`)] }),
        ]);
        // A feed's pace (one report each 200 ms), not a wait for something: the loop ends on the condition above.
        await new Promise((r) => setTimeout(r, 200));
      }
      // Both processes are alive and still serve their own clients their own feeds.
      expect(bExited).toBe(false);
      for (const url of [a.url, b.url]) expect((await fetch(`${url}/health`)).status).toBe(200);
      await waitFor(() => seen(deltasA, 'down-a-') && seen(deltasB, 'down-b-'), 8000, 'local feeds reaching local clients during the outage');
      await waitFor(() => noticesA.some((x) => x.code === 'clusterDown') && noticesB.some((x) => x.code === 'clusterDown'), 8000, 'the clusterDown notices');
      // A screen that subscribes now learns it from the snapshot.
      const late = await connect(a.url, DEV_TOKENS.viewer);
      clients.push(late);
      const lateSnap = await request<Snapshot>(late, 'subscribe', { operationId: OP });
      expect(lateSnap.ok && lateSnap.value.cluster).toBe('down');
      expect(logA.join('\n')).toMatch(/cluster link down/i);

      // Redis returns on the same port: the processes rejoin and A's feed reaches B again.
      back = await startRedis({ port });
      await waitFor(() => noticesA.some((x) => x.code === 'clusterUp') && noticesB.some((x) => x.code === 'clusterUp'), 20_000, 'the clusterUp notices');
      // What each fed during the outage was held back and is relayed now, without waiting for the units' next reports.
      await waitFor(() => seen(deltasB, 'down-a-') && seen(deltasA, 'down-b-'), 10_000, "the outage's reports relayed across on rejoining");
      n = 0;
      await waitFor(
        () => {
          if (seen(deltasB, 'after-')) return true;
          if (n < 500) void request(feedA, 'positions', { operationId: OP, positions: [report(`after-${n++}`)] });
          return false;
        },
        20_000,
        'a position fed on A at a client of B after the outage',
      );
      const again = await request<Snapshot>(late, 'subscribe', { operationId: OP });
      expect(again.ok && again.value.cluster).toBe('up');
      expect(bExited).toBe(false);
    } finally {
      await back?.stop();
      await own.stop();
    }
  }, 120_000);

  it('starts without Redis, serving alone, joins when Redis comes, and closes promptly while Redis is away', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const started = Date.now();
    a = await startTestServer({ redisUrl: url });
    expect(Date.now() - started).toBeLessThan(8000);
    const viewer = await connect(a.url, DEV_TOKENS.viewer);
    const feed = await connect(a.url, DEV_TOKENS.feed);
    clients.push(viewer, feed);
    const notices: Notice[] = [];
    viewer.on('notice', (x) => notices.push(x));
    const deltas = collectDeltas(viewer);
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    expect(snap.ok && snap.value.cluster).toBe('down');
    expect((await request(feed, 'positions', { operationId: OP, positions: [report('alone')] })).ok).toBe(true);
    await waitFor(() => deltas.some((d) => d.units.some((u) => u.id === 'alone')), 8000, 'a local delta without Redis');

    // A second server, also alone, shuts down at once (no graceful Redis goodbye to wait for).
    const other = await startTestServer({ redisUrl: url });
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(3000);

    const late = await startRedis({ port });
    try {
      await waitFor(() => notices.some((x) => x.code === 'clusterUp'), 20_000, 'the clusterUp notice');
      const again = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
      expect(again.ok && again.value.cluster).toBe('up');
    } finally {
      for (const c of clients.splice(0)) c.close();
      await a.close();
      a = null;
      await late.stop();
    }
  }, 60_000);
});
