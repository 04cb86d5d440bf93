/**
 * Planner -> approval -> control room, against a real command server started by the test: a planner drafts
 * "Operation Kingfisher" and publishes v1 with a note; a commander (a second browser context, the commander's token)
 * approves it in Live; Live picks Kingfisher from the server's list and shows "Plan v1, approved ... by ..."; an edit
 * makes the Plan "Draft since v1"; publishing v2 raises the newer-version notice in Live; and comparing v1 with v2 in
 * the Plan's History lists the added sector.
 */
import type { Page } from '@playwright/test';
import { createCommandServer, type CommandServer } from '../../server/createServer';
import { test, expect, createOperation, drawPolygon, goToGridRef } from '../helpers/app';

let server: CommandServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

/** Settings as a user fills them: the server, who is at the screen, and the token they were given. */
async function signIn(page: Page, appUrl: string, serverUrl: string, user: string, token: string) {
  await page.goto(appUrl);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(serverUrl);
  await page.getByTestId('server-user').fill(user);
  await page.getByTestId('server-token').fill(token);
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

/** Chooses an operation in Live's picker by its name (the picker lists the server's operations). */
async function watch(page: Page, name: string) {
  await page.getByTestId('workspace-live').click();
  await expect(page.getByTestId('link-state')).toHaveText('Connected');
  const picker = page.getByTestId('live-operation');
  await picker.focus();
  const option = picker.locator('option', { hasText: name });
  await expect(option).toHaveCount(1);
  await picker.selectOption((await option.getAttribute('value'))!);
}

test('publish v1, a commander approves it, Live watches it; an edit is a draft; v2 is announced and compared', async ({ page, browser, appUrl }, testInfo) => {
  // Two workstations, each with a map drawn in software: give it room on a busy machine.
  test.setTimeout(300_000);
  server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, tickMs: 200 });

  // The planner drafts the operation.
  await signIn(page, appUrl, server.url, 'E2E Planner', 'cordon-dev-planner');
  await createOperation(page, 'Operation Kingfisher');
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.5, 0.3],
    [0.5, 0.6],
    [0.3, 0.6],
  ]);
  await expect(page.getByTestId('plan-version-state')).toHaveText('Draft: never published');

  // Publish v1 with a note.
  await page.getByTestId('publish-version').click();
  await expect(page.getByRole('dialog')).toContainText('Publish version 1 of Operation Kingfisher');
  await page.getByTestId('publish-note').fill('First cut for the briefing');
  await page.screenshot({ path: testInfo.outputPath('plan-publish-dialog.png') });
  await page.getByTestId('publish-version-submit').click();
  await expect(page.getByTestId('plan-version-state')).toHaveText('v1 published (not approved)');

  // A commander, on another workstation, watches Kingfisher in Live and approves v1.
  const commanderContext = await browser.newContext();
  const commander = await commanderContext.newPage();
  await signIn(commander, appUrl, server.url, 'E2E Commander', 'cordon-dev-commander');
  await watch(commander, 'Operation Kingfisher');
  await expect(commander.getByTestId('live-plan-version')).toHaveText('Plan v1, not approved');
  await commander.getByTestId('live-approve-version').click();
  await expect(commander.getByTestId('live-plan-version')).toHaveText(/^Plan v1, approved \d\d:\d\d by Supt Dev commander$/);

  // The planner's own Live, picking Kingfisher from the list, says the same; the Plan header too.
  await watch(page, 'Operation Kingfisher');
  await expect(page.getByTestId('live-plan-version')).toHaveText(/^Plan v1, approved \d\d:\d\d by Supt Dev commander$/);
  await page.screenshot({ path: testInfo.outputPath('live-header.png') });
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(page.getByTestId('plan-version-state')).toHaveText(/^v1 published \(approved \d\d:\d\d by Supt Dev commander\)$/);

  // An edit makes the working copy a draft since v1.
  await drawPolygon(page, 'tool-sector', [
    [0.55, 0.3],
    [0.7, 0.3],
    [0.7, 0.6],
    [0.55, 0.6],
  ]);
  await expect(page.getByTestId('plan-version-state')).toHaveText('Draft since v1');

  // Publishing v2 tells the control room at once.
  await page.getByTestId('publish-version').click();
  await page.getByTestId('publish-note').fill('Sector 2 added');
  await page.getByTestId('publish-version-submit').click();
  await expect(page.getByTestId('plan-version-state')).toHaveText('v2 published (not approved)');
  const notice = commander.getByTestId('live-version-notice');
  await expect(notice).toContainText('Version 2 of the plan was published');
  await expect(notice).toContainText('by Dev planner: “Sector 2 added”');
  await expect(commander.getByTestId('live-plan-version')).toHaveText(/^Plan v2, not approved \(v1 approved \d\d:\d\d by Supt Dev commander\)$/);
  await commander.screenshot({ path: testInfo.outputPath('live-newer-version.png') });

  // The history lists both versions, and v1 -> v2 shows the added sector.
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('version-2')).toContainText('Sector 2 added');
  await expect(page.getByTestId('version-1')).toContainText('First cut for the briefing');
  await expect(page.getByTestId('version-1').getByTestId('version-approval')).toHaveText(/approved \d\d:\d\d by Supt Dev commander/);
  await page.getByTestId('compare-from').selectOption('1');
  await page.getByTestId('compare-to').selectOption('2');
  await page.getByTestId('compare-versions').click();
  const compare = page.getByTestId('version-compare');
  await expect(compare).toContainText('Changes from v1 to v2');
  await expect(page.getByTestId('version-compare-headline')).toHaveText('Features: 1 added');
  await expect(compare).toContainText('Added Sector 2');
  await page.screenshot({ path: testInfo.outputPath('plan-history.png') });
  await commanderContext.close();
});
