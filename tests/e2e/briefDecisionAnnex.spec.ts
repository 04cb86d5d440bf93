/**
 * The briefing pack's decision-log annex, in web mode against a real command server on SQLite: a loggist picks the
 * Silver log from the plan's logs (the plan's Bronzes are offered with their call signs, not typed), records
 * decisions (one corrected, one timed after the pack will be made), the command server goes away, and the pack printed
 * from IndexedDB alone carries the verified decisions up to its time. A workstation that never read the logs says so.
 * PDFs are made by Chromium's print engine and read back with pdftotext; the annex page is rendered with pdftoppm.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../helpers/app';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { writeCordonFile } from '../../renderer/features/io/cordonFile';
import { pdfOptions } from '../../shared/brief/printTemplates';
import { Briefing } from '../../shared/brief/schema';
import { planLogs } from '../../shared/decisionLog/planLogs';
import { createCommandServer, type CommandServer } from '../../server/createServer';

const base = generateOperation({ units: 8, features: 14, assignments: 8, seed: 12 });
const briefing = Briefing.parse({
  version: '1.4',
  gold: { name: 'Ch Supt R. Hughes', callSign: 'GOLD 1' },
  silver: { name: 'Supt A. Patel', callSign: 'SILVER 1' },
});
const planned = { ...base, operation: { ...base.operation, briefing } };
// Give the plan's first Bronze a call sign, so the picker has one to show.
const firstBronze = planLogs(planned).find((l) => l.logId.startsWith('bronze-'))!;
const bundle = {
  ...planned,
  operation: { ...planned.operation, briefing: { ...briefing, bronzeCallSigns: { [firstBronze.label]: 'B7' } } },
};

let server: CommandServer | null = null;
let dataDir = '';
test.beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'h-log12-annex-e2e-'));
});
test.afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function importPlan(page: Page, appUrl: string, file: string) {
  await fs.writeFile(file, writeCordonFile(bundle));
  await page.goto(appUrl);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-cordon').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('operation-title')).toContainText(bundle.operation.name, { timeout: 60_000 });
}

async function connectAs(page: Page, serverUrl: string, user: string, token: string) {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(serverUrl);
  await page.getByTestId('server-user').fill(user);
  await page.getByTestId('server-token').fill(token);
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

async function recordDecision(page: Page, decision: string, decidedAtLocal?: string) {
  await page.getByTestId('new-entry').click();
  if (decidedAtLocal) await page.getByTestId('ndm-decided-at').fill(decidedAtLocal);
  await page.getByTestId('ndm-on-behalf-of').fill('Supt A. Patel');
  await page.getByTestId('ndm-information').fill('About 2,000 marchers at Trafalgar Square');
  await page.getByTestId('ndm-threat').fill('Crushing at the pinch point on Whitehall');
  await page.getByTestId('ndm-strategy').fill('Keep the procession moving and safe');
  await page.getByTestId('ndm-powers').fill('Common law; Public Order Act 1986 s.12 conditions');
  await page.getByTestId('ndm-option-0').fill('Containment');
  await page.getByTestId('ndm-option-why-0').fill('Disproportionate at this stage');
  await page.getByTestId('ndm-decision').fill(decision);
  await page.getByTestId('ndm-rationale').fill('Relieves pressure where the crowd is densest');
  await page.getByTestId('ndm-ethics').fill('Fairness: least intrusive option first');
  await page.getByTestId('ndm-submit').click();
}

/** Prints the pack from IndexedDB (a new document, maps limited to one) and returns the PDF's path and page count. */
async function printPack(page: Page, appUrl: string, name: string): Promise<{ pdf: string; pages: number }> {
  await page.goto(`${appUrl}#/print/${bundle.operation.id}?furniture=templates&maxMaps=1`);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-print-state', 'ready', { timeout: 120_000 });
  const pdf = path.join('test-results', `h-log12-${name}.pdf`);
  const options = pdfOptions({ marking: bundle.operation.marking, title: bundle.operation.name, version: '1.4', copy: null }, 'a4-portrait');
  await page.pdf({ path: pdf, ...options, format: options.format as 'A4' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  return { pdf, pages };
}

const pageText = (pdf: string, n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });

test('the pack printed offline carries the verified decisions up to its time, corrections struck through', async ({ page, appUrl }, testInfo) => {
  test.setTimeout(240_000);
  server = await createCommandServer({ port: 0, store: 'sqlite', dataDir, cotPort: null, log: false, publishDemo: false, tickMs: 200 });
  await importPlan(page, appUrl, testInfo.outputPath('plan.cordon'));
  await connectAs(page, server.url, 'E2E Loggist', 'cordon-dev-loggist');
  await page.getByTestId('workspace-decisions').click();
  await page.getByTestId('decisions-operation').fill(bundle.operation.id);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('decisions-link')).toHaveText('Connected');

  // The logs come from the plan: Gold and Silver with their call signs and commanders, each Bronze by its plan name.
  await expect(page.getByTestId('log-gold')).toContainText('Gold (call sign GOLD 1)');
  await expect(page.getByTestId('log-silver')).toContainText('Supt A. Patel');
  await expect(page.getByTestId(`log-${firstBronze.logId}`)).toHaveText(`${firstBronze.label} (call sign B7)`);
  await expect(page.getByTestId('add-bronze-name')).toHaveCount(0);
  await page.getByTestId('other-bronze').click();
  await expect(page.getByLabel('Other Bronze, not named in the plan (name or call sign)')).toBeVisible();
  await page.screenshot({ path: 'test-results/h-log12-log-picker.png' });

  await page.getByTestId('log-silver').click();
  await recordDecision(page, 'Open the filter cordon at Great George Street');
  await expect(page.getByTestId('entry-1')).toBeVisible();
  await recordDecision(page, 'Hold the cordon at Whitehall Place');
  await expect(page.getByTestId('entry-2')).toBeVisible();
  await page.getByTestId('correct-1').click();
  await page.getByTestId('ndm-decision').fill('Open the filter cordon at Great George Street and Parliament Street');
  await page.getByTestId('ndm-submit').click();
  await expect(page.getByTestId('entry-3')).toContainText('corrects #1');
  // Timed four minutes ahead (the most a decision may lead its writing): after the pack that is about to be made.
  const ahead = await page.evaluate(() => {
    const d = new Date(Date.now() + 4 * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  await recordDecision(page, 'Close Westminster Bridge to traffic', ahead);
  await expect(page.getByTestId('entry-4')).toBeVisible();
  await expect(page.getByTestId('decisions-copy-kept')).toContainText('Verified copy of 4 decision-log entries kept');
  await page.getByTestId('verify-log').click();
  const shortRoot = /root ([0-9a-f]{12})/.exec(await page.getByTestId('verify-result').innerText())![1]!;

  // The command server goes away; the pack is made from this browser's IndexedDB alone.
  await server.close();
  server = null;
  await expect(page.getByTestId('decisions-link')).not.toHaveText('Connected');
  const { pdf, pages } = await printPack(page, appUrl, 'pack-with-annex');
  const all = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(all).toContain('Annex E: Decision log');
  expect(all).toContain('Silver (call sign SILVER 1): Supt A. Patel');
  expect(all).toContain('Open the filter cordon at Great George Street and Parliament Street');
  expect(all).toContain('Hold the cordon at Whitehall Place');
  expect(all).toContain('Corrected by #3');
  expect(all).toContain('Corrects #1');
  expect(all).toContain('Supt A. Patel; logged by Dev loggist (loggist)');
  expect(all).toContain(`No checkpoint signed yet: 4 entries chained, root hash ${shortRoot}`);
  expect(all).toContain("1 later entry is not shown: decided after the pack's time.");
  expect(all).not.toContain('Close Westminster Bridge');
  expect(all).not.toContain('Decision log not available');

  // The view Electron's hidden print window prints a decision log from (electron/printPdf.ts renderLog), offline too:
  // the kept copy, its marking top and bottom, page numbers and the root hash on every page.
  await page.goto(`${appUrl}#/print-log/${encodeURIComponent(bundle.operation.id)}/silver?marking=OFFICIAL-SENSITIVE`);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-print-state', 'ready');
  const logPdf = path.join('test-results', 'h-log12-silver-log.pdf');
  await page.pdf({ path: logPdf, preferCSSPageSize: true, printBackground: true });
  const logText = execFileSync('pdftotext', ['-raw', logPdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(logText).toContain('Silver decision log');
  expect(logText).toContain('Close Westminster Bridge to traffic');
  expect(logText).toContain('(corrected by #3)');
  expect(logText.match(/OFFICIAL-SENSITIVE/g)?.length).toBeGreaterThanOrEqual(2);
  expect(logText).toMatch(/Page 1 of \d/);
  expect(logText).toContain(`Root ${shortRoot}`);

  const annexPage = Array.from({ length: pages }, (_, i) => i + 1)
    // Not the contents page, which names the annex too.
    .find((n) => pageText(pdf, n).includes('Annex E: Decision log') && pageText(pdf, n).includes('Decisions made up to'))!;
  expect(pageText(pdf, annexPage)).toContain(bundle.operation.marking);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(annexPage), '-l', String(annexPage), '-singlefile', pdf, 'test-results/h-log12-annex']);
});

test('a workstation that never read the decision logs says so in the pack', async ({ page, appUrl }, testInfo) => {
  test.setTimeout(180_000);
  await importPlan(page, appUrl, testInfo.outputPath('plan.cordon'));
  const { pdf } = await printPack(page, appUrl, 'pack-no-logs');
  const all = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(all).toContain('Annex E: Decision log');
  expect(all).toContain('Decision log not available on this workstation (last fetched: never)');
});
