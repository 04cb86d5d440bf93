import fs from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, createOperation, drawPolygon } from '../helpers/app';

test('the command palette opens from the keyboard and runs File > Export from the Brief workspace', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Kestrel');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.6, 0.3],
    [0.6, 0.6],
  ]);
  await page.getByTestId('workspace-brief').click();
  await expect(page.getByTestId('brief-workspace')).toBeVisible();

  // Ctrl+K opens the palette with the search box focused; it lists what the Brief workspace can do, not plan-only commands.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Search commands' })).toBeFocused();
  const options = palette.getByRole('option');
  await expect(options.filter({ hasText: 'Export operation (.cordon)' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'About Cordon' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'Go to' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('command-palette.png') });
  // Labelled, contrasted and announced properly (no serious or critical axe findings in the palette).
  const axe = await new AxeBuilder({ page }).include('[data-testid="command-palette"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Typing narrows the list; arrows and Enter run the chosen command. The file downloads (web mode's save).
  await page.keyboard.type('export');
  await expect(options).toHaveCount(4);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(1)).toContainText('File › Export GeoJSON');
  await page.screenshot({ path: testInfo.outputPath('command-palette-export.png') });
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const file = testInfo.outputPath('kestrel.geojson');
  await (await download).saveAs(file);
  const geojson = JSON.parse(await fs.readFile(file, 'utf8')) as { type: string; features: { properties: Record<string, unknown> }[] };
  expect(geojson.type).toBe('FeatureCollection');
  expect(geojson.features.some((f) => f.properties['cordon:kind'] === 'sector')).toBe(true);
  await expect(page.getByTestId('toast')).toContainText('Exported GeoJSON');
  // Still in the Brief workspace: the export did not need the Plan workspace.
  await expect(page.getByTestId('brief-workspace')).toBeVisible();

  // Ctrl+E, the .cordon export's shortcut, works here too.
  const cordon = page.waitForEvent('download');
  await page.keyboard.press('Control+e');
  expect((await cordon).suggestedFilename()).toBe('Operation-Kestrel.cordon');
});

test('Help > About, from the palette, shows the version and the map credits; Escape closes it', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await page.getByTestId('open-palette').click();
  await page.getByRole('combobox', { name: 'Search commands' }).fill('about');
  await page.keyboard.press('Enter');
  const about = page.getByRole('dialog', { name: 'About Cordon' });
  await expect(about).toBeVisible();
  await expect(page.getByTestId('about-version')).toContainText(/^\d+\.\d+\.\d+ \(web mode\)$/);
  await expect(page.getByTestId('about-attribution')).toContainText('© OpenStreetMap contributors');
  await expect(about).toContainText('Licence notices');
  await page.screenshot({ path: testInfo.outputPath('about.png') });
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();
});
