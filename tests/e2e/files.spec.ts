import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
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
  const count = Number(/Import (\d+) features?/.exec(label ?? '')?.[1]);
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

const FIXTURES = path.join(import.meta.dirname, '../fixtures/io');
/** Nelson's Column, TQ 30015 80454, in WGS84 by PROJ's cs2cs with the OS Helmert (shared/geo/projections.test.ts). */
const NELSON = [-0.1279707, 51.5080673] as const;

function metres(a: readonly number[], b: readonly number[]): number {
  const k = 111_320;
  return Math.hypot(((a[0] ?? 0) - (b[0] ?? 0)) * k * Math.cos(((b[1] ?? 0) * Math.PI) / 180), ((a[1] ?? 0) - (b[1] ?? 0)) * k);
}

async function pickImport(page: Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-features').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('import-preview')).toBeVisible();
}

/** Exports the plan as GeoJSON through the UI and returns the position of the named point. */
async function exportedPoint(page: Page, testInfo: TestInfo, name: string): Promise<number[]> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-geojson').first().click();
  const file = testInfo.outputPath(`${name.replace(/\W+/g, '-')}.geojson`);
  await (await download).saveAs(file);
  const fc = JSON.parse(await fs.readFile(file, 'utf8')) as { features: Array<{ properties: { name: string }; geometry: { coordinates: number[] } }> };
  const f = fc.features.find((x) => x.properties.name === name);
  if (!f) throw new Error(`${name} is not in the export`);
  return f.geometry.coordinates;
}

test('a British National Grid GeoJSON from QGIS is reprojected and lands in the right place', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Grid');
  // The street map, so the screenshot shows where the shapes landed.
  await page.getByTestId('open-settings').click();
  await page.getByTestId('basemap-file').check();
  await page.getByTestId('pmtiles-url').fill('/data/central-london.pmtiles');
  await page.getByTestId('apply-basemap').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await pickImport(page, path.join(FIXTURES, 'trafalgar-bng.geojson'));
  await page.screenshot({ path: testInfo.outputPath('import-preview-bng.png') });
  await expect(page.getByTestId('import-notices')).toContainText('Reprojected from British National Grid (EPSG:27700)');
  await expect(page.getByTestId('confirm-import')).toHaveText('Import 3 features');
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('toast')).toContainText('Imported 3 features from trafalgar-bng.geojson');
  await expect(page.getByTestId('feature-list').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap-tiles', 'loaded', { timeout: 30_000 });
  await mapIdle(page);
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await mapIdle(page);
  await page.screenshot({ path: testInfo.outputPath('imported-bng-on-map.png') });
  expect(metres(await exportedPoint(page, testInfo, "Nelson's Column"), NELSON)).toBeLessThan(1);
});

test('a zipped BNG Shapefile imports by layer and lands in the right place; a GeoPackage too', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Layers');
  await pickImport(page, path.join(FIXTURES, 'plan-bng-shapefile.zip'));
  const groups = page.getByTestId('import-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0)).toContainText('Layer "cordons" (areas)');
  await expect(page.getByLabel('What Layer "cordons" (areas) becomes')).toHaveValue('cordon');
  await expect(page.getByTestId('import-notices')).toContainText('British National Grid (EPSG:27700)');
  await page.screenshot({ path: testInfo.outputPath('import-preview-shapefile.png') });
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('toast')).toContainText('Imported 4 features');
  expect(metres(await exportedPoint(page, testInfo, "Nelson's Column"), NELSON)).toBeLessThan(1);

  await pickImport(page, path.join(FIXTURES, 'plan-bng.gpkg'));
  await expect(page.getByTestId('import-group')).toHaveCount(2);
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('feature-list').locator('li')).toHaveCount(8);
});

test('the football stadiums CSV imports as points', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Stadiums');
  await pickImport(page, path.join(SHARED_DATA, 'realworld/csv-uk-football-stadiums.csv'));
  await expect(page.getByTestId('import-notices')).toContainText('Names from "team"');
  await expect(page.getByTestId('import-preview')).toContainText('Arsenal');
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('toast')).toContainText('Imported 49 features');
  await expect(page.getByTestId('feature-list').locator('li')).toHaveCount(49);
});

test("a GPX's 206 turn instructions do not become RVPs; the planner makes them route checkpoints instead", async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Mersey');
  await pickImport(page, path.join(SHARED_DATA, 'realworld/gpx-liverpool-plotaroute.gpx'));
  const waypoints = page.getByTestId('import-group').filter({ hasText: 'Waypoints (points)' });
  await expect(waypoints).toContainText('206');
  await expect(waypoints).toContainText('turn-by-turn');
  const select = page.getByLabel('What Waypoints (points) becomes');
  await expect(select).toHaveValue('skip');
  await expect(page.getByTestId('import-summary')).toHaveText('Will add 1 route; 206 left out.');
  await expect(page.getByTestId('confirm-import')).toHaveText('Import 1 feature');
  await page.screenshot({ path: testInfo.outputPath('import-preview-gpx.png') });

  await select.selectOption('checkpoint');
  await expect(page.getByTestId('import-summary')).toContainText(/Will add 1 route and \d+ checkpoints on routes/);
  const checkpoints = Number(/and (\d+) checkpoints/.exec((await page.getByTestId('import-summary').textContent()) ?? '')?.[1]);
  expect(checkpoints).toBeGreaterThan(150);
  await expect(page.getByTestId('confirm-import')).toHaveText('Import 1 feature');
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('toast')).toContainText('Imported 1 feature from gpx-liverpool-plotaroute.gpx.');
  await expect(page.getByTestId('feature-list').locator('li')).toHaveCount(1);
  // The instructions are now the route's checkpoints, in order along it (the start first), each with an ETA cell.
  await page.getByTestId('feature-list').getByRole('button').first().click();
  await expect(page.getByTestId('checkpoints').getByTestId('checkpoint-eta')).toHaveCount(checkpoints);
  await expect(page.getByTestId('checkpoints').getByLabel('Name').first()).toHaveValue('Start on S');
});

test('the planner changes what a group becomes before importing', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Choice');
  await pickImport(page, path.join(FIXTURES, 'trafalgar-bng.geojson'));
  await page.getByLabel('What GeoJSON points becomes').selectOption('post');
  await page.getByLabel('What GeoJSON lines becomes').selectOption('skip');
  await expect(page.getByTestId('import-summary')).toHaveText('Will add 1 cordon and 1 post; 1 left out.');
  await expect(page.getByTestId('import-preview')).toContainText('Post');
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('toast')).toContainText('Imported 2 features');
  await expect(page.getByTestId('feature-list').locator('li')).toHaveCount(2);
});
