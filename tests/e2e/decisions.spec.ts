/**
 * Decision logs and the control-room log in web mode against a real command server on SQLite (started by the test):
 * a loggist records two decisions for Silver, corrects one (struck through, its correction beside it) and verifies
 * the log; one byte changed in the server's SQLite file (server stopped, file edited, server started again) makes
 * "Verify log" name that entry; a controller adds a METHANE entry to the control-room log and finds it by search.
 */
import { readFileSync, rmSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_OPERATION_ID } from '../../server/demo/demoOperation';
import { createCommandServer, type CommandServer } from '../../server/createServer';
import { test, expect } from '../helpers/app';

const OPERATION = 'op-e2e-decisions';
let server: CommandServer | null = null;
let dataDir = '';

async function start(port = 0) {
  return createCommandServer({ port, store: 'sqlite', dataDir, cotPort: null, log: false, publishDemo: false, tickMs: 200 });
}

test.beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'h-decisions-e2e-'));
});
test.afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function connectAs(page: Page, serverUrl: string, user: string, token: string) {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(serverUrl);
  await page.getByTestId('server-user').fill(user);
  await page.getByTestId('server-token').fill(token);
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

/** "Print decision log": the printed document made into a PDF by Chromium's print engine and read back with pdftotext. */
async function checkPrintedLog(page: Page, shortRoot: string) {
  await page.getByTestId('print-marking').selectOption('OFFICIAL-SENSITIVE');
  // The window is marked as the log on screen is, top and bottom.
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL-SENSITIVE');
  await expect(page.getByTestId('marking-bottom')).toHaveText('OFFICIAL-SENSITIVE');
  await page.getByTestId('print-log').click();
  const html = await page.locator('iframe[data-testid="decision-log-print"]').getAttribute('srcdoc');
  expect(html).toContain('Silver decision log');
  const printPage = await page.context().newPage();
  await printPage.setContent(html!);
  const pdfPath = path.join('test-results', 'h-decisions-log.pdf');
  await printPage.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await printPage.close();
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))![1]);
  expect(pages).toBeGreaterThanOrEqual(1);
  const all = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  expect(all).toContain('Open the filter cordon at Great George Street and Parliament Street');
  expect(all).toContain('(corrected by #3)');
  for (let n = 1; n <= pages; n++) {
    const text = execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfPath, '-'], { encoding: 'utf8' });
    expect(text.match(/OFFICIAL-SENSITIVE/g)?.length, `marking top and bottom of page ${n}`).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Page ${n} of ${pages}`);
    expect(text, `the checkpoint hash on page ${n}`).toMatch(new RegExp(`Root ${shortRoot}[0-9a-f]{52}`));
  }
}

async function recordDecision(page: Page, d: { information: string; decision: string }) {
  await page.getByTestId('new-entry').click();
  await fillDecision(page, d);
  await page.getByTestId('ndm-submit').click();
}

async function fillDecision(page: Page, d: { information: string; decision: string }) {
  await page.getByTestId('ndm-on-behalf-of').fill('Supt Silver');
  await page.getByTestId('ndm-information').fill(d.information);
  await page.getByTestId('ndm-information-ref').fill('CAD 4411');
  await page.getByTestId('ndm-threat').fill('Crushing at the pinch point on Whitehall');
  await page.getByTestId('ndm-strategy').fill('Keep the procession moving and safe');
  await page.getByTestId('ndm-powers').fill('Common law; Public Order Act 1986 s.12 conditions');
  await page.getByTestId('ndm-option-0').fill('Containment');
  await page.getByTestId('ndm-option-why-0').fill('Disproportionate at this stage');
  await page.getByTestId('ndm-decision').fill(d.decision);
  await page.getByTestId('ndm-rationale').fill('Relieves pressure where the crowd is densest');
  await page.getByTestId('ndm-ethics').fill('Fairness: least intrusive option first');
}

test('a loggist records and corrects Silver decisions, verifies the log, and a changed byte in the store is named', async ({ page, appUrl }) => {
  server = await start();
  await page.goto(appUrl);
  await connectAs(page, server.url, 'E2E Loggist', 'cordon-dev-loggist');
  await page.getByTestId('workspace-decisions').click();
  await page.getByTestId('decisions-operation').fill(OPERATION);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('decisions-link')).toHaveText('Connected');
  await page.getByTestId('log-silver').click();

  await recordDecision(page, { information: 'About 2,000 marchers at Trafalgar Square', decision: 'Open the filter cordon at Great George Street' });
  await expect(page.getByTestId('entry-1')).toContainText('Open the filter cordon at Great George Street');
  await recordDecision(page, { information: 'Counter-protest forming on Whitehall', decision: 'Hold the cordon at Whitehall Place' });
  await expect(page.getByTestId('entry-2')).toContainText('Hold the cordon at Whitehall Place');
  // The author is the token's user, whatever name is typed; the loggist writes for the commander.
  await expect(page.getByTestId('entry-1')).toContainText('Dev loggist (loggist) for Supt Silver');

  // Correct #1: a new entry #3 that points at it; #1 struck through with #3 beside it.
  await page.getByTestId('correct-1').click();
  await page.getByTestId('ndm-decision').fill('Open the filter cordon at Great George Street and Parliament Street');
  await page.getByTestId('ndm-submit').click();
  await expect(page.getByTestId('correction-of-1')).toContainText('Corrected by #3');
  await expect(page.getByTestId('entry-1').locator('del.struck')).toContainText('Open the filter cordon at Great George Street');
  await expect(page.getByTestId('entry-3')).toContainText('corrects #1');

  await page.getByTestId('verify-log').click();
  await expect(page.getByTestId('verify-result')).toContainText('Verified: 3 entries, root ');
  // The workspace with the form open: no serious or critical accessibility violations (labels, contrast).
  await page.getByTestId('new-entry').click();
  const violations = (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(violations).toEqual([]);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.screenshot({ path: 'test-results/h-decisions-log.png' });
  const shortRoot = /root ([0-9a-f]{12})/.exec(await page.getByTestId('verify-result').innerText())![1]!;
  await checkPrintedLog(page, shortRoot);

  // Tamper with the stored log at rest: stop the server, change one byte of entry #2 in the SQLite file, start again.
  const port = server.httpPort;
  await server.close();
  server = null;
  await expect(page.getByTestId('decisions-link')).not.toHaveText('Connected');
  const file = path.join(dataDir, 'cordon-server.sqlite');
  expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);
  const bytes = readFileSync(file);
  const at = bytes.indexOf('Hold the cordon at Whitehall Place');
  expect(at).toBeGreaterThan(0);
  bytes[at] = 'J'.charCodeAt(0);
  writeFileSync(file, bytes);
  server = await start(port);
  await expect(page.getByTestId('decisions-link')).toHaveText('Connected', { timeout: 30_000 });
  await page.getByTestId('verify-log').click();
  await expect(page.getByTestId('verify-result')).toContainText('NOT VERIFIED: first bad entry #2. entry #2 has been changed since it was stored');
  await page.screenshot({ path: 'test-results/h-decisions-tampered.png' });
});

test('a controller declares a major incident (METHANE) in the control-room log and finds it by search', async ({ page, appUrl }) => {
  // The control room watches an operation the server holds: the demo's.
  server = await createCommandServer({ port: 0, store: 'sqlite', dataDir, cotPort: null, log: false, publishDemo: true, tickMs: 200 });
  await page.goto(appUrl);
  await connectAs(page, server.url, 'E2E Controller', 'cordon-dev-controller');
  await page.getByTestId('workspace-live').click();
  await expect(page.getByTestId('link-state')).toHaveText('Connected');
  await page.getByTestId('live-operation').selectOption(DEMO_OPERATION_ID);
  await page.getByTestId('live-tab-log').click();
  // An empty log says what to do, and goes once there is an entry.
  await expect(page.getByTestId('clog-empty')).toContainText('Nothing logged yet for this operation');

  await page.getByTestId('clog-grid').fill('TQ 30044 79961');
  await page.getByTestId('clog-cad').fill('CAD 5120');
  await page.getByTestId('clog-text').fill('Crowd crush at Parliament Square');
  await page.getByTestId('clog-units').fill('CX21, CX22');
  await page.getByTestId('clog-methane').check();
  await page.getByTestId('methane-myCallSign').fill('MP Silver');
  await page.getByTestId('methane-exactLocation').fill('Parliament Square, north-east corner');
  await page.getByTestId('methane-typeOfIncident').fill('Crowd crush');
  await page.getByTestId('methane-hazards').fill('Continuing crowd surge');
  await page.getByTestId('methane-access').fill('Via Victoria Street only');
  await page.getByTestId('methane-numberOfCasualties').fill('12 casualties, 3 P1');
  await page.getByTestId('methane-emergencyServices').fill('LAS present; HEMS and LFB required');
  await page.getByTestId('clog-add').click();
  await expect(page.getByTestId('clog-entry-1')).toContainText('MAJOR INCIDENT DECLARED');
  await expect(page.getByTestId('clog-empty')).toHaveCount(0);

  await page.getByTestId('clog-text').fill('Serial CX30 to Victoria Street');
  await page.getByTestId('clog-add').click();
  await expect(page.getByTestId('clog-entry-2')).toBeVisible();

  await page.getByTestId('clog-search').fill('hems');
  await expect(page.getByTestId('clog-entries').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('clog-entry-1')).toContainText('TQ 30044 79961');
  await expect(page.getByTestId('clog-entry-1')).toContainText('Dev controller');
  await page.screenshot({ path: 'test-results/h-decisions-control-log.png' });
});
