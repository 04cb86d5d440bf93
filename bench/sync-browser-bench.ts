/**
 * Sync between workstations as users get it (issue 11): real Chromium pages, each in its own browser context (its own
 * IndexedDB), running the app's data layer and sync engine (bench/browser/sync.html), against a real command server on
 * 127.0.0.1 with the SQLite store, in its own process (bench/sync-browser-bench-server.ts). One shared operation of
 * 600 units and 5,000 features over central London (bench/fixtures).
 *
 *   npx tsx bench/sync-browser-bench.ts [--edits 200] [--offline 1000]
 *
 * Prints:
 *   sync.open_5000_features_ms (p50 over the workstations that open it; _max_ms the slowest) asking for the shared
 *                          copy until the whole operation is in IndexedDB, marked shared; split into _snapshot_ms
 *                          (request, server read, transfer, parse) and _write_ms (IndexedDB)
 *   sync.edit_to_others_{2,5}_clients_p50_ms / _p95_ms   a rename saved on one workstation until every other one has
 *                          applied it to its IndexedDB (edits take turns round the clients, one at a time)
 *   sync.offline_1000_edits_drain_ms   the server comes back (same data, same port) until the editing workstation's
 *                          outbox is empty AND the other workstation has applied all of them; _reconnect_ms of which
 *                          until the link was up; offline_1000_edits_save_ms the time to make the edits offline
 *   sync.offline_save_{first,last}_tenth_p50_ms  one offline edit's save, early and late in the 1,000
 *   sync.offline_outbox_read_1000_ms  one read of the full outbox (the engine reads it after every push it sends)
 *   sync.offline_1000_drain_{editor,other}_{push,pull}_{count,total_ms}  the drain's requests and their round trips
 *   sync.server_cpu_*_ms / _pct        the server process's CPU (user + system) during each phase, and as a share of
 *                          one core over the phase's wall time
 * Targets (issue 11): edit p95 < 500 ms, open < 3 s, drain < 10 s. The browsers, the driver and the server share the
 * machine's cores: on a loaded machine every figure is inflated.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { DEV_TOKENS } from '../server/config';
import type { OpenTiming } from './browser/sync';
import { launchChromium } from './chromium';
import { arg, percentile, printFigure } from './figures';
import { startBenchPages } from './viteServer';

const clock = () => performance.timeOrigin + performance.now();

interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The server process's CPU time (user + system) so far, in ms. */
  cpuMs: () => Promise<number>;
  stop: () => Promise<void>;
}

async function startServer(dataDir: string, port = 0): Promise<ServerProcess> {
  const child = fork(path.join(import.meta.dirname, 'sync-browser-bench-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it was ready`)));
    child.on('message', (m: { ready?: boolean; url?: string }) => m.ready && m.url && resolve(m.url));
  });
  const cpuMs = () =>
    new Promise<number>((resolve) => {
      const on = (m: { cpu?: { user: number; system: number } }) => {
        if (!m.cpu) return;
        child.off('message', on);
        resolve((m.cpu.user + m.cpu.system) / 1000);
      };
      child.on('message', on);
      child.send('cpu');
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.send('stop');
    });
  return { child, url, cpuMs, stop };
}

/** Server CPU over a phase: call before, then the returned function after. */
async function cpuPhase(server: ServerProcess, name: string) {
  const cpu0 = await server.cpuMs();
  const t0 = clock();
  return async () => {
    const used = (await server.cpuMs()) - cpu0;
    printFigure(`sync.server_cpu_${name}_ms`, used);
    printFigure(`sync.server_cpu_${name}_pct`, (100 * used) / (clock() - t0));
  };
}

async function workstation(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (process.env.BENCH_DEBUG) page.on('console', (m) => console.log('console:', m.text()));
  await page.goto(`${origin}/bench/browser/sync.html`);
  await page.waitForFunction(() => typeof window.syncBench === 'object', undefined, { timeout: 60_000 });
  return page;
}

/** Renames go round the clients, one at a time; each until every other client has applied it. */
async function editRound(pages: Page[], edits: number, tag: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < edits; i++) {
    const me = pages[i % pages.length]!;
    const name = `${tag} ${i}`;
    const t0 = await me.evaluate(([index, n]) => window.syncBench.edit(index, n), [i * 7, name] as const);
    const arrivals = await Promise.all(pages.filter((p) => p !== me).map((p) => p.evaluate((n) => window.syncBench.arrival(n), name)));
    latencies.push(Math.max(...arrivals) - t0);
  }
  return latencies;
}

