/** Everyday friction a new planner or control-room operator hits (issue 9), each proved through the UI. */
import type { Locator, Page } from '@playwright/test';
import { test, expect, clickMap, goToGridRef, mapIdle } from '../helpers/app';

// Several engineers share two cores: these walk whole workflows and get the time to do so.
test.describe.configure({ timeout: 180_000 });
test.use({ screenshot: 'only-on-failure' });

/** As the shared helper, with room for a first load on a machine shared by several engineers' test runs. */
async function createOperation(page: Page, name: string) {
  await page.getByTestId('new-operation').click();
  await page.getByTestId('operation-name').fill(name);
  await page.getByTestId('create-operation').click();
  await expect(page.getByTestId('operation-title')).toContainText(name, { timeout: 60_000 });
  await mapIdle(page);
}

async function drawRoute(page: Page) {
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  await page.getByTestId('tool-route').click();
  await clickMap(page, [
    [0.3, 0.5],
    [0.5, 0.45],
  ]);
  await clickMap(page, [[0.7, 0.5]], { double: true });
  await expect(page.getByTestId('prop-route-start')).toBeVisible();
}

/** Labels of the checkpoints drawn on the map now (the map hangs off its element for tests). */
function drawnCheckpoints(page: Page): Promise<string[]> {
  return page.getByTestId('map').evaluate((el) => {
    const map = (
      el as HTMLElement & { cordonMap: { getLayer(id: string): unknown; queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[] } }
    ).cordonMap;
    // The rings: a label may yield its place to another label where they meet, as map labels do.
    if (!map.getLayer('plan-checkpoint')) return [];
    return [...new Set(map.queryRenderedFeatures({ layers: ['plan-checkpoint'] }).map((f) => String(f.properties.label)))].sort();
  });
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
  // Both are drawn on the route, named and timed (the route steps off at 11:00).
  await expect.poll(() => drawnCheckpoints(page)).toEqual([expect.stringMatching(/^CP2 11:\d\d$/), expect.stringMatching(/^Trafalgar Square 11:\d\d$/)]);
  await page.keyboard.press('Escape');
  await page.getByTestId('map').click({ position: { x: 30, y: 300 } });
  await page.screenshot({ path: 'test-results/friction-checkpoints.png' });
  await page.getByTestId('feature-list').getByText('Route 1').click();

  await page.getByTestId('tab-history').click();
  const history = page.getByTestId('revision-list');
  await expect(history).toContainText('Set route start');
  await expect(history).toContainText('Rename checkpoint');
  await page.getByTestId('tab-features').click();

  await page.reload();
  await expect(page.getByTestId('operation-title')).toContainText('Operation Lapwing', { timeout: 60_000 });
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

test('a new operation’s history counts from #1, not from the revisions of other operations', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Avocet');
  await drawRoute(page);
  await page.getByTestId('prop-route-start').fill('2026-06-13T11:00');
  await page.getByTestId('prop-route-start').press('Enter');
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-number').first()).toHaveText('#3');

  await page.getByRole('button', { name: 'Operations', exact: true }).click();
  await createOperation(page, 'Operation Bittern');
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-number')).toHaveText(['#1']);
  await expect(page.getByRole('button', { name: /Restore to revision/ })).toHaveCount(0);
});

test('undo and redo of the protective marking are in the record; a SECRET .cordon file is refused, saying why', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Curlew');
  await page.getByTestId('operation-title').click();
  await page.getByTestId('op-marking').selectOption('OFFICIAL');
  const confirm = page.getByRole('dialog', { name: 'Lower the protective marking?' });
  await confirm.getByTestId('lower-marking-reason').fill('Names removed');
  await confirm.getByTestId('confirm-lower-marking').click();
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL');
  // Raise it again (no question asked), then Undo: that lowers it, and the history says so.
  await page.getByTestId('op-marking').selectOption('OFFICIAL-SENSITIVE');
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL-SENSITIVE');
  await page.getByRole('dialog', { name: 'Operation details' }).getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL');
  await page.getByTestId('tab-history').click();
  const history = page.getByTestId('revision-list');
  await expect(history).toContainText(/Undo: .+ \(lowers the protective marking from OFFICIAL-SENSITIVE to OFFICIAL\)/);
  await expect(history).toContainText('Lower protective marking from OFFICIAL-SENSITIVE to OFFICIAL (reason: Names removed)');
  await page.screenshot({ path: 'test-results/friction-marking-history.png' });

  // A .cordon file marked SECRET (forged: Cordon never writes one) is refused in words that say why.
  const { strToU8, unzipSync, zipSync } = await import('fflate');
  const { writeCordonFile } = await import('../../renderer/features/io/cordonFile');
  const { sampleBundle } = await import('../fixtures/io/sampleBundle');
  const z = unzipSync(writeCordonFile(sampleBundle()));
  const json = (name: string) => JSON.parse(new TextDecoder().decode(z[name])) as { operation: Record<string, unknown>; sha256?: string };
  const manifest = json('manifest.json');
  const operation = json('operation.json');
  manifest.operation.marking = 'SECRET';
  delete manifest.sha256;
  operation.operation.marking = 'SECRET';
  const file = testInfo.outputPath('secret.cordon');
  const fs = await import('node:fs/promises');
  await fs.writeFile(file, zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), 'operation.json': strToU8(JSON.stringify(operation)) }));
  await page.getByRole('button', { name: 'Operations', exact: true }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-cordon').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('toast')).toContainText('secret.cordon: it is marked SECRET. Cordon holds OFFICIAL and OFFICIAL-SENSITIVE material only.');
  await page.screenshot({ path: 'test-results/friction-secret-refused.png' });
  await expect(page.getByRole('button', { name: `Open ${sampleBundle().operation.name}` })).toHaveCount(0);
});
