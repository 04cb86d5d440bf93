/**
 * Save time per edit in a real browser: the data layer against Chromium's IndexedDB, served by Vite, no map on the
 * page (the map's software rendering here would otherwise dominate). Prints named figures.
 */
import { launchChromium } from './chromium';
import path from 'node:path';
import { createServer } from 'vite';
import { percentile, printFigure } from './figures';

const root = path.resolve(import.meta.dirname, '..');

export async function runDataBrowserBench(edits = 200) {
  const server = await createServer({ root, configFile: false, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench/browser/save.html`);
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
