/**
 * Playwright fixture: serves the built renderer (dist/renderer) and `../shared/data` (under /data/, with HTTP Range
 * for PMTiles) on 127.0.0.1 with the same static server web mode uses, gives each test a fresh browser profile
 * (so IndexedDB starts empty), and offers helpers that act through the UI as a planner would.
 */
import { test as base, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA = path.resolve(root, '../shared/data');

export const test = base.extend<{ appUrl: string }, { server: { url: string; close: () => Promise<void> } }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer({ root: path.join(root, 'dist/renderer'), port: 0, extraRoots: { '/data/': SHARED_DATA } });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  appUrl: async ({ server }, use) => use(server.url),
  // An error the app did not catch fails the test even when the screen looked right: in the app it is a blank
  // window or a half-done action (MapLibre's "Style is not done loading" once blanked the app after a reload).
  page: async ({ page }, use) => {
    const uncaught: string[] = [];
    page.on('pageerror', (e) => uncaught.push(e.stack ?? e.message));
    await use(page);
    expect(uncaught, 'errors the app did not catch').toEqual([]);
  },
});
export { expect };

/** Waits until the map has finished drawing. */
export async function mapIdle(page: Page) {
  await expect(page.getByTestId('map')).toHaveAttribute('data-map-state', 'idle', { timeout: 30_000 });
}

export async function createOperation(page: Page, name: string) {
  await page.getByTestId('new-operation').click();
  await page.getByTestId('operation-name').fill(name);
  await page.getByTestId('create-operation').click();
  await expect(page.getByTestId('operation-title')).toContainText(name);
  await mapIdle(page);
}

/** Clicks on the map at fractions of its size (0..1), as a planner would with the mouse. */
export async function clickMap(page: Page, points: readonly [number, number][], options: { double?: boolean } = {}) {
  const box = await page.getByTestId('map').boundingBox();
  if (!box) throw new Error('map not visible');
  for (const [fx, fy] of points) {
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  }
  if (options.double) {
    const last = points[points.length - 1]!;
    await page.mouse.dblclick(box.x + box.width * last[0], box.y + box.height * last[1]);
  }
}

/** Draws a closed polygon with the given tool: corners, then a click on the first corner closes it. */
export async function drawPolygon(page: Page, toolTestId: string, corners: readonly [number, number][]) {
  await page.getByTestId(toolTestId).click();
  await clickMap(page, [...corners, corners[0]!]);
  await expect(page.getByTestId('properties')).toBeVisible();
}

export async function goToGridRef(page: Page, query: string) {
  await page.getByTestId('open-go-to').click();
  await page.getByTestId('go-to-query').fill(query);
  await page.getByTestId('go-to-submit').click();
  await mapIdle(page);
}

/** A new operation with one sector drawn near Trafalgar Square (a square over the middle of the map), as a planner would. */
export async function draftOperationWithSector(page: Page, name: string) {
  await createOperation(page, name);
  await page.keyboard.press('Escape');
  await goToGridRef(page, 'TQ 30160 82060');
  await drawPolygon(page, 'tool-sector', [
    [0.3, 0.3],
    [0.6, 0.3],
    [0.6, 0.6],
    [0.3, 0.6],
  ]);
}
