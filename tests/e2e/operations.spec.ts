import { test, expect, createOperation, drawPolygon } from '../helpers/app';

test('operation details, template, archive and delete from the operations list', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Heron');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.6, 0.3],
    [0.6, 0.6],
  ]);

  // The marking the commander sets stands at top and bottom at once (SECRET is not on offer: see marking.spec.ts).
  await page.getByTestId('operation-title').click();
  await expect(page.getByTestId('op-marking').locator('option')).toHaveText(['OFFICIAL', 'OFFICIAL-SENSITIVE']);
  // Approval is not a status to pick (a commander approves a published version); "live" is.
  await expect(page.getByTestId('op-status').locator('option')).toHaveText(['draft', 'live', 'closed']);
  await page.getByTestId('op-status').selectOption('live');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL-SENSITIVE');
  await expect(page.getByTestId('marking-bottom')).toHaveText('OFFICIAL-SENSITIVE');
  await expect(page.getByTestId('operation-title')).toContainText('live');

  await page.getByRole('button', { name: 'Operations', exact: true }).click();
  const table = page.getByTestId('operations-table');
  await table
    .getByRole('row', { name: /Operation Heron/ })
    .getByRole('button', { name: 'Duplicate as template' })
    .click();
  await expect(table).toContainText('Operation Heron (template)');

  // The template is a draft with the same plan.
  await page.getByRole('button', { name: 'Open Operation Heron (template)' }).click();
  await expect(page.getByTestId('operation-title')).toContainText('draft');
  await expect(page.getByTestId('feature-list')).toContainText('Sector 1');

  await page.getByRole('button', { name: 'Operations', exact: true }).click();
  await table
    .getByRole('row', { name: /Operation Heron \(template\)/ })
    .getByRole('button', { name: 'Archive' })
    .click();
  await expect(table).not.toContainText('(template)');
  await page.getByLabel('Show archived').check();
  await expect(table).toContainText('Operation Heron (template)');

  await page.getByRole('button', { name: 'Delete Operation Heron (template)' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();
  await expect(table).toContainText('Operation Heron (template)');
  await page.getByRole('button', { name: 'Delete Operation Heron (template)' }).click();
  await page.getByTestId('confirm-delete').click();
  await expect(table).not.toContainText('(template)');
  await expect(table).toContainText('Operation Heron');
});
