/**
 * Command server load benchmark:
 *
 *   npx tsx bench/server-bench.ts [--units 10000] [--clients 50] [--measuring 5] [--load-procs 2] [--seconds 60]
 *                                 [--procs 2 --pg postgres://... [--redis redis://...]] [--cpu-prof DIR]
 *
 * A server in a child process (SQLite store, default tick), or with --procs 2 two server processes sharing a
 * PostgreSQL database (a throwaway one created in the --pg server, dropped at the end) and a Redis (a throwaway
 * redis-server unless --redis is given): the feed goes to the first, the clients are spread over all; `--units` devices
 * each reporting once a second through a socket.io feed (batches of 1,000 every 100 ms, each report stamped with the
 * time it was sent); `--clients` control-room clients subscribed to the operation.
 *
 * Honest on a small machine: the clients must not be the bottleneck. `--measuring` of them (default 5, one child
 * process per server) are full socket.io-client subscribers that parse every delta and record the latency; the rest are
 * "load" clients (server-bench-load-clients.ts, in `--load-procs` child processes) that speak engine.io/socket.io by
 * hand over a raw WebSocket: they handshake, subscribe and answer pings like any client, so the server's work for them
 * is the same, and they receive every byte, but they never parse the payloads (they read a delta's seq from its first
 * bytes to count gaps). Both kinds print what they received, so anyone can see that every client got everything.
 *
 * After a 3 s warm-up it measures for `--seconds` and prints:
 *   server.delivered_updates_per_s  unit updates received by the measuring clients together, per second
 *   server.measuring_deltas_per_s   deltas received per measuring client, per second (the server's stream)
 *   server.load_deltas_per_s_min    the same for the load client that received fewest: equal when nobody fell behind
 *   server.load_mb_per_s / load_messages_per_s  what all load clients together received, per second
 *   server.load_mb_per_client_min/max_per_s     the least and the most one load client received, per second
 *   server.latency_p50_ms / _p99_ms from the report's time stamp (feed send) to a measuring client receiving it
 *   server.cpu_percent              the (first) server process's CPU time over wall time (100 = one core)
 *   server.rss_mb                   the server process's resident memory at the end
 *   server.eventloop_lag_p99_ms     how late the server's event loop ran (monitorEventLoopDelay), p99 over the run
 *   server.cpu_us_per_report        server CPU (all processes) per ingested report: steadier than wall-clock figures
 *   server.deltas_merged            catch-up deltas sent to clients that had missed ticks (slow links, or a busy server)
 *   server.client_gaps              deltas any client (measuring or load) missed, and resyncs
 *   with --procs 2, per process: pN_cpu_percent, pN_delivered_updates_per_s, pN_latency_p99_ms, pN_relayed_in_per_s
 * Everything runs on this machine: the load generator competes with the server for CPU.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type PositionReport } from '../shared/protocol';
import { arg, printFigure } from './figures';
import { nextMessage } from './ipc';

const UNITS = arg('units', 10_000);
const CLIENTS = arg('clients', 50);
const PROCS = arg('procs', 1);
const sarg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = arg('seconds', 60);
const MEASURING = Math.min(CLIENTS, arg('measuring', 5));
const LOAD_PROCS = arg('load-procs', 2);
const WARMUP_S = 3;
const OP = 'bench';
const here = import.meta.dirname;

// --cpu-prof DIR: the server processes write V8 CPU profiles there when they stop (read with bench/cpu-profile-summary.ts).
const PROF_DIR = sarg('cpu-prof');
function child(file: string, env: Record<string, string> = {}, profile = false): ChildProcess {
  const execArgv = ['--import', 'tsx', ...(profile && PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR] : [])];
  return fork(path.join(here, file), [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
const next = <T>(c: ChildProcess, type: string, timeoutMs = 30_000) => nextMessage<T>(c, type, timeoutMs);
interface LoadCounts {
  bytes: number;
  messages: number;
  deltas: number;
  gaps: number;
}
interface Usage {
  cpu: NodeJS.CpuUsage;
  rss: number;
  at: number;
  metrics: Record<string, number>;
  lagP99Ms: number;
  lagMaxMs: number;
}

const shared = PROCS > 1 ? await sharedStores() : null;
const servers = Array.from({ length: PROCS }, () =>
  child('server-bench-server.ts', shared ? { BENCH_STORE: 'postgres', BENCH_PG_URL: shared.pgUrl, BENCH_REDIS_URL: shared.redisUrl } : {}, true),
);
const server = servers[0]!;
const children: ChildProcess[] = [...servers];
const cleanup = () => {
  for (const c of children) if (c.connected) c.kill('SIGTERM');
  void shared?.stop();
};
const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)));
/** Ends every child, waits (at most 10 s) for the servers to be gone, then drops the shared stores. */
const stopAll = async () => {
  for (const c of children) if (c.connected) c.kill('SIGTERM');
  await Promise.race([Promise.all(servers.map(exited)), new Promise((r) => setTimeout(r, 10_000))]);
  await shared?.stop();
};

