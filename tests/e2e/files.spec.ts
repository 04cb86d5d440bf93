import fs from 'node:fs/promises';
import path from 'node:path';
import { test, expect, createOperation, drawPolygon, mapIdle, SHARED_DATA } from '../helpers/app';

test('imports a KML made by someone else, after a preview', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Tube');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-features').click();
  await (await chooser).setFiles(path.join(SHARED_DATA, 'realworld/kml-london-tube-lines.kml'));
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const button = page.getByTestId('confirm-import');
  const label = await button.textContent();
  const count = Number(/Import (\d+) features/.exec(label ?? '')?.[1]);
  expect(count).toBeGreaterThan(5);
  await button.click();
  await expect(page.getByTestId('toast')).toContainText(`Imported ${count} features`);
  await expect(page.getByTestId('feature-list').locator('li')).toHaveCount(count);
});

test('a malformed file is refused with a message naming the problem, and nothing changes', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Broken');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-features').click();
  await (await chooser).setFiles(path.join(SHARED_DATA, 'realworld/bad-geojson-syntax-error.geojson'));
  await expect(page.getByTestId('toast')).toContainText('bad-geojson-syntax-error.geojson');
  await expect(page.getByTestId('feature-list').locator('li')).toHaveCount(0);
});

test('exports a .cordon file and imports it back unchanged', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Roundtrip');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.6, 0.3],
    [0.6, 0.6],
  ]);
  await page.getByTestId('tab-units').click();
  await page.getByTestId('unit-callsign').fill('U7');
  await page.getByTestId('add-unit').click();
  await expect(page.getByTestId('unit-list')).toContainText('U7');
  await page.getByTestId('tab-features').click();

  const download = page.waitForEvent('download');
  await page.getByTestId('export-cordon').click();
  const file = testInfo.outputPath('roundtrip.cordon');
  await (await download).saveAs(file);
  expect((await fs.stat(file)).size).toBeGreaterThan(100);

  // Delete the original, so the import has to bring everything back by itself.
  await page.getByRole('button', { name: 'Operations', exact: true }).click();
  await page.getByRole('button', { name: 'Delete Operation Roundtrip' }).click();
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByTestId('toast')).toContainText('deleted');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-cordon').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('toast')).toContainText('Imported Operation Roundtrip');
  await mapIdle(page);
  await expect(page.getByTestId('feature-list')).toContainText('Sector 1');
  await page.getByTestId('tab-units').click();
  await expect(page.getByTestId('unit-list')).toContainText('U7');

  // Export the imported copy and compare the plan data with the original file.
  await page.getByTestId('tab-features').click();
  const again = page.waitForEvent('download');
  await page.getByTestId('export-cordon').click();
  const second = testInfo.outputPath('second.cordon');
  await (await again).saveAs(second);
  const { readCordonFile } = await import('../../renderer/features/io/cordonFile');
  const a = readCordonFile(new Uint8Array(await fs.readFile(file)));
  const b = readCordonFile(new Uint8Array(await fs.readFile(second)));
  expect(a.ok && b.ok).toBe(true);
  if (a.ok && b.ok) {
    expect(b.value).toEqual(a.value);
  }
});

test('loads a PMTiles street basemap from ../shared/data', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Streets');
  await page.getByTestId('open-settings').click();
  await page.getByTestId('basemap-file').check();
  await page.getByTestId('pmtiles-url').fill('/data/central-london.pmtiles');
  await page.getByTestId('apply-basemap').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap', /central-london\.pmtiles/);
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap-tiles', 'loaded', { timeout: 30_000 });
  await mapIdle(page);
  await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('OpenStreetMap contributors');
  // Remembered after a restart.
  await page.reload();
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap', /central-london\.pmtiles/);
});

test('imports a CSV nominal roll: the preview shows each bad row and why, and only good rows are added', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Roll');
  await page.getByTestId('tab-units').click();
  await page.getByTestId('import-roll').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('pick-roll').click();
  await (await chooser).setFiles(path.join(import.meta.dirname, '../fixtures/io/nominal-roll.csv'));
  const preview = page.getByTestId('roll-preview');
  await expect(preview).toBeVisible();
  // A unit type nobody knows and a strength that is not a number are both named.
  await expect(preview.getByRole('row', { name: /U9/ })).toContainText(/Cavalry/i);
  await expect(preview.getByRole('row', { name: /U10/ })).toContainText(/three/i);
  const label = (await page.getByTestId('confirm-roll').textContent()) ?? '';
  const count = Number(/Add (\d+) units/.exec(label)?.[1]);
  expect(count).toBeGreaterThanOrEqual(4);
  await page.getByTestId('confirm-roll').click();
  await expect(page.getByTestId('unit-list').locator('li')).toHaveCount(count);
  await expect(page.getByTestId('unit-list')).toContainText('MO1');
  await expect(page.getByTestId('unit-list')).not.toContainText('U10');
});
