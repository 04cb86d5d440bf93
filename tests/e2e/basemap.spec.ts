/**
 * The basemap in web mode, served as `npm start` serves it (../shared/data at /data/ and a /config.json naming the
 * default street map): the first map has streets from central-london.pmtiles with the OpenStreetMap credit; a basemap
 * that cannot load (an unreachable online style) still shows the plan, with a message naming the failed basemap that
 * goes once another basemap loads.
 */
import type { Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBasemapArchives } from '../../scripts/default-basemap.mjs';
import { startStaticServer, type StaticServer } from '../../scripts/serve-web.mjs';
import { test, expect, createOperation, drawPolygon, goToGridRef, mapIdle, SHARED_DATA } from '../helpers/app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let web: StaticServer;

test.beforeAll(async () => {
  const defaultBasemap = defaultBasemapArchives(SHARED_DATA, '/data/');
  expect(defaultBasemap, 'the test data in ../shared/data').not.toBeNull();
  web = await startStaticServer({ root: path.join(root, 'dist/renderer'), port: 0, extraRoots: { '/data/': SHARED_DATA }, config: { defaultBasemap } });
});
test.afterAll(async () => {
  await web.close();
});

/** Rendered features of the basemap's layers whose ids contain `part` (the map hangs off its element for tests). */
function renderedBasemapFeatures(page: Page, part: string): Promise<{ count: number; names: string[] }> {
  return page.getByTestId('map').evaluate((el, part) => {
    const map = (
      el as HTMLElement & {
        cordonMap: { getStyle(): { layers: { id: string }[] }; queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[] };
      }
    ).cordonMap;
    const layers = map
      .getStyle()
      .layers.filter((l) => l.id.startsWith('basemap') && l.id.includes(part))
      .map((l) => l.id);
    const features = layers.length ? map.queryRenderedFeatures({ layers }) : [];
    return { count: features.length, names: [...new Set(features.map((f) => String(f.properties['name:latin'] ?? f.properties.name ?? '')).filter(Boolean))] };
  }, part);
}

function renderedPlanFeatures(page: Page): Promise<number> {
  return page.getByTestId('map').evaluate((el) => {
    const map = (el as HTMLElement & { cordonMap: { getLayer(id: string): unknown; queryRenderedFeatures(o: object): unknown[] } }).cordonMap;
    const layers = ['plan-fill', 'plan-outline'].filter((id) => map.getLayer(id));
    return layers.length ? map.queryRenderedFeatures({ layers }).length : 0;
  });
}

test('the first map is the OpenStreetMap street map of central London, credited, with no setting changed', async ({ page }) => {
  await page.goto(web.url);
  await createOperation(page, 'Op Streets');
  const map = page.getByTestId('map');
  await expect(map).toHaveAttribute('data-basemap', /Central London streets/);
  await goToGridRef(page, '51.5218, -0.1260');
  await expect(map).toHaveAttribute('data-basemap-tiles', 'loaded');
  await expect.poll(async () => (await renderedBasemapFeatures(page, 'road')).count, { timeout: 30_000 }).toBeGreaterThan(20);
  const labels = await renderedBasemapFeatures(page, 'label');
  expect(labels.names.join(' ')).toMatch(/Russell Square|Southampton Row|Bedford Place|Montague Street/);
  await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('© OpenStreetMap contributors');
  await expect(page.getByTestId('basemap-message')).toHaveCount(0);
});

test('an unreachable online style still shows the plan, says which basemap failed, and the message goes on a switch', async ({ page }, testInfo) => {
  await page.goto(web.url);
  await createOperation(page, 'Op Fallback');
  await goToGridRef(page, '51.5218, -0.1260');
  await drawPolygon(page, 'tool-sector', [
    [0.4, 0.4],
    [0.6, 0.4],
    [0.6, 0.6],
    [0.4, 0.6],
  ]);
  await page.keyboard.press('Escape');
  await expect.poll(() => renderedPlanFeatures(page)).toBeGreaterThan(0);

  // Port 9 (discard) on loopback refuses the connection: the style is unreachable, as on an offline machine.
  await page.getByTestId('open-settings').click();
  await page.getByTestId('basemap-online').check();
  await page.getByTestId('style-url').fill('http://127.0.0.1:9/style.json');
  await page.getByTestId('apply-basemap').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  const message = page.getByTestId('basemap-message');
  await expect(message).toContainText('the online style at 127.0.0.1:9');
  await expect(message).toContainText('Showing the world map instead');

  // After a reload (the failing style is saved), the plan is drawn over the fallback and the message is back.
  await page.reload();
  // The reopened operation mounts its map only once the saved (failing) style has been tried: give it longer.
  await expect(page.getByTestId('map')).toBeVisible({ timeout: 60_000 });
  await mapIdle(page);
  await expect(message).toContainText('could not be loaded');
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap', /World/);
  await expect.poll(() => renderedPlanFeatures(page), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('fallback.png') });

  await page.getByTestId('open-settings').click();
  await page.getByTestId('basemap-default').check();
  await page.getByTestId('apply-basemap').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap', /Central London streets/);
  await expect(message).toHaveCount(0);
  await expect.poll(() => renderedPlanFeatures(page), { timeout: 30_000 }).toBeGreaterThan(0);
});
