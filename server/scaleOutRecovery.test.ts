/**
 * Scale-out on a real shared store: two server processes on one PostgreSQL database and one Redis, under load
 * (simulator, HTTP feed, CoT). One is killed with SIGKILL and restarted; it loads the live picture from PostgreSQL,
 * and both converge on the same units, alerts and acknowledgements, with no emergency lost.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, PositionReport } from '../shared/protocol';
import { DEMO_OPERATION_ID } from './demo/demoOperation';
import {
  connect,
  createPgTestDatabase,
  DEV_TOKENS,
  freePort,
  haveRedis,
  PG_TEST_HINT,
  pgTestUrl,
  report,
  request,
  spawnServerProcess,
  startRedis,
  type Client,
} from './testing';

const OP = DEMO_OPERATION_ID;
type Proc = Awaited<ReturnType<typeof spawnServerProcess>>;

const runnable = haveRedis() && pgTestUrl() !== null;
if (!runnable) console.warn(`Skipping the two-process recovery test: needs redis-server and PostgreSQL (${PG_TEST_HINT}).`);

describe.skipIf(!runnable)('two processes on PostgreSQL + Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let db: Awaited<ReturnType<typeof createPgTestDatabase>>;
  const procs: Proc[] = [];
  const clients: Client[] = [];
  beforeAll(async () => {
    [redis, db] = await Promise.all([startRedis(), createPgTestDatabase()]);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of procs) await p.stop();
    await redis?.stop();
    await db?.drop();
  });

  const spawn = async (extra: string[]) => {
    const p = await spawnServerProcess(['--pg', db.url, '--redis', redis.url, '--tick-ms', '100', ...extra]);
    procs.push(p);
    return p;
  };
  const controller = async (p: Proc, name: string) => {
    const c = await connect(p.url, DEV_TOKENS.controller, { userName: name });
    clients.push(c);
    return c;
  };
  const snapshot = async (c: Client) => {
    const r = await request<{ units: PositionReport[]; alerts: Alert[] }>(c, 'subscribe', { operationId: OP });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const post = (p: Proc, positions: PositionReport[]) =>
    fetch(`${p.url}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_TOKENS.feed}` },
      body: JSON.stringify({ operationId: OP, positions }),
    }).then(
      (r) => r.status,
      () => 0,
    );
  const cot = (port: number, xml: string) =>
    new Promise<void>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1', () => c.end(xml, () => resolve()));
      c.once('error', reject);
    });
  const emergencyIds = (alerts: Alert[]) =>
    alerts
      .filter((a) => a.kind === 'emergency' && !a.clearedAt)
      .map((a) => a.id)
      .sort();
  /** What two screens must agree on: units, open alert ids and who acknowledged each. */
  const picture = (s: { units: PositionReport[]; alerts: Alert[] }) => ({
    units: s.units.map((u) => u.id).sort(),
    alerts: s.alerts
      .filter((a) => !a.clearedAt)
      .map((a) => `${a.id}|${a.acknowledgedBy ?? ''}`)
      .sort(),
  });

  it('restarts a killed process that then agrees with the survivor, with every emergency and acknowledgement', async () => {
    const a = await spawn(['--simulate', '30', '--seed', '5', '--no-cot', '--no-streets']);
    const cotPort = await freePort();
    const bArgs = ['--cot-port', String(cotPort), '--no-demo'];
    let b = await spawn(bArgs);
    const onA = await controller(a, 'Control A');

    // Load on both: an HTTP feed alternating between them.
    let stop = false;
    let k = 0;
    const feeding = (async () => {
      while (!stop) {
        const batch = Array.from({ length: 10 }, (_, i) => report(`h${i}`, { lon: -0.126 + k * 1e-6, lat: 51.5218 }));
        await post(k % 2 === 0 ? a : b, batch);
        k++;
        // Background load at a feed's pace, not a wait for something.
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // An officer's TAK device on B presses its emergency button; A sees it, and a controller on A acknowledges it.
    const now = new Date().toISOString();
    await cot(
      cotPort,
      `<event version="2.0" uid="tak-1-9-1-1" type="b-a-o-tbl" time="${now}" start="${now}" stale="${now}" how="h-e"><point lat="51.523" lon="-0.125" ce="10"/><detail><link uid="tak-1" type="a-f-G-U-C" relation="p-p"/><emergency type="911 Alert">DELTA</emergency></detail></event>`,
    );
    const raised = await pollFor(async () => (await snapshot(onA)).alerts.find((x) => x.id === 'emergency:tak-1'), 'the CoT emergency on A');
    const ack = await request<Alert>(onA, 'alert:ack', { operationId: OP, alertId: raised.id });
    expect(ack.ok).toBe(true);

    // B dies without warning.
    b.child.kill('SIGKILL');
    await b.stop();
    procs.splice(procs.indexOf(b), 1);

    // Meanwhile on A: another officer's emergency.
    expect(await post(a, [report('h-panic', { status: 'emergency' })])).toBe(200);
    await pollFor(async () => (await snapshot(onA)).alerts.find((x) => x.id === 'emergency:h-panic'), 'the HTTP emergency on A');

    // B comes back and loads the picture from PostgreSQL.
    b = await spawn(bArgs);
    const onB = await controller(b, 'Control B');
    const fromB = await snapshot(onB);
    expect(emergencyIds(fromB.alerts)).toEqual(['emergency:h-panic', 'emergency:tak-1']);
    expect(fromB.alerts.find((x) => x.id === 'emergency:tak-1')?.acknowledgedBy).toBe('Dev controller (controller, at the screen: Control A)');
    expect(fromB.units.find((u) => u.id === 'tak-1')?.status).toBe('emergency');

    // Under continuing load both converge on the same picture.
    await pollFor(
      async () => {
        const [pa, pb] = [picture(await snapshot(onA)), picture(await snapshot(onB))];
        return JSON.stringify(pa) === JSON.stringify(pb) && pa.units.length >= 40 ? pa : undefined;
      },
      'A and B to agree',
      20_000,
    );
    stop = true;
    await feeding;
  }, 90_000);
});

/** Poll an async check every 200 ms until it returns a value. */
async function pollFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