export async function runSyncBrowserBench(): Promise<void> {
  const EDITS = arg('edits', 200);
  const OFFLINE = arg('offline', 1000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cordon-sync-browser-bench-'));
  const pages = await startBenchPages();
  const browser = await launchChromium();
  let server = await startServer(dataDir);
  try {
    const [a, b] = [await workstation(browser, pages.origin), await workstation(browser, pages.origin)];
    const operationId = await a!.evaluate(([url, token]) => window.syncBench.share(url, token, 7), [server.url, DEV_TOKENS.planner] as const);

    // First sync onto empty workstations: one now, three more for the five-client round.
    const opens: OpenTiming[] = [];
    const openOn = async (p: Page, token: string) =>
      opens.push(await p.evaluate(([url, t, op]) => window.syncBench.open(url, t, op), [server.url, token, operationId] as const));
    let cpuDone = await cpuPhase(server, 'open');
    await openOn(b!, DEV_TOKENS.commander);
    await cpuDone();

    cpuDone = await cpuPhase(server, 'edits_2_clients');
    const two = await editRound([a!, b!], EDITS, 'two');
    await cpuDone();
    printFigure('sync.edit_to_others_2_clients_p50_ms', percentile(two, 50));
    printFigure('sync.edit_to_others_2_clients_p95_ms', percentile(two, 95));

    const more: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await workstation(browser, pages.origin);
      await openOn(p, i % 2 ? DEV_TOKENS.planner : DEV_TOKENS.commander);
      more.push(p);
    }
    const whole = opens.every((o) => o.features === 5000 && o.units === 600);
    if (!whole) throw new Error(`an opened copy is not whole: ${JSON.stringify(opens)}`);
    printFigure(
      'sync.open_5000_features_ms',
      percentile(
        opens.map((o) => o.totalMs),
        50,
      ),
    );
    printFigure('sync.open_5000_features_max_ms', Math.max(...opens.map((o) => o.totalMs)));
    printFigure(
      'sync.open_5000_features_snapshot_ms',
      percentile(
        opens.map((o) => o.snapshotMs),
        50,
      ),
    );
    printFigure(
      'sync.open_5000_features_write_ms',
      percentile(
        opens.map((o) => o.writeMs),
        50,
      ),
    );

    cpuDone = await cpuPhase(server, 'edits_5_clients');
    const five = await editRound([a!, b!, ...more], EDITS, 'five');
    await cpuDone();
    printFigure('sync.edit_to_others_5_clients_p50_ms', percentile(five, 50));
    printFigure('sync.edit_to_others_5_clients_p95_ms', percentile(five, 95));
    for (const p of more) await p.context().close();

    // Offline: the server stops, one workstation makes its edits, the server comes back on the same data and port.
    const port = Number(new URL(server.url).port);
    await server.stop();
    const t0 = clock();
    const saves: number[] = [];
    for (let i = 0; i < OFFLINE; i++) {
      const t = clock();
      await a!.evaluate(([index, n]) => window.syncBench.edit(index, n), [i, `offline ${i}`] as const);
      saves.push(clock() - t);
    }
    printFigure(`sync.offline_${OFFLINE}_edits_save_ms`, clock() - t0);
    // Each save as the outbox grows (the engine re-reads the whole outbox after every local edit).
    const tenth = Math.max(1, Math.floor(OFFLINE / 10));
    printFigure('sync.offline_save_first_tenth_p50_ms', percentile(saves.slice(0, tenth), 50));
    printFigure('sync.offline_save_last_tenth_p50_ms', percentile(saves.slice(-tenth), 50));
    // The status report after the last edit is asynchronous: wait for it to count them all.
    await a!.waitForFunction((n) => window.syncBench.status()?.pending === n, OFFLINE, { timeout: 60_000 });
    printFigure(`sync.offline_outbox_read_${OFFLINE}_ms`, await a!.evaluate(() => window.syncBench.outboxReadMs()));
    await Promise.all([a!, b!].map((p) => p.evaluate(() => window.syncBench.requests())));
    server = await startServer(dataDir, port);
    const back = clock();
    cpuDone = await cpuPhase(server, `offline_${OFFLINE}_drain`);
    const [drained, allThere] = await Promise.all([
      a!.evaluate(() => window.syncBench.drained()),
      b!.evaluate((n) => window.syncBench.arrivals('offline ', n), OFFLINE),
    ]);
    await cpuDone();
    printFigure(`sync.offline_${OFFLINE}_edits_drain_ms`, Math.max(drained.drainedAt, allThere) - back);
    printFigure(`sync.offline_${OFFLINE}_edits_reconnect_ms`, (drained.connectedAt ?? NaN) - back);
    // Where the drain's time goes: the editing workstation's pushes and pulls (round trips, server included), the
    // other's pulls; the rest of the wall time is the pages' own work (IndexedDB, the outbox, applying).
    for (const [who, p] of [
      ['editor', a!],
      ['other', b!],
    ] as const)
      for (const [event, r] of Object.entries(await p.evaluate(() => window.syncBench.requests()))) {
        const name = `sync.offline_${OFFLINE}_drain_${who}_${event.replace('sync:', '')}`;
        printFigure(`${name}_count`, r.count);
        printFigure(`${name}_total_ms`, r.ms);
      }
  } finally {
    await browser.close();
    await pages.server.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSyncBrowserBench();
