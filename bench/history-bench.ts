/**
 * History under load: viewers paging through recorded history while a feed posts and a monitor polls /health.
 *
 *   npx tsx bench/history-bench.ts [--units 1000] [--minutes 60] [--viewers 20] [--interval 10]
 *
 * A command server in a child process (SQLite store; BENCH_STORE=memory for the memory store) holds `--units` units
 * reporting every `--interval` s over the last `--minutes` (1,000 units, 1 h: 360,000 positions). First 5 s with only
 * the feed (1,000 reports a second) and the health probe, then `--viewers` viewers page through the whole window at
 * once (each page as soon as the previous arrived; "busy" refusals retried after 100-200 ms). Prints:
 *   history.page_ms_p50 / _p99        a page's round trip at a viewer (queueing, read, encode, transfer, parse)
 *   history.viewer_s_max              the slowest viewer's whole window
 *   history.pages / history.refused_busy / history.server_page_ms_max (the server's `history.msMax`)
 *   health.ms_p50 / _p99 / _max       GET /health round trips meanwhile (every 50 ms)
 *   feed.ack_ms_p99 / _max            the feed's batch acknowledgements meanwhile
 *   eventloop.idle_lag_p99_ms         the server's event-loop lag with only the feed
 *   eventloop.lag_p50_ms / _p99_ms / _max_ms   ... while the viewers page
 *   server.rss_mb                     the server's resident memory at the end
 * Everything runs on this machine: the viewers compete with the server for CPU.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { HISTORY_ERRORS, PROTOCOL_VERSION, type HistoryResponse, type PositionReport } from '../shared/protocol';
import type { Result } from '../shared/util/result';
import { percentile, printFigure } from './figures';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  return Number.isFinite(v) && v > 0 ? v : def;
};
const UNITS = arg('units', 1000);
const MINUTES = arg('minutes', 60);
const VIEWERS = arg('viewers', 20);
const INTERVAL_S = arg('interval', 10);
const TOKENS = { viewer: 'cordon-dev-viewer', feed: 'cordon-dev-feed' };

const server = fork(path.join(import.meta.dirname, 'history-bench-server.ts'), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_UNITS: String(UNITS), BENCH_MINUTES: String(MINUTES), BENCH_INTERVAL_S: String(INTERVAL_S) },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
process.on('exit', () => server.connected && server.kill('SIGTERM'));
function next<T>(type: string, timeoutMs = 600_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} from the server`)), timeoutMs);
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      server.off('message', on);
      resolve(m as T);
    };
    server.on('message', on);
  });
}
const ask = <T>(type: string) => {
  const r = next<T>(type);
  server.send({ type });
  return r;
};
interface Lag {
  p50: number;
  p99: number;
  max: number;
  rss: number;
  counters: Record<string, number>;
}

const ready = await next<{ url: string; stored: number; paging: boolean; operationId: string; fromMs: number; toMs: number }>('ready');
if (!ready.paging) {
  console.log('history-bench: this store has no positionPage yet (it lands with the asynchronous store): nothing measured');
  server.send({ type: 'stop' });
  process.exit(0);
}
console.log(`# ${ready.stored} positions stored (${UNITS} units, ${MINUTES} min, every ${INTERVAL_S} s); ${VIEWERS} viewers`);

type Client = Socket;
const connect = (token: string) =>
  new Promise<Client>((resolve, reject) => {
    const s = io(ready.url, { auth: { token, protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
const emit = <T>(s: Client, event: string, payload: unknown) => s.timeout(120_000).emitWithAck(event, payload) as Promise<Result<T>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Background load: the feed (all units once a second) and the health probe, timed throughout.
const feed = await connect(TOKENS.feed);
let running = true;
const health: number[] = [];
const feedAcks: number[] = [];
const probing = (async () => {
  while (running) {
    const t0 = performance.now();
    await fetch(`${ready.url}/health`);
    health.push(performance.now() - t0);
    await sleep(50);
  }
})();
const feeding = (async () => {
  while (running) {
    const t0 = performance.now();
    const now = new Date().toISOString();
    const positions: PositionReport[] = Array.from({ length: Math.min(UNITS, 5000) }, (_, u) => ({ id: `live${u}`, callSign: `L${u}`, type: 'officer', lon: -0.127, lat: 51.52, status: 'deployed', source: 'feed', time: now, expectedIntervalS: 1 }));
    await emit(feed, 'positions', { operationId: ready.operationId, positions });
    feedAcks.push(performance.now() - t0);
    await sleep(Math.max(0, 1000 - (performance.now() - t0)));
  }
})();

await ask('lagReset');
await sleep(5000);
const idle = await ask<Lag>('lag');
health.length = 0;
feedAcks.length = 0;

const viewers = await Promise.all(Array.from({ length: VIEWERS }, () => connect(TOKENS.viewer)));
const query = { operationId: ready.operationId, from: new Date(ready.fromMs).toISOString(), to: new Date(ready.toMs).toISOString() };
const pageMs: number[] = [];
let busy = 0;
await ask('lagReset');
const started = performance.now();
const viewerS = await Promise.all(
  viewers.map(async (v) => {
    let cursor: string | undefined;
    let positions = 0;
    for (;;) {
      const t0 = performance.now();
      const r = await emit<HistoryResponse>(v, 'history', { ...query, ...(cursor ? { cursor } : {}) });
      if (!r.ok) {
        if (r.error !== HISTORY_ERRORS.busy && !r.error.startsWith('rate limited')) throw new Error(r.error);
        busy++;
        await sleep(100 + Math.random() * 100);
        continue;
      }
      pageMs.push(performance.now() - t0);
      positions += r.value.positions.length;
      cursor = r.value.next;
      if (!cursor) break;
    }
    if (positions !== ready.stored) throw new Error(`a viewer got ${positions} positions of ${ready.stored}`);
    return (performance.now() - started) / 1000;
  }),
);
const loaded = await ask<Lag>('lag');
running = false;
await Promise.all([probing, feeding]);

printFigure('history.positions_per_viewer', ready.stored);
printFigure('history.pages', pageMs.length);
printFigure('history.page_ms_p50', percentile(pageMs, 50));
printFigure('history.page_ms_p99', percentile(pageMs, 99));
printFigure('history.viewer_s_max', Math.max(...viewerS));
printFigure('history.refused_busy', busy);
printFigure('history.server_page_ms_max', loaded.counters['history.msMax'] ?? NaN);
printFigure('health.ms_p50', percentile(health, 50));
printFigure('health.ms_p99', percentile(health, 99));
printFigure('health.ms_max', Math.max(...health));
printFigure('feed.ack_ms_p99', percentile(feedAcks, 99));
printFigure('feed.ack_ms_max', Math.max(...feedAcks));
printFigure('eventloop.idle_lag_p99_ms', idle.p99);
printFigure('eventloop.lag_p50_ms', loaded.p50);
printFigure('eventloop.lag_p99_ms', loaded.p99);
printFigure('eventloop.lag_max_ms', loaded.max);
printFigure('server.rss_mb', loaded.rss / 1e6);

for (const v of [...viewers, feed]) v.close();
server.send({ type: 'stop' });
