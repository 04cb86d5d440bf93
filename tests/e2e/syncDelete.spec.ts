/**
 * Deleting a shared operation from a workstation (issue 11), against a real command server on SQLite: the planner
 * shares "Operation Heron", edits it while the server is away (one change waiting), and deletes it from the operations
 * list. The dialog says only this workstation's copy goes and the planning cell keeps it, warns that the waiting change
 * would be lost and will not delete until that is accepted. With the server back, "Open shared operation…" brings the
 * server's copy back, without the lost change and with nothing waiting.
 */
import { test, expect, createOperation, drawPolygon, goToGridRef } from '../helpers/app';
import { pointAppAt, sqliteServerPerTest } from '../helpers/commandServer';

const cs = sqliteServerPerTest();

test('removing a shared operation from this workstation says what it does, guards unsent changes, and it opens again', async ({ page, appUrl }, info) => {
  test.setTimeout(240_000);
  const server = await cs.start();
  const port = Number(new URL(server.url).port);
  await pointAppAt(page, appUrl, server.url, { user: 'E2E Planner', token: 'cordon-dev-planner' });
  await createOperation(page, 'Operation Heron');
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.5, 0.3],
    [0.5, 0.6],
    [0.3, 0.6],
  ]);
  await page.getByTestId('share-operation').click();
  await page.getByTestId('share-submit').click();
  await expect(page.getByTestId('sync-progress')).toHaveText(/^Synced \d\d:\d\d:\d\d$/);

  // The server goes away; an edit made now waits in the outbox.
  await cs.stop();
  await expect(page.getByTestId('sync-link')).toHaveText('Server unreachable');
  await page.getByTestId('tab-features').click();
  await page
    .getByTestId('feature-list')
    .getByRole('button', { name: /^Sector 1\b/ })
    .click();
  await page.getByTestId('prop-name').fill('Sector 1 Offline');
  await page.getByTestId('prop-name').press('Enter');
  await expect(page.getByTestId('sync-progress')).toHaveText('1 change waiting');

  // Delete it from the operations list: the dialog says what goes and what stays.
  await page.getByRole('button', { name: 'Operations', exact: true }).click();
  await page.getByRole('button', { name: 'Delete Operation Heron' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Operation Heron from this workstation?' });
  await expect(dialog.getByTestId('delete-shared-note')).toContainText(
    "removes only this workstation's copy, with its revision history here. The planning cell keeps it; you can open it again with Open shared operation…",
  );
  await expect(dialog.getByTestId('delete-pending-warning')).toContainText('1 change made here has not reached the server yet. Removing this copy loses it');
  const remove = dialog.getByRole('button', { name: 'Remove from this workstation' });
  await expect(remove).toBeDisabled();
  await page.screenshot({ path: info.outputPath('delete-shared-dialog.png') });
  // Keyboard: tick the acceptance and remove without the mouse.
  await dialog.getByLabel('Lose this change').focus();
  await page.keyboard.press('Space');
  await expect(remove).toBeEnabled();
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('toast')).toContainText('Operation Heron removed from this workstation; the planning cell keeps it.');
  await expect(page.getByRole('button', { name: 'Open Operation Heron' })).toHaveCount(0);

  // The server comes back: the planning cell's copy opens again, as the server has it, with nothing waiting.
  await cs.start(port);
  await page.getByTestId('open-shared').click();
  const list = page.getByTestId('shared-operations');
  await expect(list).toContainText('Operation Heron', { timeout: 60_000 });
  await list.getByRole('button', { name: 'Open Operation Heron' }).click();
  await expect(page.getByTestId('operation-title')).toContainText('Operation Heron');
  await page.getByTestId('tab-features').click();
  await expect(page.getByTestId('feature-list')).toContainText('Sector 1');
  await expect(page.getByTestId('feature-list')).not.toContainText('Sector 1 Offline');
  await expect(page.getByTestId('sync-progress')).toHaveText(/^Synced /, { timeout: 60_000 });
});
