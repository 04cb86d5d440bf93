/**
 * The server side of bench/history-bench.ts: a command server in its own process (so the viewers' parsing does not
 * count as the server's event-loop lag), with `BENCH_UNITS` units reporting every `BENCH_INTERVAL_S` over the last
 * `BENCH_MINUTES` already stored. Driven over IPC: `ready` (URL, positions stored, whether the store pages), `lagReset`,
 * `lag` (event-loop delay since the last reset, RSS and the counters), `stop`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { PositionReport } from '../shared/protocol';
import { createCommandServer } from '../server/createServer';

const UNITS = Number(process.env.BENCH_UNITS ?? 1000);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 60);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 10);
const OP = process.env.BENCH_OP ?? 'bench-history';
const WINDOW_END = Number(process.env.BENCH_WINDOW_END ?? Date.now() - 1000);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cordon-history-bench-'));
const server = await createCommandServer({
  port: 0,
  cotPort: null,
  store: process.env.BENCH_STORE === 'memory' ? 'memory' : 'sqlite',
  dataDir,
  publishDemo: false,
  log: false,
});
const send = (m: unknown) => process.send?.(m);
const close = () =>
  void server.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });

const paging = typeof (server.store as Partial<typeof server.store>).positionPage === 'function';
let stored = 0;
if (paging) {
  // Oldest first, in the batches a tick would write.
  const from = WINDOW_END - MINUTES * 60_000;
  let batch: PositionReport[] = [];
  for (let t = from + INTERVAL_S * 1000; t <= WINDOW_END; t += INTERVAL_S * 1000) {
    for (let u = 0; u < UNITS; u++) {
      const time = new Date(t - Math.floor((u / UNITS) * INTERVAL_S * 1000)).toISOString();
      const a = (u * 2.399963) % (2 * Math.PI);
      batch.push({
        id: `u${u}`,
        callSign: `U${u}`,
        type: 'officer',
        lon: -0.127 + 0.01 * Math.cos(a + t / 6e5),
        lat: 51.52 + 0.006 * Math.sin(a + t / 6e5),
        status: 'deployed',
        source: 'feed',
        time,
        expectedIntervalS: INTERVAL_S,
      });
      if (batch.length === 5000) {
        await server.store.writePositions(OP, batch);
        stored += batch.length;
        batch = [];
      }
    }
  }
  if (batch.length) await server.store.writePositions(OP, batch);
  stored += batch.length;
  await server.store.flush();
}

const RESOLUTION_MS = 10;
const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
lag.enable();
// Whole timer intervals in ns: what is beyond the interval is the lag.
const ms = (ns: number) => (lag.count === 0 ? 0 : Math.max(0, ns / 1e6 - RESOLUTION_MS));

send({ type: 'ready', url: server.url, stored, paging, operationId: OP, fromMs: WINDOW_END - MINUTES * 60_000, toMs: WINDOW_END });
process.on('message', (m: { type: string }) => {
  if (m.type === 'lagReset') {
    lag.reset();
    send({ type: 'lagReset' });
  } else if (m.type === 'lag') {
    send({
      type: 'lag',
      p50: ms(lag.percentile(50)),
      p99: ms(lag.percentile(99)),
      max: ms(lag.max),
      rss: process.memoryUsage().rss,
      counters: server.metrics.snapshot().counters,
    });
  } else if (m.type === 'stop') close();
});
process.on('disconnect', close);
