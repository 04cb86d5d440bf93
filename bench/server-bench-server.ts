/**
 * The server side of bench/server-bench.ts: a command server in its own process (so its CPU and memory can be
 * measured alone), driven over IPC: it says `ready` with its URL, answers `usage` with process.cpuUsage() and RSS,
 * and closes on `stop`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { DEV_CONFIG } from '../server/config';
import { createCommandServer } from '../server/createServer';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cordon-bench-'));
const storeKind = process.env.BENCH_STORE === 'memory' ? 'memory' : process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';
// How long the event loop could not run (timers late): what a feed, a health check or a control room waits on.
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const server = await createCommandServer({
  port: 0,
  cotPort: null,
  store: storeKind,
  dataDir,
  ...(process.env.BENCH_PG_URL ? { pgUrl: process.env.BENCH_PG_URL } : {}),
  ...(process.env.BENCH_REDIS_URL ? { redisUrl: process.env.BENCH_REDIS_URL } : {}),
  publishDemo: false,
  // BENCH_LOG=1: the server's log on stdout (e.g. to see why Redis commands failed).
  ...(process.env.BENCH_LOG === '1' ? {} : { log: false as const }),
  ...(process.env.BENCH_TICK_MS ? { tickMs: Number(process.env.BENCH_TICK_MS) } : {}),
  config: {
    users: DEV_CONFIG.users,
    feeds: DEV_CONFIG.feeds,
    limits: {
      // The one bench feed stands for a gateway of 10,000+ devices at 1 Hz: more than a feed's default 2000 reports/s.
      feedReportsPerSecond: 1_000_000,
      feedReportBurst: 1_000_000,
      // BENCH_PART=n: deltas in parts of at most n units (limits.maxUnitsPerDelta), to compare part sizes.
      ...(process.env.BENCH_PART ? { maxUnitsPerDelta: Number(process.env.BENCH_PART) } : {}),
    },
  },
});
const send = (m: unknown) => process.send?.(m);
send({ type: 'ready', url: server.url });
process.on('message', (m: { type: string }) => {
  if (m.type === 'usage') {
    send({
      type: 'usage',
      cpu: process.cpuUsage(),
      rss: process.memoryUsage().rss,
      at: performance.now(),
      metrics: server.metrics.snapshot().counters,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
    });
  } else if (m.type === 'resetLag') {
    lag.reset();
  } else if (m.type === 'stop') {
    void server.close().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
process.on('disconnect', () => {
  void server.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
