/**
 * The Live workspace in web mode against a real command server (started in-process with its simulator): units
 * appear and move; an out-of-sector alert fires and is acknowledged through the server; stopping the server shows
 * the link down (never units going silent), and restarting it recovers and resyncs without a page reload; and the
 * workspace has no serious accessibility violations.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createCommandServer, type CommandServer } from '../../server/createServer';
import { test, expect } from '../helpers/app';
import { connectLive } from '../helpers/live';

const OPERATION = 'demo-operation';

async function startServer(port = 0): Promise<CommandServer> {
  return createCommandServer({ port, store: 'memory', cotPort: null, log: false, simulate: 60, simulateSeed: 7, tickMs: 200 });
}

/** Points the app at the server through Settings, as a user would, and opens the Live workspace. */
async function openLive(page: Page, appUrl: string, serverUrl: string) {
  await connectLive(page, appUrl, serverUrl, OPERATION);
  // The demo plan is OFFICIAL-SENSITIVE: the window says so while it is watched.
  await expect(page.getByTestId('marking-top')).toHaveText('OFFICIAL-SENSITIVE');
  await expect.poll(async () => Number(await page.getByTestId('map').getAttribute('data-live-units')), { timeout: 30_000 }).toBeGreaterThan(0);
}

async function feed(server: CommandServer, position: Record<string, unknown>) {
  const r = await fetch(`${server.url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer cordon-dev-feed' },
    body: JSON.stringify({
      operationId: OPERATION,
      positions: [{ type: 'officer', status: 'deployed', expectedIntervalS: 5, time: new Date().toISOString(), ...position }],
    }),
  });
  expect(r.status, await r.text()).toBe(200);
}

let server: CommandServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('units appear and move; an out-of-sector alert fires and is acknowledged through the server', async ({ page, appUrl }) => {
  server = await startServer();
  // openLive waits for units on the map; it never goes idle for long while 60 simulated units move in software GL.
  await openLive(page, appUrl, server.url);

  // A radio of PSU CX21 (assigned in Sector 1, Euston Road) reports from Russell Square, in Sector 3.
  await feed(server, { id: 'e2e-radio', callSign: 'CX21-99', groupId: 'CX21', lon: -0.1262, lat: 51.5216 });
  await page.getByTestId('live-search').fill('CX21-99');
  await page
    .getByTestId('live-search-results')
    .getByRole('button', { name: /CX21-99/ })
    .first()
    .click();
  await expect(page.getByTestId('unit-callsign')).toHaveText('CX21-99');
  const before = await page.getByTestId('unit-facts').innerText();
  await feed(server, { id: 'e2e-radio', callSign: 'CX21-99', groupId: 'CX21', lon: -0.1255, lat: 51.5222 });
  await expect.poll(() => page.getByTestId('unit-facts').innerText()).not.toBe(before);
  // The panel judges where the unit is by the rules the server's alerts use (shared/live): it names the inner cordon
  // the unit is within, and the server raises a breach of that same cordon below.
  await expect(page.getByTestId('unit-within')).toContainText('Inner cordon "Russell Square gardens"');
  await page.screenshot({ path: test.info().outputPath('live-unit-panel.png') });

  // The simulated units move too: the server's sequence advances as their reports arrive.
  const seq = async () => Number(/Update #(\d+)/.exec(await page.getByTestId('live-status').innerText())?.[1] ?? 0);
  const first = await seq();
  await expect.poll(seq).toBeGreaterThan(first);

  await page.getByTestId('live-tab-alerts').click();
  const alert = page.locator('[data-alert-id="outOfSector:e2e-radio"]');
  await expect(alert).toContainText('CX21-99');
  await expect(alert).toContainText(/TQ \d{5} \d{5}/);
  await expect(page.locator('[data-alert-id^="cordonBreach:e2e-radio:"]')).toContainText(/inside inner cordon "Russell Square gardens"/i);
  await alert.getByTestId('alert-ack').click();
  // The server records the signed-in account (the development controller the app signs in as on loopback), with
  // rank and collar number: never a name typed at the screen.
  await expect(alert.getByTestId('alert-acked')).toContainText('Acknowledged by Dev Controller (Insp 1102)');
});

test('an emergency stays until a controller clears it with a reason; the device’s ordinary reports do not clear it', async ({ page, appUrl }) => {
  server = await startServer();
  await openLive(page, appUrl, server.url);
  await feed(server, { id: 'e2e-panic', callSign: 'CX22-77', groupId: 'CX22', lon: -0.1262, lat: 51.5216, status: 'emergency' });
  await page.getByTestId('live-tab-alerts').click();
  const alert = page.locator('[data-alert-id="emergency:e2e-panic"]');
  await expect(alert).toContainText('Emergency activation');
  // The radio's next ordinary report leaves the emergency up.
  await feed(server, { id: 'e2e-panic', callSign: 'CX22-77', groupId: 'CX22', lon: -0.1261, lat: 51.5217, status: 'deployed' });
  await expect.poll(() => server!.hub.units(OPERATION).find((u) => u.id === 'e2e-panic')?.lon).toBe(-0.1261);
  await expect(alert).not.toContainText('condition cleared');

  await alert.getByTestId('emergency-clear').click();
  const confirm = alert.getByTestId('emergency-clear-confirm');
  await expect(confirm).toBeDisabled();
  await alert.getByLabel(/Why is this emergency being cleared/).fill('Spoke to CX22-77 on the radio: accidental activation');
  await confirm.click();
  await expect(alert).toContainText('condition cleared');
  expect(server.hub.emergencies(OPERATION)).toEqual([]);
});

test('a stopped server shows the link down, and a restarted one recovers without a reload', async ({ page, appUrl }) => {
  server = await startServer();
  const port = server.httpPort;
  await openLive(page, appUrl, server.url);

  await server.close();
  server = null;
  await expect(page.getByTestId('link-banner')).toContainText('Link to the command server down since');
  await expect(page.getByTestId('live-map')).toHaveAttribute('data-link', 'down');
  // The last picture stays, frozen "as of last contact": the units are not shown going silent, however long the
  // link stays down (the freshness clock ticks every second, so a few seconds would show any ageing).
  const counts = page.getByTestId('freshness-counts');
  await expect(counts).toContainText(/\d+Fresh0Late0Lost0Expired/);
  const frozen = await counts.innerText();
  await page.waitForTimeout(4000);
  expect(await counts.innerText()).toBe(frozen);

  server = await startServer(port);
  await expect(page.getByTestId('link-state')).toHaveText('Connected', { timeout: 60_000 });
  await expect(page.getByTestId('link-banner')).toBeHidden();
  await expect.poll(async () => Number(await page.getByTestId('map').getAttribute('data-live-units'))).toBeGreaterThan(0);
  await expect(page.getByTestId('live-status')).toContainText(/Update #\d+/);
});

test('the Live workspace has no serious accessibility violations and is keyboard operable', async ({ page, appUrl }) => {
  // Many axe passes over the whole page: CPU work that takes several times longer while other tests share the cores.
  test.setTimeout(180_000);
  server = await startServer();
  await openLive(page, appUrl, server.url);
  const violations = async () =>
    (await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  expect(await violations()).toEqual([]);

  // Find and follow a unit with the keyboard; Escape stops following.
  await page.getByTestId('live-search').focus();
  await page.keyboard.type('CX21');
  await page.getByTestId('live-search-results').getByRole('button', { name: 'Follow CX21', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('follow-unit')).toHaveAttribute('aria-pressed', 'true');
  expect(await violations()).toEqual([]);
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('follow-unit')).toHaveAttribute('aria-pressed', 'false');

  await page.getByTestId('live-tab-alerts').click();
  expect(await violations()).toEqual([]);
  await page.getByTestId('live-tab-replay').click();
  await page.getByTestId('replay-load').click();
  await expect(page.getByTestId('replay-slider')).toBeVisible();
  await page.getByTestId('inside-area').selectOption({ index: 1 });
  await expect(page.getByTestId('inside-results')).toBeVisible();
  expect(await violations()).toEqual([]);

  await page.getByTestId('open-settings').click();
  await page.getByLabel('Theme').selectOption('light');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('live-tab-units').click();
  expect(await violations()).toEqual([]);
});
