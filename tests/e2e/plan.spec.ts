import { test, expect, createOperation, drawPolygon, mapIdle, goToGridRef, clickMap } from '../helpers/app';

test('a planner drafts an operation, and all of it is there after a reload', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Kingfisher');
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL-SENSITIVE');
  await expect(page.getByTestId('marking-bottom')).toHaveText('OFFICIAL-SENSITIVE');

  // Russell Square.
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');

  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.7, 0.3],
    [0.7, 0.7],
    [0.3, 0.7],
  ]);
  await expect(page.getByTestId('prop-name')).toHaveValue('Sector 1');
  await page.getByTestId('prop-bronze').fill('Sector 1 Bronze');
  await page.getByTestId('prop-bronze').press('Enter');
  await expect(page.getByTestId('measure-area')).toContainText(/m²|ha|km²/);

  await drawPolygon(page, 'tool-cordon-area', [
    [0.45, 0.45],
    [0.55, 0.45],
    [0.55, 0.55],
    [0.45, 0.55],
  ]);
  await expect(page.getByTestId('prop-kind')).toHaveValue('cordon');
  await page.getByTestId('add-access-point').click();
  await expect(page.getByTestId('ap-staff-0')).toBeVisible();
  // Put the access point where it really is: one click on the map.
  await page.getByTestId('ap-place-0').click();
  await expect(page.getByText('Click on the map where the access point is')).toBeVisible();
  await clickMap(page, [[0.5, 0.45]]);
  await expect(page.getByText('Click on the map where the access point is')).toBeHidden();
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-list')).toContainText('Place access point');
  await page.getByTestId('tab-features').click();

  // A unit, assigned to the sector.
  await page.getByTestId('tab-units').click();
  await page.getByTestId('unit-callsign').fill('U101');
  await page.getByTestId('add-unit').click();
  await expect(page.getByTestId('unit-list')).toContainText('U101');

  await page.getByTestId('tab-assign').click();
  await page.getByTestId('assign-target-kind').selectOption('sector');
  await page.getByTestId('add-assignment').click();
  await expect(page.getByTestId('assignment-table')).toContainText('U101');
  await expect(page.getByTestId('assignment-table')).toContainText('Sector 1');
  // A PSU is 1 Insp, 3 PS, 21 PC: 25 officers.
  await expect(page.getByTestId('totals-by-phase')).toContainText('21');
  await expect(page.getByTestId('totals-by-phase').getByTestId('officer-total').first()).toHaveText('25');

  // Undo and redo the assignment through the toolbar.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('assignment-table')).not.toContainText('U101');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('assignment-table')).toContainText('U101');

  await page.reload();
  await mapIdle(page);
  await expect(page.getByTestId('operation-title')).toContainText('Operation Kingfisher');
  await expect(page.getByTestId('feature-list')).toContainText('Sector 1');
  await expect(page.getByTestId('feature-list')).toContainText('Cordon 1');
  await page.getByTestId('tab-units').click();
  await expect(page.getByTestId('unit-list')).toContainText('U101');
  await page.getByTestId('tab-assign').click();
  await expect(page.getByTestId('assignment-table')).toContainText('U101');

  // The sector keeps its Bronze; the cordon keeps its access point.
  await page.getByTestId('tab-features').click();
  await page.getByTestId('feature-list').getByText('Sector 1').click();
  await expect(page.getByTestId('prop-bronze')).toHaveValue('Sector 1 Bronze');
  await page.getByTestId('feature-list').getByText('Cordon 1').click();
  await expect(page.getByTestId('ap-staff-0')).toHaveValue('2');

  // A click on the map selects what is under the pointer.
  await page.keyboard.press('Escape');
  await clickMap(page, [[0.5, 0.5]]);
  await expect(page.getByTestId('prop-name')).toHaveValue('Cordon 1');
});
