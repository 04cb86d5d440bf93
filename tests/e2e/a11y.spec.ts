import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, createOperation, drawPolygon } from '../helpers/app';

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

test('the operations list and the Plan workspace have no serious accessibility violations, in both themes', async ({ page, appUrl }) => {
  // Many axe passes over the whole page: CPU work that takes several times longer while other tests share the cores.
  test.setTimeout(180_000);
  await page.goto(appUrl);
  expect(await seriousViolations(page)).toEqual([]);
  await createOperation(page, 'Operation Access');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.6, 0.3],
    [0.6, 0.6],
  ]);
  expect(await seriousViolations(page)).toEqual([]);
  for (const tab of ['units', 'phases', 'assign', 'warnings', 'history']) {
    await page.getByTestId(`tab-${tab}`).click();
    expect(await seriousViolations(page), `tab ${tab}`).toEqual([]);
  }
  await page.getByTestId('workspace-brief').click();
  for (const tab of ['order', 'risks', 'distribution', 'command', 'maps', 'export']) {
    await page.getByTestId(`brief-tab-${tab}`).click();
    expect(await seriousViolations(page), `brief tab ${tab}`).toEqual([]);
  }
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await page.getByTestId('open-settings').click();
  await page.getByLabel('Theme').selectOption('light');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('tab-features').click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the Plan workspace is keyboard operable: tools by key, Escape to cancel, Ctrl+G to go to', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await createOperation(page, 'Operation Keys');
  await page.locator('body').press('s');
  await expect(page.getByTestId('tool-sector')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('tool-sector')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Control+g');
  await expect(page.getByTestId('go-to-query')).toBeFocused();
});
