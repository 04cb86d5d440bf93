/**
 * Presence between two workstations against a real command server started by the test: Insp Jane Smith and PC Pat
 * Jones (named accounts, planners of Operation Kingfisher) each open the operation in Plan. How both come to hold the
 * same operation: sharing a working copy between workstations is the sync work's, not yet on main, so each imports
 * the same `.cordon` file (written by the test from the server's own plan; the import keeps the operation id). Each
 * sees the other in the "Also here" strip; when Pat selects a sector, Jane's map outlines it in Pat's colour and
 * her properties panel says "Also selected by PC Pat Jones"; Jane moves to Live and Pat's strip says so; when Pat
 * closes the page, Jane's strip drops Pat.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { DEV_TOKENS } from '../../server/config';
import { createCommandServer, type CommandServer } from '../../server/createServer';
import { DEMO_OPERATION_ID, demoOperation } from '../../server/demo/demoOperation';
import { writeCordonFile } from '../../renderer/features/io/cordonFile';
import { test, expect, mapIdle } from '../helpers/app';

const SETUP = { actor: { kind: 'service' as const, name: 'e2e setup', role: 'commander' as const }, workstation: null };
/** The demo plan's own id (its rows name it), under another name. */
const OP = DEMO_OPERATION_ID;

let server: CommandServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

async function startServer() {
  const s = await createCommandServer({
    port: 0,
    store: 'memory',
    cotPort: null,
    log: false,
    tickMs: 200,
    publishDemo: false,
    config: { feeds: [{ name: 'Dev feed', token: DEV_TOKENS.feed, operationIds: ['*'] }] },
  });
  const demo = demoOperation();
  const plan = { ...demo, operation: { ...demo.operation, id: OP, name: 'Operation Kingfisher' } };
  const published = await s.hub.publishPlan(plan);
  if (!published.ok) throw new Error(published.error);
  for (const p of [
    { userName: 'jsmith', name: 'Jane Smith', rank: 'Insp', collar: '4521', password: 'jsmith-password', admin: false },
    { userName: 'pjones', name: 'Pat Jones', rank: 'PC', collar: '123', password: 'pjones-password', admin: false },
  ]) {
    const made = await s.accounts.createUser(p, SETUP);
    if (!made.ok) throw new Error(made.error);
    await s.accounts.setRoles(made.value.id, OP, ['planner'], SETUP);
  }
  return { server: s, plan };
}

/** Points the app at the server, signs in, and imports the operation file (which opens it in Plan). */
async function openAs(page: Page, appUrl: string, serverUrl: string, userName: string, cordonFile: string) {
  await page.goto(appUrl);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(serverUrl);
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('sign-in').click();
  await page.getByTestId('login-user').fill(userName);
  await page.getByTestId('login-password').fill(`${userName}-password`);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-cordon').click();
  await (await chooser).setFiles(cordonFile);
  await expect(page.getByTestId('toast')).toContainText('Imported Operation Kingfisher');
  await mapIdle(page);
}

/** Who has the outlined features selected, as drawn on the map now. */
async function outlinedBy(page: Page): Promise<string[]> {
  return page.getByTestId('map').evaluate((el) => {
    const map = (
      el as HTMLElement & { cordonMap: { getLayer(id: string): unknown; queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[] } }
    ).cordonMap;
    const layers = ['presence-outline-line', 'presence-outline-point'].filter((id) => map.getLayer(id));
    return [...new Set(map.queryRenderedFeatures({ layers }).map((f) => `${String(f.properties.id)} ${String(f.properties.who)}`))].sort();
  });
}

test('two planners see each other, what the other selected, and the other leaving', async ({ page, browser, appUrl }, info) => {
  test.setTimeout(300_000);
  const started = await startServer();
  server = started.server;
  const file = info.outputPath('kingfisher.cordon');
  writeFileSync(file, writeCordonFile(started.plan));
  const sector = started.plan.features.find((f) => f.name === 'Russell Square')!;

  await openAs(page, appUrl, server.url, 'jsmith', file);
  const patContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const pat = await patContext.newPage();
  await openAs(pat, appUrl, server.url, 'pjones', file);

  // Each sees the other, by the name of their account.
  const janeStrip = page.getByTestId('presence-strip');
  await expect(janeStrip).toContainText('Also here:');
  await expect(janeStrip).toContainText('PC Pat Jones (Plan)');
  await expect(pat.getByTestId('presence-strip')).toContainText('Insp Jane Smith (Plan)');

  // Pat selects the sector: Jane's map outlines it, and the chip's tooltip names it.
  await pat
    .getByTestId('feature-list')
    .getByRole('button')
    .filter({ has: pat.getByText('Russell Square', { exact: true }) })
    .click();
  await expect(pat.getByTestId('properties')).toBeVisible();
  const chip = page.getByTestId('presence-person').filter({ hasText: 'PC Pat Jones' });
  await chip.focus();
  await expect(chip.getByTestId('presence-tip')).toBeVisible();
  await expect(chip.getByTestId('presence-tip')).toHaveText('PC Pat Jones, in Plan, has selected Russell Square');
  await expect(chip).toHaveAccessibleDescription('PC Pat Jones, in Plan, has selected Russell Square');
  await expect.poll(() => outlinedBy(page), { timeout: 30_000 }).toEqual([`${sector.id} PC Pat Jones`]);
  await mapIdle(page);
  await page.screenshot({ path: info.outputPath('presence-plan-outline.png') });

  // Jane selects it too: her properties panel says who else has it.
  await page
    .getByTestId('feature-list')
    .getByRole('button')
    .filter({ has: page.getByText('Russell Square', { exact: true }) })
    .click();
  await expect(page.getByTestId('also-selected')).toHaveText('Also selected by PC Pat Jones');
  await page.screenshot({ path: info.outputPath('presence-also-selected.png') });
  // The strip and the line are labelled and legible for assistive technology (axe: no serious or critical findings).
  const axe = await new AxeBuilder({ page }).include('[data-testid="presence-strip"]').include('[data-testid="also-selected"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Jane moves to Live (watching the same operation): Pat's strip says so, and Live's header shows Pat.
  await page.getByTestId('workspace-live').click();
  await expect(pat.getByTestId('presence-strip')).toContainText('Insp Jane Smith (Live)');
  await expect(pat.getByTestId('presence-strip')).not.toContainText('(Plan)');
  const liveStrip = page.getByTestId('presence-strip');
  await expect(liveStrip).toContainText('PC Pat Jones (Plan)');
  await page.screenshot({ path: info.outputPath('presence-live-strip.png') });

  // Pat closes the page: Jane's strip drops Pat at once (the strip goes: nobody else is here).
  await pat.close();
  await expect(liveStrip).toHaveCount(0);
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(page.getByTestId('operation-title')).toContainText('Operation Kingfisher');
  await expect(page.getByTestId('presence-strip')).toHaveCount(0);
  await expect(page.getByTestId('also-selected')).toHaveCount(0);
  await expect.poll(() => outlinedBy(page)).toEqual([]);
  await patContext.close();
});
