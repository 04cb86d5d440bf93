/**
 * The last line of defence: an error nothing else caught (here MapLibre refusing a layer, made to throw by the test
 * the way "Style is not done loading" once did after a reload) shows a screen that says so and offers Reload, not a
 * blank window; the plan is still there after the reload.
 */
import { test, expect, draftOperationWithSector } from '../helpers/app';
import type { MapElement } from '../../renderer/map/MapView';

test('an unexpected error shows the crash screen with Reload, and the plan is there after it', async ({ page, appUrl }, info) => {
  await page.goto(appUrl);
  await draftOperationWithSector(page, 'Operation Wren');

  // The next time the plan's layers are added (a theme change restyles the map), MapLibre throws.
  await page.evaluate(() => {
    const map = (document.querySelector('[data-testid="map"]') as MapElement).cordonMap!;
    map.addSource = () => {
      throw new Error('Simulated map failure');
    };
  });
  await page.getByTestId('open-settings').click();
  await page.getByRole('dialog').getByLabel('Theme').selectOption('light');

  const crash = page.getByTestId('crash-screen');
  await expect(crash.getByRole('alertdialog')).toContainText('Cordon stopped this screen after an unexpected error');
  await expect(crash).toContainText('Simulated map failure');
  await expect(crash.getByRole('button', { name: 'Reload Cordon' })).toBeFocused();
  await page.screenshot({ path: info.outputPath('crash-screen.png') });

  await crash.getByRole('button', { name: 'Reload Cordon' }).click();
  await expect(page.getByTestId('operation-title')).toContainText('Operation Wren', { timeout: 60_000 });
  await expect(page.getByTestId('feature-list')).toContainText('Sector 1');
});
