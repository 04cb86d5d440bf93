/**
 * Plan workspace in a real browser (Debian Chromium, real IndexedDB, web mode): an operation of 600 units,
 * 5,000 features and 3,000 assignments is imported as a .cordon file through the UI, then
 *  - plan.load_to_map_idle_ms: page load -> operation read from IndexedDB -> plan drawn -> first map idle,
 *  - plan.save_p50_ms / plan.save_p95_ms: one edit (rename through the properties panel) saved to IndexedDB,
 * measured with the app's own User Timing marks. Prints named figures.
 */
import { launchChromium } from './chromium';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer } from '../scripts/serve-web.mjs';
import { writeCordonFile } from '../renderer/features/io/cordonFile';
import { generateOperation } from './fixtures/generateOperation';
import { percentile, printFigure } from './figures';

const root = path.resolve(import.meta.dirname, '..');
const EDITS = Number(process.env.BENCH_EDITS ?? 40);

export async function runPlanBrowserBench() {
  const bundle = generateOperation({ units: 600, features: 5000, assignments: 3000, seed: 7 });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cordon-bench-'));
  const file = path.join(tmp, 'bench.cordon');
  await fs.writeFile(file, writeCordonFile(bundle));
  const server = await startStaticServer({ root: path.join(root, 'dist/renderer'), port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    if (process.env.BENCH_DEBUG) page.on('console', (m) => console.log('console:', m.text()));
    await page.goto(server.url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-cordon').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('operation-title').waitFor({ timeout: 120_000 });

    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      if (process.env.BENCH_LOAD_TRACE && i === 2) await page.context().tracing.start({ screenshots: false, snapshots: false });
      await page.reload();
      await page.waitForFunction(
        () => {
          const plan = performance.getEntriesByName('cordon:plan-data')[0];
          return plan !== undefined && performance.getEntriesByName('cordon:map-idle').some((m) => m.startTime > plan.startTime);
        },
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      loads.push(
        await page.evaluate(() => {
          const plan = performance.getEntriesByName('cordon:plan-data')[0]!;
          return performance.getEntriesByName('cordon:map-idle').find((m) => m.startTime > plan.startTime)!.startTime;
        }),
      );
    }
    if (process.env.BENCH_LOAD_TRACE) await page.context().tracing.stop({ path: process.env.BENCH_LOAD_TRACE });
    printFigure('plan.load_to_map_idle_ms', percentile(loads, 50));
    const parts = await page.evaluate(() => ({
      bundle: performance.getEntriesByName('cordon:bundle-loaded')[0]?.startTime ?? NaN,
      plan: performance.getEntriesByName('cordon:plan-data')[0]?.startTime ?? NaN,
    }));
    printFigure('plan.load_bundle_delivered_at_ms', parts.bundle);
    printFigure('plan.load_plan_data_set_at_ms', parts.plan);

    await page.getByTestId('feature-list').locator('button.item').first().click();
    await page.getByTestId('prop-name').waitFor();
    if (process.env.BENCH_DEBUG) {
      const lag = () =>
        page.evaluate(async () => {
          const out: number[] = [];
          for (let i = 0; i < 20; i++) {
            const t = performance.now();
            await new Promise((r) => setTimeout(r, 0));
            out.push(performance.now() - t);
            await new Promise((r) => setTimeout(r, 50));
          }
          return out.sort((a, b) => a - b)[10];
        });
      console.log('lag after select', await lag());
      await page.keyboard.press('Escape');
      await page.getByTestId('feature-list').locator('button.item').first().click();
      console.log('state', await page.getByTestId('map').getAttribute('data-map-state'));
      console.log('lag again', await lag());
    }
    await page.evaluate(() => performance.clearMeasures());
    const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    for (let i = 0; i < EDITS; i++) {
      await page.getByTestId('prop-name').fill(`Bench edit ${i}`);
      await page.getByTestId('prop-name').press('Enter');
      if (process.env.BENCH_DEBUG)
        console.log(i, await page.evaluate(() => performance.getEntriesByType('measure').length), await page.getByTestId('toast').allTextContents());
      await page.waitForFunction((n) => performance.getEntriesByType('measure').filter((m) => m.name === 'cordon:save').length >= n, i + 1, {
        timeout: 30_000,
      });
    }
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as {
        profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
      };
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, i) => {
        const n = byId.get(id)!;
        const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      console.log(
        [...self]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, v]) => `${v.toFixed(0)}ms ${k}`)
          .join('\n'),
      );
    }
    const saves = await page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name === 'cordon:save')
        .map((m) => m.duration),
    );
    // From pressing Enter to the edit saved, including waiting for a main thread busy redrawing the map in software
    // (SwiftShader): an upper bound that a real GPU shrinks.
    printFigure('plan.edit_to_saved_p50_ms', percentile(saves, 50));
    printFigure('plan.edit_to_saved_p95_ms', percentile(saves, 95));
  } finally {
    await browser.close();
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
