/**
 * Client time to apply one tick of 10,000 and of 50,000 unit updates to the map, the Live workspace's data path side
 * by side with a plain `setData` of all units (and `updateData`, for reference), in Debian Chromium with the map in
 * SwiftShader, served by Vite (bench/browser/live.html). Main-thread time of the data path, from the call until the
 * data has been handed to the map's worker (the frame SwiftShader then draws is not counted: compare paths, not frame
 * rates). Prints named figures (medians):
 *   live.apply_N_ms        our path, worst case (every unit drawn individually): the longest main-thread task of the
 *                          frames one tick is spread over (the first: drain coalesced changes, update features in
 *                          place, setData of one of the UNIT_SHARDS units sources; then one source a frame)
 *   live.apply_N_total_ms  the same tick's main-thread time summed over its frames
 *   live.apply_N_city_ms   our path at a city-wide view (zoom 13): PSU / serial members drawn as their group
 *   live.apply_N_street_ms our path at a street view (zoom 16): only units in and around the view are sent
 *   live.setdata_N_ms      plain setData of all units built afresh, main thread
 *   live.updatedata_N_ms   updateData with a diff of every unit, main thread
 *   *_ready_ms             the plain paths until the map's worker has indexed the data
 * The live layers are hidden while measuring: data reaches the map's worker the same way, and SwiftShader drawing
 * tens of thousands of symbols would otherwise take both cores from the main thread between measurements.
 *   live.parse_N_ms        JSON.parse and zod-parsing the tick as it arrives from the socket (all its parts)
 *   live.store_N_ms        applying it to the LiveStore (coalescing, trails)
 *   live.message_longest_N_ms  the longest single socket message of the tick: one part of 1,000 units (the server's
 *                          limits.maxUnitsPerDelta) parsed and applied, one main-thread task
 *   live.groups_N_ms       grouping all units by PSU / serial for low zoom
 * Run: npx tsx bench/live-apply-bench.ts   (BENCH_ROUNDS=n to change the rounds, default 7)
 */
import { launchChromium } from './chromium';
import { pathToFileURL } from 'node:url';
import { startBenchPages } from './viteServer';
import type { LiveBenchResult } from './browser/live';
import { percentile, printFigure } from './figures';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

export async function runLiveApplyBench() {
  const { server, origin } = await startBenchPages();
  const browser = await launchChromium();
  try {
    const sizes = (process.env.BENCH_SIZES ?? '10000,50000').split(',').map(Number);
    const withUpdateData = process.env.BENCH_UPDATEDATA !== '0';
    for (const n of sizes) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      if (process.env.BENCH_DEBUG) page.on('console', (m) => console.log('console:', m.text()));
      await page.goto(`${origin}/bench/browser/live.html`);
      await page.waitForFunction(() => typeof window.runLiveBench === 'function', undefined, { timeout: 60_000 });
      const r: LiveBenchResult = await page.evaluate(([count, rounds, withUpdate]) => window.runLiveBench(count, rounds, withUpdate), [
        n,
        ROUNDS,
        withUpdateData,
      ] as const);
      const med = (xs: number[]) => percentile(xs, 50);
      printFigure(`live.apply_${n}_ms`, med(r.applyMs));
      printFigure(`live.apply_${n}_total_ms`, med(r.applyTotalMs));
      printFigure(`live.apply_${n}_city_ms`, med(r.cityMs));
      printFigure(`live.apply_${n}_city_total_ms`, med(r.cityTotalMs));
      printFigure(`live.apply_${n}_street_ms`, med(r.streetMs));
      printFigure(`live.apply_${n}_street_total_ms`, med(r.streetTotalMs));
      printFigure(`live.setdata_${n}_ms`, med(r.setDataMs));
      if (withUpdateData) printFigure(`live.updatedata_${n}_ms`, med(r.updateDataMs));
      printFigure(`live.setdata_${n}_ready_ms`, med(r.setDataReadyMs));
      if (withUpdateData) printFigure(`live.updatedata_${n}_ready_ms`, med(r.updateDataReadyMs));
      if (process.env.BENCH_DEBUG) {
        console.log('apply longest frame', r.applyMs.map(Math.round), 'total', r.applyTotalMs.map(Math.round));
        console.log('setData sync', r.setDataSyncMs.map(Math.round), 'with clone', r.setDataMs.map(Math.round));
        console.log('city', r.cityMs.map(Math.round), 'street', r.streetMs.map(Math.round));
      }
      printFigure(`live.city_features_sent_${n}`, r.citySent);
      printFigure(`live.street_features_sent_${n}`, r.streetSent);
      printFigure(`live.parse_${n}_ms`, med(r.parseMs));
      printFigure(`live.store_${n}_ms`, med(r.storeMs));
      printFigure(`live.message_longest_${n}_ms`, med(r.messageMs));
      printFigure(`live.groups_${n}_ms`, med(r.groupsMs));
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runLiveApplyBench();
