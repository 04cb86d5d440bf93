/**
 * Briefing pack in a real browser (Debian Chromium, web mode): the 600-unit operation is imported as a .cordon file
 * through the UI, then the print view builds the pack (10 maps drawn off-screen by MapLibre at 216 dpi in SwiftShader)
 * and Chromium's print engine makes the PDF with the shared header/footer templates.
 *  - brief.pack_ms: print view opened -> pack ready -> PDF bytes back (what a commander waits for),
 *  - brief.maps_ms: of which drawing the maps,
 *  - brief.pages: pages in the PDF (pdfinfo),
 *  - brief.peak_rss_mb: peak resident memory of all Chromium processes while the pack is made (sampled with ps).
 * Run alone: `npx tsx bench/brief-bench.ts` (needs `vite build`).
 */
import { launchChromium } from './chromium';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer } from '../scripts/serve-web.mjs';
import { writeCordonFile } from '../renderer/features/io/cordonFile';
import { pdfOptions } from '../shared/brief/printTemplates';
import { Briefing } from '../shared/brief/schema';
import { generateOperation } from './fixtures/generateOperation';
import { printFigure } from './figures';

const root = path.resolve(import.meta.dirname, '..');

function chromiumRssMb(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
    return (
      out
        .split('\n')
        .filter((l) => /chrom/i.test(l))
        .reduce((s, l) => s + Number(l.trim().split(/\s+/)[0] ?? 0), 0) / 1024
    );
  } catch {
    return NaN;
  }
}

export async function runBriefBench() {
  const base = generateOperation({ units: 600, features: 400, assignments: 260, seed: 7 });
  const briefing = Briefing.parse({
    version: '1.0',
    gold: { name: 'Ch Supt R. Hughes', callSign: 'GOLD' },
    silver: { name: 'Supt A. Patel', callSign: 'SILVER' },
    sections: { information: [{ type: 'paragraph', text: 'Procession through central London.' }] },
  });
  const bundle = { ...base, operation: { ...base.operation, briefing } };
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cordon-brief-bench-'));
  const file = path.join(tmp, 'bench.cordon');
  await fs.writeFile(file, writeCordonFile(bundle));
  const server = await startStaticServer({ root: path.join(root, 'dist/renderer'), port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-cordon').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('operation-title').waitFor({ timeout: 120_000 });

    let peak = chromiumRssMb();
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 100);
    const t0 = Date.now();
    await page.goto(`${server.url}#/print/${bundle.operation.id}?copy=1&furniture=templates&maxMaps=10`);
    await page.reload();
    await page.waitForFunction(
      () => document.documentElement.dataset.printState === 'ready' || document.documentElement.dataset.printState === 'error',
      undefined,
      { timeout: 180_000, polling: 100 },
    );
    const state = await page.evaluate(() => document.documentElement.dataset.printState);
    if (state !== 'ready') throw new Error(`print view failed: ${await page.evaluate(() => document.documentElement.dataset.printError)}`);
    const mapsMs = await page.evaluate(() => performance.getEntriesByName('cordon:print-maps')[0]?.duration ?? NaN);
    const options = pdfOptions({ marking: bundle.operation.marking, title: bundle.operation.name, version: briefing.version, copy: 1 }, briefing.paper);
    const pdf = await page.pdf({ ...options, format: options.format as 'A4' });
    const packMs = Date.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, chromiumRssMb());
    const pdfPath = path.join(tmp, 'pack.pdf');
    await fs.writeFile(pdfPath, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1]);
    const maps = await page.getByTestId('pack-map').count();
    printFigure('brief.pack_ms', packMs);
    printFigure('brief.maps_ms', mapsMs);
    printFigure('brief.maps', maps);
    printFigure('brief.pages', pages);
    printFigure('brief.pdf_mb', pdf.length / 1024 / 1024);
    printFigure('brief.peak_rss_mb', peak);
  } finally {
    await browser.close();
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runBriefBench();
