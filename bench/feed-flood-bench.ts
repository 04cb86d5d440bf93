/**
 * One feed floods, the others should not notice:
 *
 *   npx tsx bench/feed-flood-bench.ts [--seconds 10]
 *
 * A command server (memory store) in this process; a flooding feed sends 5000-report batches back to back (the next
 * as soon as the last is answered, or after its retryAfterMs), a calm feed sends 100 reports every 100 ms to another
 * operation, and a viewer subscribes to both. Run twice: with the per-report limit out of the way (what the per-batch
 * limit allowed) and with the defaults (2000 reports/s, burst 10,000). Prints per run:
 *   flood.<mode>.accepted_per_s       the flooder's reports taken per second
 *   flood.<mode>.refused_batches      its batches refused for rate
 *   flood.<mode>.calm_latency_p50_ms / _p99_ms  calm report sent -> the viewer has it
 * Everything shares one event loop: compare the two runs, not the absolute figures.
 */
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Delta, type PositionReport } from '../shared/protocol';
import { createCommandServer } from '../server/createServer';
import { percentile, printFigure } from './figures';

const i = process.argv.indexOf('--seconds');
const SECONDS = i >= 0 ? Number(process.argv[i + 1]) || 10 : 10;
const FLOOD_OP = 'flood';
const CALM_OP = 'calm';

const report = (id: string, now: number): PositionReport => ({
  id,
  callSign: id,
  type: 'officer',
  lon: -0.126 + Math.random() * 1e-3,
  lat: 51.52,
  status: 'available',
  source: 'feed',
  time: new Date(now).toISOString(),
  expectedIntervalS: 1,
});

function connect(url: string, token: string): Promise<Socket> {
  const s = io(url, { auth: { token, protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}
const ask = <T>(s: Socket, event: string, body: unknown) => s.timeout(30_000).emitWithAck(event, body) as Promise<T>;

async function run(mode: 'unlimited' | 'defaults'): Promise<void> {
  const limits = mode === 'unlimited' ? { feedReportsPerSecond: 1_000_000, feedReportBurst: 10_000_000 } : {};
  const server = await createCommandServer({
    port: 0,
    cotPort: null,
    store: 'memory',
    log: false,
    publishDemo: false,
    config: {
      users: [{ name: 'viewer', role: 'viewer', token: 'bench-viewer-token' }],
      feeds: [
        { name: 'flooder', token: 'bench-flooder-token', operationIds: [FLOOD_OP] },
        { name: 'calm', token: 'bench-calm-token-1', operationIds: [CALM_OP] },
      ],
      limits: { ...limits, feedEventsPerSecond: 10_000, feedEventBurst: 10_000 },
    },
  });
  const [flooder, calm, viewer] = await Promise.all([
    connect(server.url, 'bench-flooder-token'),
    connect(server.url, 'bench-calm-token-1'),
    connect(server.url, 'bench-viewer-token'),
  ]);
  // Both operations exist before anyone subscribes (a subscription does not create one).
  await ask(calm, 'positions', { operationId: CALM_OP, positions: [report('calm-0', Date.now())] });
  await ask(flooder, 'positions', { operationId: FLOOD_OP, positions: [report('flood-0', Date.now())] });
  await ask(viewer, 'subscribe', { operationId: CALM_OP });
  await ask(viewer, 'subscribe', { operationId: FLOOD_OP });
  const latencies: number[] = [];
  viewer.on('delta', (d: Delta) => {
    if (d.operationId !== CALM_OP) return;
    const now = Date.now();
    for (const u of d.units) latencies.push(now - Date.parse(u.time));
  });

  const until = Date.now() + SECONDS * 1000;
  let accepted = 0;
  let refused = 0;
  const flood = (async () => {
    for (let k = 0; Date.now() < until; k++) {
      const now = Date.now();
      const positions = Array.from({ length: 5000 }, (_, n) => report(`f${n}`, now));
      const r = await ask<{ ok: boolean; value?: { accepted: number }; retryAfterMs?: number }>(flooder, 'positions', { operationId: FLOOD_OP, positions });
      if (r.ok) accepted += r.value?.accepted ?? 0;
      else {
        refused++;
        await new Promise((res) => setTimeout(res, Math.min(r.retryAfterMs ?? 100, Math.max(0, until - Date.now()))));
      }
    }
  })();
  const calmTimer = setInterval(() => {
    const now = Date.now();
    void ask(calm, 'positions', { operationId: CALM_OP, positions: Array.from({ length: 100 }, (_, n) => report(`c${n}`, now)) });
  }, 100);
  await flood;
  clearInterval(calmTimer);
  await new Promise((r) => setTimeout(r, 500));
  printFigure(`flood.${mode}.accepted_per_s`, accepted / SECONDS);
  printFigure(`flood.${mode}.refused_batches`, refused);
  printFigure(`flood.${mode}.calm_latency_p50_ms`, percentile(latencies, 50));
  printFigure(`flood.${mode}.calm_latency_p99_ms`, percentile(latencies, 99));
  for (const s of [flooder, calm, viewer]) s.close();
  await server.close();
}

await run('unlimited');
await run('defaults');
process.exit(0);
