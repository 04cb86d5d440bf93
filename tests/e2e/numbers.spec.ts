/** Issue 9, "the plan's numbers right", through the UI: inherited Bronzes, per-phase sector totals, marking lowering. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, createOperation, drawPolygon, clickMap, goToGridRef } from '../helpers/app';

async function setBronze(page: Page, feature: string, bronze: string) {
  // Wait for the panel to show the new feature, or the Bronze lands on the one drawn before.
  await expect(page.getByTestId('prop-name')).toHaveValue(feature);
  await page.getByTestId('prop-bronze').fill(bronze);
  await page.getByTestId('prop-bronze').press('Enter');
}

async function addUnit(page: Page, callSign: string) {
  await page.getByTestId('tab-units').click();
  await page.getByTestId('unit-callsign').fill(callSign);
  await page.getByTestId('add-unit').click();
  await expect(page.getByTestId('unit-list')).toContainText(callSign);
}

async function assign(page: Page, callSign: string, phase: string, kind: 'post' | 'sector', target: string) {
  await page.getByTestId('tab-assign').click();
  await page.getByTestId('assign-unit').selectOption({ label: `${callSign} (PSU)` });
  await page.getByTestId('assign-phase').selectOption({ label: phase });
  await page.getByTestId('assign-target-kind').selectOption(kind);
  await page.getByTestId('assign-target').selectOption({ label: target });
  await page.getByTestId('add-assignment').click();
}

const sectorRow = (page: Page, label: string) => page.getByTestId('totals-by-sector').getByRole('row', { name: new RegExp(label) });

test('a post inside a sector reports to its Bronze, and sector totals follow the phase', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Numbers');
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');

  await drawPolygon(page, 'tool-sector', [
    [0.1, 0.2],
    [0.45, 0.2],
    [0.45, 0.8],
    [0.1, 0.8],
  ]);
  await setBronze(page, 'Sector 1', 'Bronze A');
  await drawPolygon(page, 'tool-sector', [
    [0.55, 0.2],
    [0.9, 0.2],
    [0.9, 0.8],
    [0.55, 0.8],
  ]);
  await setBronze(page, 'Sector 2', 'Bronze B');
  await expect(page.getByText('Bronzes in this plan: Bronze A, Bronze B')).toBeVisible();
  // A post inside Sector 1 with no Bronze of its own.
  await page.getByTestId('tool-post').click();
  await clickMap(page, [[0.3, 0.5]]);
  await expect(page.getByTestId('prop-kind')).toHaveValue('post');
  await expect(page.getByTestId('prop-bronze')).toHaveValue('');

  await addUnit(page, 'U101');
  await addUnit(page, 'U102');
  await expect(page.getByTestId('tab-units').locator('..')).toBeVisible();
  await expect(page.getByRole('region', { name: /Roster/ })).toHaveAccessibleName('Roster (2 units, 50 officers)');

  await assign(page, 'U101', 'Build-up', 'post', 'Post 1');
  await assign(page, 'U102', 'Procession', 'sector', 'Sector 2');
  const table = page.getByTestId('assignment-table');
  await expect(table.getByRole('row', { name: /U101/ }).getByTestId('assignment-bronze')).toContainText('Bronze A (from Sector 1)');
  await expect(table.getByRole('row', { name: /U102/ }).getByTestId('assignment-bronze')).toContainText('Bronze B');

  // All phases: each sector has its unit. One phase: only who is there then.
  await expect(page.getByRole('region', { name: 'Totals per sector (all phases)' })).toBeVisible();
  await expect(sectorRow(page, 'Sector 1').getByTestId('officer-total')).toHaveText('25');
  await expect(sectorRow(page, 'Sector 2').getByTestId('officer-total')).toHaveText('25');
  await page
    .getByTestId('phase-timeline')
    .getByRole('button', { name: /^Build-up/ })
    .click();
  await expect(page.getByRole('region', { name: 'Totals per sector in Build-up' })).toBeVisible();
  await expect(sectorRow(page, 'Sector 1').getByTestId('officer-total')).toHaveText('25');
  await expect(sectorRow(page, 'Sector 2').getByTestId('officer-total')).toHaveText('0');
  await page
    .getByTestId('phase-timeline')
    .getByRole('button', { name: /^Procession/ })
    .click();
  await expect(sectorRow(page, 'Sector 1').getByTestId('officer-total')).toHaveText('0');
  await expect(sectorRow(page, 'Sector 2').getByTestId('officer-total')).toHaveText('25');
  await page.getByTestId('phase-timeline').getByRole('button', { name: 'All phases' }).click();

  // The post's own Bronze field says where its Bronze comes from.
  await page.getByTestId('tab-features').click();
  await page.getByTestId('feature-list').getByText('Post 1').click();
  await expect(page.getByTestId('prop-bronze')).toHaveAttribute('placeholder', 'Bronze A (from Sector 1)');
  if (process.env.CORDON_SCREENSHOTS) {
    await page.getByTestId('tab-assign').click();
    await page.screenshot({ path: `${process.env.CORDON_SCREENSHOTS}/assign-tab.png` });
    await page.getByTestId('totals-by-sector').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.CORDON_SCREENSHOTS}/assign-totals.png` });
  }

  // The command chart agrees: U101 at Post 1 reports to Bronze A, counted as 25 officers.
  await page.getByTestId('workspace-brief').click();
  await page.getByTestId('brief-tab-command').click();
  await expect(page.getByTestId('brief-bronzes').getByRole('row', { name: /Bronze A/ })).toContainText('1 · 25 officers');
  await expect(page.getByTestId('brief-bronzes').getByRole('row', { name: /Bronze B/ })).toContainText('1 · 25 officers');
  if (process.env.CORDON_SCREENSHOTS) await page.screenshot({ path: `${process.env.CORDON_SCREENSHOTS}/command-chart.png` });
  await page.getByRole('button', { name: 'Plan', exact: true }).click();

  // Shift times and notes are edited in the Units tab, not only by CSV.
  await page.getByTestId('tab-units').click();
  await page.getByTestId('unit-list').getByRole('button', { name: /U101/ }).click();
  await page.getByTestId('unit-shift-start').fill('2026-06-13T06:00');
  await page.getByTestId('unit-shift-start').press('Enter');
  await page.getByTestId('unit-shift-end').fill('2026-06-13T05:00');
  await page.getByTestId('unit-shift-end').press('Enter');
  // The form or the command registry (whichever sees it first) refuses it.
  await expect(page.getByText('The shift must end after it starts.').first()).toBeVisible();
  await page.getByTestId('unit-shift-end').fill('2026-06-13T18:00');
  await page.getByTestId('unit-shift-end').press('Enter');
  await page.getByTestId('unit-notes').fill('Carrier 2 has a public order medic');
  await page.getByTestId('unit-notes').blur();
  if (process.env.CORDON_SCREENSHOTS) await page.screenshot({ path: `${process.env.CORDON_SCREENSHOTS}/units-tab.png` });
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-list')).toContainText('Set shift of U101');
  await page.getByTestId('tab-units').click();
  await page.getByTestId('unit-list').getByRole('button', { name: /U101/ }).click();
  await expect(page.getByTestId('unit-shift-start')).toHaveValue('2026-06-13T06:00');
  await expect(page.getByTestId('unit-shift-end')).toHaveValue('2026-06-13T18:00');
  await expect(page.getByTestId('unit-notes')).toHaveValue('Carrier 2 has a public order medic');
});

test('lowering the marking asks first and is recorded in the history', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Marking');
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL-SENSITIVE');

  await page.getByTestId('operation-title').click();
  await page.getByTestId('op-marking-descriptor').fill('personal');
  await page.getByTestId('op-marking-descriptor').press('Enter');
  await page.getByTestId('op-handling').fill('Not to be shared outside the command team');
  await page.getByTestId('op-handling').press('Enter');
  await expect(page.getByTestId('marking-caveat-top')).toHaveText('PERSONAL · Not to be shared outside the command team');
  await expect(page.getByTestId('marking-caveat-bottom')).toHaveText('PERSONAL · Not to be shared outside the command team');

  // Keep: nothing changes.
  await page.getByTestId('op-marking').selectOption('OFFICIAL');
  const confirm = page.getByRole('dialog', { name: 'Lower the protective marking?' });
  await expect(confirm).toBeVisible();
  await confirm.getByTestId('keep-marking').click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('op-marking')).toHaveValue('OFFICIAL-SENSITIVE');
  await expect(page.getByTestId('marking-top')).toContainText('OFFICIAL-SENSITIVE');

  if (process.env.CORDON_SCREENSHOTS) {
    await page.getByTestId('cordon-crossing').locator('summary').click();
    await page.screenshot({ path: `${process.env.CORDON_SCREENSHOTS}/operation-details.png` });
  }

  // Lower, with a reason.
  await page.getByTestId('op-marking').selectOption('OFFICIAL');
  await expect(confirm.getByTestId('confirm-lower-marking')).toBeDisabled();
  await confirm.getByTestId('lower-marking-reason').fill('Personal data removed');
  if (process.env.CORDON_SCREENSHOTS) await page.screenshot({ path: `${process.env.CORDON_SCREENSHOTS}/lower-marking.png` });
  await confirm.getByTestId('confirm-lower-marking').click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIALNot to be shared outside the command team');
  await page.getByRole('dialog', { name: 'Operation details' }).getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-list')).toContainText('Lower protective marking from OFFICIAL-SENSITIVE to OFFICIAL (reason: Personal data removed)');
});

test('cordon crossing rules are edited in the operation details', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Crossing');
  await page.getByTestId('operation-title').click();
  const crossing = page.getByTestId('cordon-crossing');
  await crossing.locator('summary').click();
  // The new fields and the crossing grid are usable with a screen reader (labelled inputs, a real table).
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  const medicsInner = crossing.getByRole('checkbox', { name: 'Medics may cross inner cordon' });
  const pltInner = crossing.getByRole('checkbox', { name: 'Police Liaison Team may cross inner cordon' });
  await expect(medicsInner).toBeChecked();
  await expect(pltInner).not.toBeChecked();
  await pltInner.click();
  await expect(pltInner).toBeChecked();
  await page.getByRole('dialog', { name: 'Operation details' }).getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision-list')).toContainText('Let Police Liaison Team cross inner cordon without an alert');
});
