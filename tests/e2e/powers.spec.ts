/**
 * The legal powers register, end to end in web mode: a s.60 authorised by a superintendent for 15 hours is extended
 * once, refused a second extension (the refusal names s.60(3)), and appears in the briefing pack's Annex B, read back
 * from the PDF with pdftotext; a 30-hour s.60 by an inspector shows both its errors in the form.
 */
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, createOperation, drawPolygon, goToGridRef } from '../helpers/app';
import { pdfOptions } from '../../shared/brief/printTemplates';
import { createCommandServer } from '../../server/createServer';
import { demoOperation } from '../../server/demo/demoOperation';
import { connectLive } from '../helpers/live';

/** "YYYY-MM-DDTHH:mm" (a datetime-local value, local time) plus some hours. */
function plusHours(local: string, hours: number): string {
  const d = new Date(new Date(local).getTime() + hours * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function operationId(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('cordon');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('operations').objectStore('operations').getAll();
          get.onsuccess = () => resolve((get.result as { id: string }[])[0]!.id);
        };
      }),
  );
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

async function fillOfficer(page: Page, prefix: string, name: string, rank: string, collar: string) {
  await page.getByTestId(`${prefix}-name`).fill(name);
  await page.getByTestId(`${prefix}-rank`).selectOption(rank);
  await page.getByTestId(`${prefix}-collar`).fill(collar);
}

