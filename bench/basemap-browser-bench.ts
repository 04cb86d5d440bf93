/**
 * The first street map in a real browser (Debian Chromium, map in SwiftShader), served as `npm start` serves it:
 * ../shared/data at /data/ and a /config.json naming the default basemap. A demo operation (generated plan in
 * central London) is imported once; then, over three page loads,
 *  - plan.first_map_idle_street_ms: navigation -> first map `idle` with the central London street tiles drawn
 *    (the app's `cordon:basemap-idle` mark). Prints named figures. BENCH_DEBUG=1 also prints the page's marks.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCordonFile } from '../renderer/features/io/cordonFile';
import { defaultBasemapArchives } from '../scripts/default-basemap.mjs';
import { startStaticServer } from '../scripts/serve-web.mjs';
import { launchChromium } from './chromium';
import { percentile, printFigure } from './figures';
import { generateOperation } from './fixtures/generateOperation';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, '../shared/data');
/**
 * BENCH_WORLD=1: the same page with no config (the shipped world map), printing plan.first_map_idle_world_ms: its
 * first `idle` of any kind, so a lower bound for comparison (the world map has no tiles to wait for).
 */
const WORLD = process.env.BENCH_WORLD === '1';
const MARK = WORLD ? 'cordon:map-idle' : 'cordon:basemap-idle';

export async function runBasemapBrowserBench() {
  const defaultBasemap = defaultBasemapArchives(dataDir, '/data/');
  if (!defaultBasemap) {
    console.log('plan.first_map_idle_street_ms: skipped (no ../shared/data/central-london.pmtiles)');
    return;
  }
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cordon-bench-'));
  const file = path.join(tmp, 'demo.cordon');
  await fs.writeFile(file, writeCordonFile(generateOperation({ units: 24, features: 60, assignments: 40, seed: 21 })));
  const server = await startStaticServer({
    root: path.join(root, 'dist/renderer'),
    port: 0,
    extraRoots: { '/data/': dataDir },
    config: WORLD ? {} : { defaultBasemap },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-cordon').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('operation-title').waitFor({ timeout: 120_000 });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.reload();
      await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, MARK, { timeout: 120_000, polling: 50 });
      times.push(await page.evaluate((m) => performance.getEntriesByName(m)[0]!.startTime, MARK));
    }
    printFigure(WORLD ? 'plan.first_map_idle_world_ms' : 'plan.first_map_idle_street_ms', percentile(times, 50));
    if (process.env.BENCH_DEBUG) {
      console.log(
        await page.evaluate(() =>
          performance
            .getEntriesByType('mark')
            .map((m) => `${m.name}@${Math.round(m.startTime)}`)
            .join(' '),
        ),
      );
      console.log(
        await page.evaluate(() => ({
          zoom: (document.querySelector('[data-testid=map]') as HTMLElement & { cordonMap: { getZoom(): number } }).cordonMap.getZoom(),
        })),
      );
    }
  } finally {
    await browser.close();
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runBasemapBrowserBench();
