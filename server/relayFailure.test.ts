import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import type { PositionReport } from '../shared/protocol';
import type { CommandServer } from './createServer';
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

/**
 * A Redis publish that fails while the link still looks up (Redis stalled past the client's command timeout, or
 * refusing the command) must not lose the reports in it: the other process's screens end with every unit's newest
 * position. The fault here is Redis itself refusing PUBLISH (an ACL change: the connections stay up and ready, every
 * publish is answered with an error at once), which makes the failure certain rather than a race with a timeout.
 */
const OP = 'op-relay-failure';
const UNITS = 200;
let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
let a: CommandServer | null = null;
let b: Awaited<ReturnType<typeof spawnServerProcess>> | null = null;
const clients: Client[] = [];
let admin: ReturnType<typeof createClient> | null = null;

if (!haveRedis()) console.warn(`Skipping the relay failure test: ${REDIS_SERVER} is not installed (apt-get install redis-server).`);

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await admin?.close();
  await a?.close();
  await b?.stop();
  await redis?.stop();
});

const counters = async (url: string) =>
  ((await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${DEV_TOKENS.controller}` } })).json()) as { counters: Record<string, number> })
    .counters;

describe.skipIf(!haveRedis())('reports relayed through Redis', () => {
  it("reach the other process's clients, newest per unit, after publishes failed while the link looked up", async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([
      startTestServer({ redisUrl: redis.url }),
      spawnServerProcess(['--redis', redis.url, '--memory', '--no-cot', '--no-demo', '--tick-ms', '50']),
    ]);
    admin = createClient({ url: redis.url });
    await admin.connect();
    const viewerB = await connect(b.url, DEV_TOKENS.viewer);
    clients.push(viewerB);
    const deltasB = collectDeltas(viewerB);
    await request(viewerB, 'subscribe', { operationId: OP });
    const hub = a.hub;
    const shownOnB = () => {
      const newest = new Map<string, PositionReport>();
      for (const d of deltasB) for (const u of d.units) if ((newest.get(u.id)?.time ?? '') <= u.time) newest.set(u.id, u);
      return newest;
    };

    // Joined: a report fed on A reaches B (the subscriptions take a moment to settle, so keep feeding).
    let n = 0;
    await waitFor(
      () => shownOnB().has('warm-up') || void hub.ingest(OP, [report('warm-up', { time: new Date(Date.now() - 60_000 + n++).toISOString() })]),
      30_000,
      'a report fed on A at a client of B',
    );

    // Redis refuses PUBLISH from now on; the connections stay open and ready.
    await admin.sendCommand(['ACL', 'SETUSER', 'default', '-publish']);
    const failedBefore = (await counters(a.url))['redis.commandsFailed'] ?? 0;
    // Three rounds: every unit moves each time, so only the last round's positions are right.
    const t0 = Date.now() - 10_000;
    const rounds = 3;
    for (let round = 0; round < rounds; round++) {
      const reports = Array.from({ length: UNITS }, (_, i) =>
        report(`unit-${i}`, { lon: -0.12 + round * 0.001 + i * 0.00001, time: new Date(t0 + round * 1000 + i).toISOString() }),
      );
      expect(hub.ingest(OP, reports, { origin: 'feed:test' }).ok).toBe(true);
    }
    // Every one of those publishes failed (each is answered with the refusal at once, in order).
    for (let i = 0; ((await counters(a.url))['redis.commandsFailed'] ?? 0) < failedBefore + rounds; i++) {
      if (i > 500) throw new Error('the publishes did not fail');
      await new Promise((r) => setTimeout(r, 20));
    }
    await admin.sendCommand(['ACL', 'SETUSER', 'default', '+publish']);

    // B's client ends with every unit at its last round's position.
    const last = rounds - 1;
    const right = (u: PositionReport | undefined, i: number) => u !== undefined && Math.abs(u.lon - (-0.12 + last * 0.001 + i * 0.00001)) < 1e-9;
    await waitFor(
      () => {
        const shown = shownOnB();
        return Array.from({ length: UNITS }, (_, i) => right(shown.get(`unit-${i}`), i)).every(Boolean) || undefined;
      },
      30_000,
      "every unit's newest position at B's client",
    );
    const m = await counters(a.url);
    expect(m['redis.positionsPublishFailed']).toBeGreaterThanOrEqual(rounds * UNITS);
    expect(m['redis.positionsResent']).toBeGreaterThanOrEqual(UNITS);
  }, 120_000);
});
