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
 *   health.ms_p50 / _p99 / _max       GET /health round trips meanwhile (every 50 ms, from a process of its own); health.failed
 *   feed.ack_ms_p99 / _max            the feed's batch acknowledgements meanwhile
 *   eventloop.idle_lag_p99_ms         the server's event-loop lag with only the feed
 *   eventloop.lag_p50_ms / _p99_ms / _max_ms   ... while the viewers page
 *   server.rss_mb                     the server's resident memory at the end
 * Everything runs on this machine: the viewers compete with the server for CPU.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { HISTORY_ERRORS, PROTOCOL_VERSION, type HistoryResponse } from '../shared/protocol';
import type { Result } from '../shared/util/result';
import { arg, percentile, printFigure } from './figures';
import { nextMessage } from './ipc';

const UNITS = arg('units', 1000);
const MINUTES = arg('minutes', 60);
const VIEWERS = arg('viewers', 20);
const INTERVAL_S = arg('interval', 10);
const VIEWER_TOKEN = 'cordon-dev-viewer';

// --cpu-prof DIR: the server process writes a V8 CPU profile there when it stops (bench/cpu-profile-summary.ts reads it).
const profIndex = process.argv.indexOf('--cpu-prof');
const PROF_DIR = profIndex >= 0 ? process.argv[profIndex + 1] : undefined;
const child = (file: string, env: Record<string, string>, profile = false) =>
  fork(path.join(import.meta.dirname, file), [], {
    execArgv: ['--import', 'tsx', ...(profile && PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
const server = child('history-bench-server.ts', { BENCH_UNITS: String(UNITS), BENCH_MINUTES: String(MINUTES), BENCH_INTERVAL_S: String(INTERVAL_S) }, true);
const children: ChildProcess[] = [server];
process.on('exit', () => children.forEach((c) => c.connected && c.kill('SIGTERM')));
const next = <T>(c: ChildProcess, type: string, timeoutMs = 600_000) => nextMessage<T>(c, type, timeoutMs);
const ask = <T>(c: ChildProcess, type: string) => {
  const r = next<T>(c, type);
  c.send({ type });
  return r;
};
interface Lag {
  p50: number;
  p99: number;
  max: number;
  rss: number;
  counters: Record<string, number>;
}

const ready = await next<{ url: string; stored: number; paging: boolean; operationId: string; fromMs: number; toMs: number }>(server, 'ready');
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
interface Outside {
  health: number[];
  feedAcks: number[];
  failed: number;
}

// Background load in its own process: the feed (every unit once a second) and the health probe, timed throughout.
const probe = child('history-bench-probe.ts', { BENCH_URL: ready.url, BENCH_OP: ready.operationId, BENCH_UNITS: String(UNITS) });
children.push(probe);
await next(probe, 'ready');
await ask(server, 'lagReset');
await sleep(5000);
const idle = await ask<Lag>(server, 'lag');
await ask(probe, 'reset');

const viewers = await Promise.all(Array.from({ length: VIEWERS }, () => connect(VIEWER_TOKEN)));
const query = { operationId: ready.operationId, from: new Date(ready.fromMs).toISOString(), to: new Date(ready.toMs).toISOString() };
const pageMs: number[] = [];
let busy = 0;
await ask(server, 'lagReset');
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
const loaded = await ask<Lag>(server, 'lag');
const { health, feedAcks, failed } = await ask<Outside>(probe, 'report');
probe.send({ type: 'stop' });

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
printFigure('health.failed', failed);
printFigure('feed.ack_ms_p99', percentile(feedAcks, 99));
printFigure('feed.ack_ms_max', Math.max(...feedAcks));
printFigure('eventloop.idle_lag_p99_ms', idle.p99);
printFigure('eventloop.lag_p50_ms', loaded.p50);
printFigure('eventloop.lag_p99_ms', loaded.p99);
printFigure('eventloop.lag_max_ms', loaded.max);
printFigure('server.rss_mb', loaded.rss / 1e6);

for (const v of viewers) v.close();
server.send({ type: 'stop' });
// The server closes by itself (and writes its CPU profile): wait for that, for at most 15 s.
await Promise.race([new Promise((r) => server.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
process.exit(0);