/** A throwaway database in the --pg server and a throwaway redis-server (or --redis), for two processes to share. */
async function sharedStores(): Promise<{ pgUrl: string; redisUrl: string; stop(): Promise<void> }> {
  const admin = sarg('pg') ?? process.env.CORDON_TEST_PG_URL;
  if (!admin) throw new Error('--procs 2 needs --pg postgres://user:password@host/database (or CORDON_TEST_PG_URL)');
  const { default: pg } = await import('pg');
  const name = `cordon_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const pgUrl = new URL(admin);
  pgUrl.pathname = `/${name}`;
  let redisUrl = sarg('redis');
  let redis: ChildProcess | null = null;
  if (!redisUrl) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
    redisUrl = `redis://127.0.0.1:${port}`;
  }
  let stopping: Promise<void> | null = null;
  const stop = async () => {
    redis?.kill('SIGTERM');
    // Awaited on the normal path: a drop left running when the process exits never happens, and the databases pile
    // up. The server processes have exited first (their pools closed). A plain DROP waits for an autovacuum worker
    // still busy in the database to stop; `WITH (FORCE)` would try to terminate it and fail for a role that is not a
    // superuser ("must be a member of the role whose process is being terminated"), so it is only the last resort.
    const drop = new pg.Client({ connectionString: admin });
    try {
      await drop.connect();
      for (let attempt = 1; ; attempt++) {
        try {
          await drop.query(attempt < 5 ? `DROP DATABASE IF EXISTS ${name}` : `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          break;
        } catch (e) {
          // 55006 object_in_use: a connection is still closing; wait for it rather than cut it.
          if ((e as { code?: string }).code !== '55006' || attempt >= 5) throw e;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    } catch (e) {
      console.error(`could not drop the bench database ${name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await drop.end().catch(() => undefined);
    }
  };
  return {
    pgUrl: pgUrl.href,
    redisUrl,
    // Once, however often it is called; every caller waits for the same drop.
    stop: () => (stopping ??= stop()),
  };
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

try {
  const urls = (await Promise.all(servers.map((s) => next<{ url: string }>(s, 'ready', 60_000)))).map((r) => r.url);
  const url = urls[0]!;
  // Measuring clients: one process per server (worker k talks to server k); load clients: LOAD_PROCS processes, also
  // round-robin over the servers.
  const share = (total: number, parts: number, i: number) => Math.floor(total / parts) + (i < total % parts ? 1 : 0);
  const workers: ChildProcess[] = [];
  for (let i = 0; i < urls.length; i++) {
    const n = share(MEASURING, urls.length, i);
    const w = child('server-bench-clients.ts', { BENCH_URL: urls[i]!, BENCH_CLIENTS: String(n), BENCH_OPERATION: OP });
    workers.push(w);
    children.push(w);
  }
  const loaders: ChildProcess[] = [];
  const loadCount = CLIENTS - MEASURING;
  for (let i = 0; i < Math.min(LOAD_PROCS, loadCount); i++) {
    const l = child('server-bench-load-clients.ts', {
      BENCH_URL: urls[i % urls.length]!,
      BENCH_CLIENTS: String(share(loadCount, Math.min(LOAD_PROCS, loadCount), i)),
      BENCH_OPERATION: OP,
    });
    loaders.push(l);
    children.push(l);
  }
  await Promise.all([...workers, ...loaders].map((w) => next(w, 'subscribed', 120_000)));

  // The feed: UNITS devices around central London, each reporting once a second, in 10 batches a second.
  const feed = io(url, { auth: { token: 'cordon-dev-feed', protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    feed.once('connect', resolve);
    feed.once('connect_error', reject);
  });
  const units = Array.from({ length: UNITS }, (_, i) => ({
    id: `dev-${i}`,
    callSign: `U${i}`,
    lon: -0.15 + (i % 100) * 0.0004,
    lat: 51.505 + Math.floor(i / 100) * 0.0002,
  }));
  const BATCHES = 10;
  const perBatch = Math.ceil(UNITS / BATCHES);
  let slot = 0;
  let refused = 0;
  const sendBatch = () => {
    const from = (slot % BATCHES) * perBatch;
    slot++;
    const now = new Date().toISOString();
    const positions: PositionReport[] = [];
    for (const u of units.slice(from, from + perBatch)) {
      u.lon += (Math.random() - 0.5) * 0.00002;
      u.lat += (Math.random() - 0.5) * 0.00002;
      positions.push({
        id: u.id,
        callSign: u.callSign,
        type: 'officer',
        lon: u.lon,
        lat: u.lat,
        accuracyM: 5,
        headingDeg: 90,
        speedMps: 1.2,
        status: 'deployed',
        source: 'feed',
        time: now,
        expectedIntervalS: 1,
        groupId: `G${u.id.length}`,
      });
    }
    if (positions.length > 0) feed.emit('positions', { operationId: OP, positions }, (r: { ok: boolean }) => void (r.ok || refused++));
  };
  const feedTimer = setInterval(sendBatch, 1000 / BATCHES);

  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  for (const w of [...workers, ...loaders]) w.send({ type: 'reset' });
  for (const s of servers) s.send({ type: 'resetLag' });
  const usage = async () => Promise.all(servers.map((s) => (s.send({ type: 'usage' }), next<Usage>(s, 'usage'))));
  const u0s = await usage();
  const u0 = u0s[0]!;
  let rssMax = u0.rss;
  const sampler = setInterval(() => server.send({ type: 'usage' }), 1000);
  server.on('message', (m: { type: string; rss?: number }) => {
    if (m.type === 'usage' && m.rss) rssMax = Math.max(rssMax, m.rss);
  });
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(sampler);
  for (const w of [...workers, ...loaders]) w.send({ type: 'report' });
  const reports = await Promise.all(workers.map((w) => next<{ hist: number[]; updates: number; deltas: number; gaps: number }>(w, 'report')));
  const loadClients = (await Promise.all(loaders.map((l) => next<{ clients: LoadCounts[] }>(l, 'report')))).flatMap((r) => r.clients);
  const u1s = await usage();
  const u1 = u1s[0]!;
  clearInterval(feedTimer);
  feed.close();

  // Latency percentiles over the summed 1 ms histograms of some of the client processes.
  const percentiles = (of: typeof reports) => {
    const hist = new Array<number>(of[0]!.hist.length).fill(0);
    for (const r of of) r.hist.forEach((n, i) => (hist[i] = hist[i]! + n));
    const total = hist.reduce((s, n) => s + n, 0);
    return (p: number) => {
      let acc = 0;
      for (let i = 0; i < hist.length; i++) {
        acc += hist[i]!;
        if (acc >= (p / 100) * total) return i;
      }
      return hist.length - 1;
    };
  };
  const pct = percentiles(reports);
  const wallS = (u1.at - u0.at) / 1000;
  const cpuS = (u1.cpu.user - u0.cpu.user + (u1.cpu.system - u0.cpu.system)) / 1e6;
  const ingested = (u1.metrics['positions.ingested.feed'] ?? 0) - (u0.metrics['positions.ingested.feed'] ?? 0);
  const label = PROCS > 1 ? `${PROCS} processes on PostgreSQL + Redis (feed to the first, clients spread over all)` : 'one process, SQLite';
  console.log(`# command server: ${UNITS} units reporting once a second, ${CLIENTS} clients, ${SECONDS} s (after ${WARMUP_S} s warm-up), ${label}`);
  const prefix = PROCS > 1 ? `server.procs${PROCS}` : 'server';
  printFigure(`${prefix}.delivered_updates_per_s`, reports.reduce((s, r) => s + r.updates, 0) / wallS);
  // What each kind of client received: the load clients' deltas per second equal the measuring clients' when nobody
  // fell behind (a client skipped while its socket was full gets one merged delta later, so fewer).
  printFigure(`${prefix}.measuring_clients`, MEASURING);
  printFigure(`${prefix}.measuring_deltas_per_s`, reports.reduce((s, r) => s + r.deltas, 0) / MEASURING / wallS);
  if (loadClients.length > 0) {
    const perClient = (f: (c: LoadCounts) => number) => loadClients.map(f);
    printFigure(`${prefix}.load_clients`, loadClients.length);
    printFigure(`${prefix}.load_deltas_per_s_min`, Math.min(...perClient((c) => c.deltas)) / wallS);
    printFigure(`${prefix}.load_deltas_per_s_max`, Math.max(...perClient((c) => c.deltas)) / wallS);
    printFigure(`${prefix}.load_messages_per_s`, loadClients.reduce((s, c) => s + c.messages, 0) / wallS);
    printFigure(`${prefix}.load_mb_per_s`, loadClients.reduce((s, c) => s + c.bytes, 0) / 1e6 / wallS);
    printFigure(`${prefix}.load_mb_per_client_min_per_s`, Math.min(...perClient((c) => c.bytes)) / 1e6 / wallS);
    printFigure(`${prefix}.load_mb_per_client_max_per_s`, Math.max(...perClient((c) => c.bytes)) / 1e6 / wallS);
  }
  printFigure(`${prefix}.ingested_per_s`, ingested / wallS);
  printFigure(`${prefix}.latency_p50_ms`, pct(50));
  printFigure(`${prefix}.latency_p99_ms`, pct(99));
  printFigure(`${prefix}.cpu_percent`, (cpuS / wallS) * 100);
  let cpuAllS = 0;
  u1s.forEach((u, i) => {
    const c = (u.cpu.user - u0s[i]!.cpu.user + (u.cpu.system - u0s[i]!.cpu.system)) / 1e6;
    cpuAllS += c;
    if (PROCS > 1) {
      // Each process's own clients (client process k talks to server k % PROCS): a process that falls behind shows here.
      const own = reports.filter((_, k) => k % PROCS === i);
      printFigure(`${prefix}.p${i + 1}_cpu_percent`, (c / wallS) * 100);
      // CPU time per report the first process ingested: less sensitive to a shared machine's load than wall-clock figures.
      printFigure(`${prefix}.p${i + 1}_cpu_us_per_ingested_report`, (c * 1e6) / Math.max(1, ingested));
      printFigure(`${prefix}.p${i + 1}_delivered_updates_per_s`, own.reduce((sum, r) => sum + r.updates, 0) / wallS);
      printFigure(`${prefix}.p${i + 1}_latency_p99_ms`, percentiles(own)(99));
      const relayed = (u.metrics['redis.positionsReceived'] ?? 0) - (u0s[i]!.metrics['redis.positionsReceived'] ?? 0);
      if (i > 0) printFigure(`${prefix}.p${i + 1}_relayed_in_per_s`, relayed / wallS);
      // Why relayed reports may fall short: Redis errors, link drops, commands that failed or were not sent.
      // A failed publish's reports are held back and resent (positionRelay.ts): these say how many.
      for (const k of ['redis.errors', 'redis.linkDown', 'redis.commandsFailed', 'redis.notSent', 'redis.positionsPublishFailed', 'redis.positionsResent'])
        printFigure(`${prefix}.p${i + 1}_${k.replace('redis.', 'redis_')}`, (u.metrics[k] ?? 0) - (u0s[i]!.metrics[k] ?? 0));
    }
    printFigure(`${prefix}.${PROCS > 1 ? `p${i + 1}_` : ''}eventloop_lag_p99_ms`, u.lagP99Ms);
    printFigure(`${prefix}.${PROCS > 1 ? `p${i + 1}_` : ''}eventloop_lag_max_ms`, u.lagMaxMs);
  });
  // CPU per report, all server processes together: less noisy than wall-clock figures on a shared machine.
  printFigure(`${prefix}.cpu_us_per_report`, (cpuAllS * 1e6) / Math.max(1, ingested));
  // Reports the first process refused (store backlog, rate...): the feed's acknowledgements may come too late to count.
  const refusedReports = (m: Record<string, number>) => Object.entries(m).reduce((sum, [k, v]) => (k.startsWith('positions.refused.') ? sum + v : sum), 0);
  printFigure(`${prefix}.reports_refused`, refusedReports(u1.metrics) - refusedReports(u0.metrics));
  printFigure(`${prefix}.deltas_merged`, (u1.metrics['deltas.merged'] ?? 0) - (u0.metrics['deltas.merged'] ?? 0));
  printFigure(`${prefix}.rss_mb`, u1.rss / 1024 / 1024);
  printFigure(`${prefix}.rss_max_mb`, rssMax / 1024 / 1024);
  printFigure(`${prefix}.tick_ms_max`, u1.metrics['tick.msMax'] ?? NaN);
  printFigure(`${prefix}.store_write_ms_max`, u1.metrics['store.writeMsMax'] ?? NaN);
  printFigure(`${prefix}.deltas_skipped_slow`, (u1.metrics['deltas.skippedSlow'] ?? 0) - (u0.metrics['deltas.skippedSlow'] ?? 0));
  printFigure(`${prefix}.client_gaps`, reports.reduce((s, r) => s + r.gaps, 0) + loadClients.reduce((s, c) => s + c.gaps, 0) + refused);
  for (const w of [...workers, ...loaders]) w.send({ type: 'stop' });
  for (const s of servers) s.send({ type: 'stop' });
  // The servers close by themselves (and write their CPU profiles): wait for that, for at most 15 s.
  await Promise.race([Promise.all(servers.map(exited)), new Promise((r) => setTimeout(r, 15_000))]);
  await stopAll();
  process.exit(0);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  await stopAll();
  process.exit(1);
}