test('a s.60 is authorised, extended once, refused a second extension, and printed in Annex B', async ({ page, appUrl }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(appUrl);
  await createOperation(page, 'Operation Halberd');
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.7, 0.3],
    [0.7, 0.7],
    [0.3, 0.7],
  ]);

  // Add the s.60 through the form, picking the sector from the list of areas.
  await page.getByTestId('tab-powers').click();
  await page.getByTestId('power-add').click();
  const form = page.getByRole('dialog', { name: 'Add a legal power' });
  await expect(form.getByTestId('power-type')).toHaveValue('s60');
  await fillOfficer(page, 'power-officer', 'Ada Hale', 'superintendent', '4410');
  await form.getByTestId('power-grounds').fill('Intelligence that rival groups will carry knives to the procession; two stabbings last year.');
  await form.getByTestId('power-area').selectOption({ label: 'Sector 1 · Sector' });
  const start = await form.getByTestId('power-starts').inputValue();
  await form.getByTestId('power-ends').fill(plusHours(start, 15));
  await expect(form.getByTestId('power-form-issues')).toHaveText('No statutory issues found.');
  await form.getByTestId('power-save').click();
  await expect(form).toBeHidden();

  const card = page.getByTestId('power-card');
  await expect(card.getByTestId('power-status')).toHaveText('Draft (not authorised)');
  await card.getByTestId('power-authorise').click();
  // Authorising is a decision: the authorising officer's decision-log entry opens, prefilled, for them to complete.
  await expect(page.getByTestId('ndm-decision')).toHaveValue(/s\.60/);
  await expect(page.getByTestId('ndm-powers')).toHaveValue(/authorised by Superintendent Ada Hale/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('workspace-plan').click();
  await page.getByTestId('tab-powers').click();
  await expect(card.getByTestId('power-status')).toHaveText('Planned');

  // First extension: a superintendent, a further 24 hours (the dialog's default new end).
  await card.getByTestId('power-extend').click();
  let extend = page.getByRole('dialog', { name: 'Extend s.60' });
  await fillOfficer(page, 'extend-officer', 'Bo Chan', 'chiefSuperintendent', '77');
  await extend.getByTestId('extend-at').fill(plusHours(start, 14));
  await extend.getByTestId('extend-grounds').fill('Weapons recovered near the route.');
  await expect(extend.getByTestId('extend-issues')).toHaveText('No statutory issues found.');
  await extend.getByTestId('extend-save').click();
  await expect(extend).toBeHidden();
  // The extension is the chief superintendent's decision, for the Gold log.
  await expect(page.getByTestId('ndm-powers')).toHaveValue(/extended by Chief Superintendent Bo Chan/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('workspace-plan').click();
  await page.getByTestId('tab-powers').click();
  await expect(card.getByTestId('power-extension')).toHaveCount(1);
  await expect(card.getByTestId('power-extension')).toContainText('Extended by Chief Superintendent Bo Chan (77)');

  // A second extension is refused: on screen before saving, and by the command if saved anyway.
  await card.getByTestId('power-extend').click();
  extend = page.getByRole('dialog', { name: 'Extend s.60' });
  await fillOfficer(page, 'extend-officer', 'Bo Chan', 'chiefSuperintendent', '77');
  await extend.getByTestId('extend-at').fill(plusHours(start, 38));
  await expect(extend.getByTestId('extend-issues')).toContainText('CJPOA 1994 s.60(3): a s.60 may be continued once only');
  await extend.getByTestId('extend-save').click();
  await expect(page.getByTestId('toast')).toContainText('CJPOA 1994 s.60(3)');
  await extend.getByRole('button', { name: 'Close' }).click();
  await expect(card.getByTestId('power-extension')).toHaveCount(1);

  // History records each step.
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-list')).toContainText('Authorise s.60 (Ada Hale)');
  await expect(page.getByTestId('revision-list')).toContainText('Extend s.60 (Ada Hale)');
  await page.getByTestId('tab-powers').click();
  await page.getByTestId('toast').getByRole('button', { name: 'Dismiss message' }).click();
  await page.screenshot({ path: testInfo.outputPath('powers-tab.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // The briefing pack: Annex B carries the power with its authoriser, grounds, times and extension.
  const id = await operationId(page);
  await page.goto(`${appUrl}#/print/${id}?furniture=templates`);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-print-state', 'ready', { timeout: 120_000 });
  const annex = page.getByTestId('pack-powers');
  await expect(annex).toContainText('Superintendent Ada Hale (4410)');
  await expect(annex).toContainText('Extension 1: Chief Superintendent Bo Chan (77)');
  const pdfPath = testInfo.outputPath('pack.pdf');
  const options = pdfOptions({ marking: 'OFFICIAL-SENSITIVE', title: 'Operation Halberd', version: '1.0' }, 'a4-portrait');
  await page.pdf({ path: pdfPath, ...options, format: options.format as 'A4' });
  const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('Powers register');
  expect(text).toContain('Ada Hale (4410)');
  expect(text).toContain('Extension 1: Chief Superintendent Bo Chan (77)');
  expect(text).toContain('rival groups will carry knives');
});

test('a 30-hour s.60 by an inspector shows both errors, each naming its subsection', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Gannet');
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  // The area is drawn on the map and picked from the map (it stays selected after drawing).
  await drawPolygon(page, 'tool-authority', [
    [0.35, 0.35],
    [0.65, 0.35],
    [0.65, 0.65],
    [0.35, 0.65],
  ]);
  await page.getByTestId('tab-powers').click();
  await page.getByTestId('power-add').click();
  const form = page.getByRole('dialog', { name: 'Add a legal power' });
  await fillOfficer(page, 'power-officer', 'Cy Dunn', 'inspector', '512');
  await form.getByTestId('power-grounds').fill('Groups seen carrying bladed articles.');
  await form.getByTestId('power-area-from-map').click();
  await expect(form.getByTestId('power-area')).not.toHaveValue('');
  const start = await form.getByTestId('power-starts').inputValue();
  await form.getByTestId('power-ends').fill(plusHours(start, 30));

  const errors = form.getByTestId('power-form-issues').locator('li.error-text');
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toContainText('CJPOA 1994 s.60(1): a s.60 may last at most 24 hours; this one lasts 30 hours.');
  await expect(errors.nth(1)).toContainText('CJPOA 1994 s.60(3A): an authorisation by an inspector must be notified to a superintendent or above');
  await page.screenshot({ path: testInfo.outputPath('powers-form.png') });
  expect(await seriousViolations(page)).toEqual([]);
  // Keyboard: Escape leaves the form without saving; the Add button takes focus back.
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(page.getByTestId('power-add')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(form).toBeVisible();
  await form.getByTestId('power-area-from-map').click();
  await fillOfficer(page, 'power-officer', 'Cy Dunn', 'inspector', '512');
  await form.getByTestId('power-ends').fill(plusHours(start, 30));

  // Saved as a draft, it cannot be authorised: the refusal names s.60(1).
  await form.getByTestId('power-save').click();
  await page.getByTestId('power-card').getByTestId('power-authorise').click();
  await expect(page.getByTestId('toast')).toContainText('CJPOA 1994 s.60(1)');
  await expect(page.getByTestId('power-card').getByTestId('power-status')).toHaveText('Draft (not authorised)');
});

test('Live shows the powers in force with the time left, and alerts before and at expiry', async ({ page, appUrl }, testInfo) => {
  const server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, simulate: 0, tickMs: 200 });
  try {
    const now = Date.now();
    const iso = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    const demo = demoOperation(now);
    const sector = demo.features.find((f) => f.kind === 'sector')!;
    const officer = { name: 'Ada Hale', rank: 'superintendent' as const, collar: '4410' };
    const base = {
      authoriser: officer,
      grounds: 'Knives seen.',
      areaFeatureId: sector.id,
      atScene: false,
      authorisedAt: iso(-600),
      extensions: [],
      notifications: [],
    };
    const powers = [
      { ...base, id: 'pw-soon', type: 's60' as const, startsAt: iso(-600), endsAt: iso(20) },
      { ...base, id: 'pw-lapsed', type: 's60AA' as const, startsAt: iso(-600), endsAt: iso(-5) },
      { ...base, id: 'pw-later', type: 's34' as const, authoriser: { ...officer, rank: 'inspector' as const }, startsAt: iso(120), endsAt: iso(600) },
    ];
    const published = await server.hub.publishPlan({ ...demo, operation: { ...demo.operation, powers } });
    expect(published.ok).toBe(true);

    await connectLive(page, appUrl, server.url, demo.operation.id);
    await page.getByTestId('live-tab-powers').click();
    const inForce = page.getByTestId('live-power');
    await expect(inForce).toHaveCount(1);
    await expect(inForce).toContainText('s.60');
    await expect(inForce.getByTestId('live-power-left')).toHaveText(/^(19|20) min left$/);
    await expect(inForce.getByTestId('live-power-left')).toHaveClass(/soon/);
    await expect(page.getByTestId('live-power-later')).toContainText('s.34 dispersal authorisation');
    await inForce.getByRole('button', { name: /Show the area/ }).click();
    await page.screenshot({ path: testInfo.outputPath('live-powers.png') });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('live-tab-alerts').click();
    await expect(page.locator('[data-alert-id="authorityExpiring:power:pw-soon"]')).toContainText('s.60 authorised by Ada Hale expires at');
    await expect(page.locator('[data-alert-id="authorityExpiring:power:pw-lapsed:expired"]')).toContainText('s.60AA authorised by Ada Hale expired at');
  } finally {
    await server.close();
  }
});
