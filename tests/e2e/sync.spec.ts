/**
 * Sharing an operation (issue 11), against a real command server on SQLite started by the test, with two
 * workstations (browser contexts, each its own IndexedDB): a planner shares "Operation Kingfisher" and a commander
 * opens it; both edit different features at once and both see both edits; with the server stopped, both rename the
 * same feature and the planner goes on editing offline; the server comes back on the same data and port, the
 * planner's offline edits reach the commander, one conflict appears on both, the commander keeps theirs ("Keep mine")
 * and both show it resolved with the same name.
 */
import type { Page } from '@playwright/test';
import { test, expect, createOperation, drawPolygon, goToGridRef, mapIdle } from '../helpers/app';
import { pointAppAt, sqliteServerPerTest } from '../helpers/commandServer';

const cs = sqliteServerPerTest();

/** Selects a feature in the Plan list and renames it through the properties panel. */
async function rename(page: Page, from: string, to: string) {
  await page.getByTestId('tab-features').click();
  await page
    .getByTestId('feature-list')
    .getByRole('button', { name: new RegExp(`^${from.replace(/[()]/g, '\\$&')}\\b`) })
    .click();
  const name = page.getByTestId('prop-name');
  await expect(name).toHaveValue(from);
  await name.fill(to);
  await name.press('Enter');
  await expect(page.getByTestId('feature-list')).toContainText(to);
}

const names = (page: Page) => page.getByTestId('feature-list').locator('li');

test('share, open, edit at once, conflict resolved once for both, offline edits reach the other workstation', async ({ page, browser, appUrl }, info) => {
  test.setTimeout(400_000);
  const server = await cs.start();
  const port = Number(new URL(server.url).port);

  // A planner drafts Kingfisher with two sectors and shares it.
  await pointAppAt(page, appUrl, server.url, { user: 'E2E Planner', token: 'cordon-dev-planner' });
  await createOperation(page, 'Operation Kingfisher');
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  for (const x of [0.2, 0.5]) {
    await drawPolygon(page, 'tool-sector', [
      [x, 0.3],
      [x + 0.2, 0.3],
      [x + 0.2, 0.6],
      [x, 0.6],
    ]);
  }
  await expect(page.getByTestId('sync-local')).toHaveText('Only on this workstation');
  await page.getByTestId('share-operation').click();
  await expect(page.getByRole('dialog')).toContainText('Share Operation Kingfisher with the planning cell');
  await page.screenshot({ path: info.outputPath('share-dialog.png') });
  await page.getByTestId('share-submit').click();
  await expect(page.getByTestId('sync-link')).toHaveText('Connected');
  await expect(page.getByTestId('sync-progress')).toHaveText(/^Synced \d\d:\d\d:\d\d$/);

  // A commander on another workstation opens it from the server's list.
  const bContext = await browser.newContext();
  const b = await bContext.newPage();
  await pointAppAt(b, appUrl, server.url, { user: 'E2E Commander', token: 'cordon-dev-commander' });
  await b.getByTestId('open-shared').click();
  const list = b.getByTestId('shared-operations');
  await expect(list).toContainText('Operation Kingfisher');
  await b.screenshot({ path: info.outputPath('open-shared-dialog.png') });
  await list.getByRole('button', { name: 'Open Operation Kingfisher' }).click();
  await expect(b.getByTestId('operation-title')).toContainText('Operation Kingfisher');
  await mapIdle(b);
  await expect(names(b)).toHaveCount(2);
  await expect(b.getByTestId('feature-list')).toContainText('Sector 1');
  await expect(b.getByTestId('feature-list')).toContainText('Sector 2');
  await expect(b.getByTestId('sync-link')).toHaveText('Connected');

  // Both edit different features at once: both see both edits.
  await Promise.all([rename(page, 'Sector 1', 'Sector 1 North'), rename(b, 'Sector 2', 'Sector 2 South')]);
  for (const p of [page, b]) {
    await expect(p.getByTestId('feature-list')).toContainText('Sector 1 North');
    await expect(p.getByTestId('feature-list')).toContainText('Sector 2 South');
    await expect(p.getByTestId('sync-progress')).toHaveText(/^Synced /);
  }

  // The server goes away. Both rename the same sector; the planner goes on working offline.
  await cs.stop();
  for (const p of [page, b]) await expect(p.getByTestId('sync-link')).toHaveText('Server unreachable');
  await rename(b, 'Sector 1 North', 'Sector 1 Bravo');
  await rename(page, 'Sector 1 North', 'Sector 1 Alpha');
  await rename(page, 'Sector 2 South', 'Sector 2 Offline');
  await drawPolygon(page, 'tool-sector', [
    [0.35, 0.65],
    [0.55, 0.65],
    [0.55, 0.85],
    [0.35, 0.85],
  ]);
  await expect(page.getByTestId('sync-progress')).toHaveText('3 changes waiting');
  await expect(b.getByTestId('sync-progress')).toHaveText('1 change waiting');
  await page.getByTestId('sync-bar').screenshot({ path: info.outputPath('status-offline.png') });

  // The server comes back on the same data and port: the outboxes drain, the pulls catch up.
  await cs.start(port);
  for (const p of [page, b]) {
    await expect(p.getByTestId('sync-link')).toHaveText('Connected', { timeout: 90_000 });
    await expect(p.getByTestId('sync-progress')).toHaveText(/^Synced /, { timeout: 30_000 });
  }
  await expect(b.getByTestId('feature-list')).toContainText('Sector 2 Offline');
  await expect(names(b)).toHaveCount(3);
  await expect(names(page)).toHaveCount(3);

  // One conflict, on both workstations.
  for (const p of [page, b]) await expect(p.getByTestId('sync-conflicts')).toHaveText('1 conflict');
  await b.getByTestId('sync-bar').screenshot({ path: info.outputPath('status-conflict.png') });
  await b.getByTestId('sync-conflicts').click();
  const conflict = b.getByTestId('open-conflicts').getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict.getByTestId('conflict-mine')).toHaveText('Sector 1 Bravo');
  await expect(conflict.getByTestId('conflict-theirs')).toHaveText('Sector 1 Alpha');
  await b.screenshot({ path: info.outputPath('conflict-panel.png') });
  await conflict.getByTestId('keep-mine').click();
  await expect(b.getByTestId('resolved-conflicts').getByTestId('conflict-resolved')).toContainText(
    /^Resolved by Dev commander, .+ \d\d:\d\d: kept name “Sector 1 Bravo”$/,
  );
  await b.screenshot({ path: info.outputPath('conflict-resolved.png') });
  await b.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // Resolved on both, and the names agree.
  for (const p of [page, b]) {
    await expect(p.getByTestId('sync-conflicts')).toHaveCount(0);
    await expect(p.getByTestId('sync-conflicts-resolved')).toHaveText('1 resolved');
    await expect(p.getByTestId('feature-list')).toContainText('Sector 1 Bravo');
    await expect(p.getByTestId('feature-list')).not.toContainText('Sector 1 Alpha');
  }
  await page.getByTestId('sync-conflicts-resolved').click();
  await expect(page.getByTestId('resolved-conflicts').getByTestId('conflict-resolved')).toContainText('Resolved by Dev commander');
  await expect(page.getByTestId('resolved-conflicts').getByTestId('conflict-resolved')).toContainText('kept name “Sector 1 Bravo”');

  // The planner's history shows the commander's edits as theirs.
  await page.keyboard.press('Escape');
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-list')).toContainText('— by');
  await bContext.close();
});
