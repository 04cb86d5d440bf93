/**
 * Save time per edit in a real browser: the data layer against Chromium's IndexedDB, served by Vite, no map on the
 * page (the map's software rendering here would otherwise dominate). Prints named figures.
 */
import { launchChromium } from './chromium';
import { startBenchPages } from './viteServer';
import { percentile, printFigure } from './figures';

export async function runDataBrowserBench(edits = 200) {
  const { server, origin } = await startBenchPages();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/bench/browser/save.html`);
    await page.waitForFunction(() => typeof window.runSaveBench === 'function', undefined, { timeout: 60_000 });
    const r = await page.evaluate((n) => window.runSaveBench(n), edits);
    printFigure('plan.db_import_5000_features_ms', r.importMs);
    printFigure('plan.save_first_edit_ms', r.firstEditMs);
    printFigure('plan.save_p50_ms', percentile(r.saves, 50));
    printFigure('plan.save_p95_ms', percentile(r.saves, 95));
  } finally {
    await browser.close();
    await server.close();
  }
}
