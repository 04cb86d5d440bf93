/**
 * Briefing pack, end to end in web mode: a fixture operation (generated plan plus a written briefing) is imported as
 * a .cordon file through the UI, the print view builds the pack (maps rendered off-screen by MapLibre), Chromium's
 * print engine makes the PDF with the same header/footer templates Electron's printToPDF uses, and the PDF is read
 * back with poppler (pdfinfo, pdftotext, pdfimages).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { test, expect } from '../helpers/app';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { writeCordonFile } from '../../renderer/features/io/cordonFile';
import { pdfOptions } from '../../shared/brief/printTemplates';
import { deploymentMatrix, keyLocations } from '../../shared/brief/tables';
import { defaultFrames } from '../../shared/brief/frames';
import { Briefing } from '../../shared/brief/schema';

const base = generateOperation({ units: 24, features: 60, assignments: 40, seed: 21 });
const briefing = Briefing.parse({
  version: '2.3',
  hLabel: 'humanitarian',
  gold: { name: 'Ch Supt R. Hughes', callSign: 'GOLD 1' },
  silver: { name: 'Supt A. Patel', callSign: 'SILVER 1' },
  sections: {
    information: [
      { type: 'heading', text: 'Background' },
      { type: 'paragraph', text: 'A procession of about 20,000 people.' },
    ],
    intent: [{ type: 'list', ordered: false, items: ['Keep people safe', 'Facilitate lawful protest'] }],
    administration: [
      {
        type: 'table',
        rows: [
          ['Item', 'Where'],
          ['Feeding', 'FHA 1'],
        ],
      },
    ],
  },
  risks: [
    { id: 'r1', hazard: 'Crowd crush at pinch points', likelihood: 'medium', impact: 'very high', controls: 'Filter cordons; PLT engagement', owner: 'Silver' },
  ],
  distribution: [
    { id: 'd1', copy: 1, recipient: 'Gold', role: 'Strategic commander', returnBy: '2026-06-20' },
    { id: 'd2', copy: 2, recipient: 'Sector 1 Bronze', role: 'Bronze', returnBy: '' },
  ],
});
const bundle = { ...base, operation: { ...base.operation, briefing } };
const MARKING = bundle.operation.marking; // OFFICIAL-SENSITIVE

test('builds a briefing pack PDF with marking, page numbers, deployment matrix, grid references and 200 dpi maps', async ({ page, appUrl }, testInfo) => {
  test.setTimeout(180_000);
  const file = testInfo.outputPath('fixture.cordon');
  await fs.writeFile(file, writeCordonFile(bundle));
  await page.goto(appUrl);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-cordon').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('operation-title')).toContainText(bundle.operation.name, { timeout: 60_000 });

  // A new document (not just a hash change on the app's page).
  await page.goto(`${appUrl}#/print/${bundle.operation.id}?copy=2&furniture=templates`);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-print-state', 'ready', { timeout: 120_000 });
  const frames = defaultFrames(bundle).filter((f) => f.include);
  await expect(page.getByTestId('pack-map')).toHaveCount(frames.length);

  const pdfPath = testInfo.outputPath('pack.pdf');
  const options = pdfOptions({ marking: MARKING, title: bundle.operation.name, version: briefing.version, copy: 2 }, 'a4-portrait');
  await page.pdf({ path: pdfPath, ...options, format: options.format as 'A4' });

  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  expect(pages).toBeGreaterThan(5);

  for (let n = 1; n <= pages; n++) {
    const text = execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfPath, '-'], { encoding: 'utf8' });
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines[0], `page ${n} top`).toContain(MARKING);
    expect(lines.slice(-2).join(' '), `page ${n} bottom`).toContain(MARKING);
    expect(text, `page ${n} numbering`).toContain(`Page ${n} of ${pages}`);
  }

  const all = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const flat = all.replace(/\s+/g, ' ');
  for (const u of bundle.units) expect(flat, `call sign ${u.callSign}`).toContain(u.callSign);
  for (const r of deploymentMatrix(bundle)) if (r.gridRef) expect(flat).toContain(r.gridRef);
  for (const l of keyLocations(bundle)) expect(flat, l.name).toContain(l.gridRef);
  expect(flat).toContain('Humanitarian issues');
  expect(flat).toContain('Crowd crush at pinch points');
  expect(flat).toContain('Copy 2 of 2');
  expect(flat).toContain('Version 2.3');
  expect(flat).toContain('GOLD 1');

  // Map images: one per frame, each at 200 dpi or better at its printed size.
  const list = execFileSync('pdfimages', ['-list', pdfPath], { encoding: 'utf8' });
  const rows = list
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/));
  const big = rows.filter((r) => Number(r[3]) > 1000 && r[2] === 'image');
  expect(big.length).toBeGreaterThanOrEqual(frames.length);
  for (const r of big) {
    expect(Number(r[12]), `x-ppi of ${r.join(' ')}`).toBeGreaterThanOrEqual(200);
    expect(Number(r[13]), `y-ppi of ${r.join(' ')}`).toBeGreaterThanOrEqual(200);
  }
  await fs.copyFile(pdfPath, '/tmp/cordon-brief-e2e.pdf').catch(() => undefined);
});
