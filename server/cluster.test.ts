import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Snapshot } from '../shared/protocol';
import type { CommandServer } from './createServer';
import { demoOperation, DEMO_OPERATION_ID } from './demo/demoOperation';
import {
  collectDeltas,
  connect,
  DEV_TOKENS,
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
    await waitFor(() => {
      if (deltasB.some((d) => d.units.some((u) => u.id.startsWith('from-a')))) return true;
      if (n < 100) void request(feedA, 'positions', { operationId: OP, positions: [report(`from-a-${n++}`)] });
      return false;
    }, 10_000, 'a position fed on A at a client of B');
    const metricsB = (await (await fetch(`${b.url}/metrics`, { headers: { authorization: `Bearer ${DEV_TOKENS.controller}` } })).json()) as { counters: Record<string, number> };
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
});
