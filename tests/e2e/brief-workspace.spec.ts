import fs from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import { test, expect, createOperation, drawPolygon, mapIdle } from '../helpers/app';

test('a commander writes the order in the Brief workspace; it is saved with the operation and undoable', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Osprey');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.6, 0.3],
    [0.6, 0.6],
  ]);
  await page.getByTestId('workspace-brief').click();
  await expect(page.getByTestId('brief-marking')).toHaveText('OFFICIAL-SENSITIVE');

  // Information: a paragraph.
  await page.getByTestId('brief-blocks-add-paragraph').click();
  await page.getByTestId('brief-blocks-text-0').fill('A procession of about 20,000 people from Russell Square.');
  await page.getByTestId('brief-blocks-text-0').blur();
  // Intent: a list.
  await page.getByTestId('brief-section-intent').click();
  await page.getByTestId('brief-blocks-add-list').click();
  await page.getByTestId('brief-blocks-text-0').fill('Keep people safe\nFacilitate lawful protest');
  await page.getByTestId('brief-blocks-text-0').blur();
  // A risk and a recipient.
  await page.getByTestId('brief-tab-risks').click();
  await page.getByTestId('add-risk').click();
  await page.getByTestId('risk-hazard-0').fill('Crowd crush at pinch points');
  await page.getByTestId('risk-hazard-0').press('Enter');
  await expect(page.getByTestId('brief-risks')).toBeVisible();

  // Undo takes back the last edit only.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('risk-hazard-0')).toHaveValue('New hazard');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('risk-hazard-0')).toHaveValue('Crowd crush at pinch points');

  // Saved with the operation: still there after a reload.
  await page.reload();
  await mapIdle(page);
  await page.getByTestId('workspace-brief').click();
  await expect(page.getByTestId('brief-blocks-text-0')).toHaveValue('A procession of about 20,000 people from Russell Square.');
  await page.getByTestId('brief-section-intent').click();
  await expect(page.getByTestId('brief-blocks-text-0')).toHaveValue('Keep people safe\nFacilitate lawful protest');

  // A TAK data package carries the plan.
  await page.getByTestId('brief-tab-export').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-tak').click();
  const file = testInfo.outputPath('osprey.zip');
  await (await download).saveAs(file);
  const entries = unzipSync(new Uint8Array(await fs.readFile(file)));
  const manifest = strFromU8(entries['MANIFEST/manifest.xml']!);
  expect(manifest).toContain('MissionPackageManifest');
  const kml = Object.entries(entries).find(([name]) => name.endsWith('.kml'));
  expect(kml && strFromU8(kml[1])).toContain('Sector 1');
});
