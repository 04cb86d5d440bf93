/** Everyday friction a new planner or control-room operator hits (issue 9), each proved through the UI. */
import type { Locator, Page } from '@playwright/test';
import { test, expect, createOperation, clickMap, goToGridRef } from '../helpers/app';

async function drawRoute(page: Page) {
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  await page.getByTestId('tool-route').click();
  await clickMap(page, [[0.3, 0.5], [0.5, 0.45]]);
  await clickMap(page, [[0.7, 0.5]], { double: true });
  await expect(page.getByTestId('prop-route-start')).toBeVisible();
}

/** The field is wide enough to show its whole date and time, and lies inside the panel it is in. */
async function expectFits(field: Locator, panel: Locator) {
  const f = (await field.boundingBox())!;
  const p = (await panel.boundingBox())!;
  expect(f.width).toBeGreaterThanOrEqual(200);
  expect(f.x).toBeGreaterThanOrEqual(p.x);
  expect(f.x + f.width).toBeLessThanOrEqual(p.x + p.width);
}

test('a start time typed just before "Add checkpoint" is kept, and so is a checkpoint renamed just before another is added', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Lapwing');
  await drawRoute(page);

  // Type the time and click the button at once: the field commits on blur, then the click adds a checkpoint.
  await page.getByTestId('prop-route-start').fill('2026-06-13T11:00');
  await page.getByTestId('add-checkpoint').click();
  await expect(page.getByTestId('checkpoints').getByRole('row')).toHaveCount(2);
  await expect(page.getByTestId('checkpoint-eta').first()).not.toHaveText('set a start time');
  await expect(page.getByTestId('prop-route-start')).toHaveValue('2026-06-13T11:00');

  // Another field and action: rename the checkpoint, then add a second one straight away.
  await page.getByTestId('checkpoints').getByLabel('Name').first().fill('Trafalgar Square');
  await page.getByTestId('add-checkpoint').click();
  await expect(page.getByTestId('checkpoints').getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('checkpoints').getByLabel('Name').first()).toHaveValue('Trafalgar Square');

  await page.getByTestId('tab-history').click();
  const history = page.getByTestId('revision-list');
  await expect(history).toContainText('Set route start');
  await expect(history).toContainText('Rename checkpoint');
  await page.getByTestId('tab-features').click();

  await page.reload();
  await page.getByTestId('feature-list').getByText('Route 1').click();
  await expect(page.getByTestId('prop-route-start')).toHaveValue('2026-06-13T11:00');
  await expect(page.getByTestId('checkpoints').getByLabel('Name').first()).toHaveValue('Trafalgar Square');
});

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
]) {
  test(`date-time fields fit their panel at ${viewport.width}x${viewport.height} and Tab moves on from them`, async ({ page, appUrl }) => {
    await page.setViewportSize(viewport);
    await page.goto(appUrl);
    await createOperation(page, 'Operation Dunlin');
    await drawRoute(page);
    const inspector = page.getByTestId('properties');
    await expectFits(page.getByTestId('prop-route-start'), inspector);
    await page.screenshot({ path: `test-results/friction-route-${viewport.width}.png` });

    // Tab from "Steps off at" goes to the next control (not to the minutes inside the same field).
    await page.getByTestId('prop-route-start').focus();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('prop-route-start')).not.toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByTestId('prop-route-start')).toBeFocused();

    await page.getByTestId('tab-phases').click();
    const phase = page.getByTestId('phase-row').first();
    const ends = phase.getByLabel('Ends');
    await expectFits(ends, phase);
    await ends.focus();
    await page.keyboard.press('Tab');
    await expect(ends).not.toBeFocused();
    await page.screenshot({ path: `test-results/friction-phases-${viewport.width}.png` });
  });
}
