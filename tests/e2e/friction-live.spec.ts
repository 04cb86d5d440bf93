/**
 * Everyday friction in the Live workspace (issue 9), against a real command server: a backlog of cleared alerts is
 * grouped and acknowledged at once with a record of who and when; a viewer is offered no Acknowledge button; Enter
 * in the call-sign search selects the first match or says there is none.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createCommandServer, type CommandServer } from '../../server/createServer';
import { DEMO_OPERATION_ID, frame } from '../../server/demo/demoOperation';
import { test, expect, createOperation } from '../helpers/app';

// Several engineers share two cores: these walk whole workflows and get the time to do so.
test.describe.configure({ timeout: 180_000 });

const OPERATION = DEMO_OPERATION_ID;
let server: CommandServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

/** Serious or critical accessibility problems in the Alerts panel (labelled tick boxes, expandable groups...). */
async function alertPanelViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[role="tabpanel"]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Settings as a user fills them: the server, the name at the screen and, for a viewer, the viewer's token. */
async function openLive(page: Page, appUrl: string, url: string, token?: string) {
  await page.goto(appUrl);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(url);
  await page.getByTestId('server-user').fill('E2E Controller');
  if (token) await page.getByTestId('server-token').fill(token);
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('workspace-live').click();
  await expect(page.getByTestId('link-state')).toHaveText('Connected');
}

/** CX23 radios (their PSU patrols sector S2) report at frame position (u, v) metres; a long interval so none goes lost. */
async function feed(s: CommandServer, ids: string[], u: number, v: number, extra: Record<string, unknown> = {}) {
  const [lon, lat] = frame(u, v);
  const positions = ids.map((id) => ({
    id,
    callSign: id.toUpperCase(),
    groupId: 'CX23',
    lon,
    lat,
    type: 'officer',
    status: 'deployed',
    expectedIntervalS: 900,
    time: new Date().toISOString(),
    ...extra,
  }));
  const r = await fetch(`${s.url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer cordon-dev-feed' },
    body: JSON.stringify({ operationId: OPERATION, positions }),
  });
  expect(r.status, await r.text()).toBe(200);
}

const RADIOS = ['cx23-01', 'cx23-02', 'cx23-03', 'cx23-04', 'cx23-05'];

/** Five radios stray out of S2 and come back (five cleared alerts), one stays out (open), one presses its emergency. */
async function backlog(page: Page, s: CommandServer) {
  await feed(s, [...RADIOS, 'cx23-06'], -500, -300);
  // The server judges once per tick: let it see them outside before they come back.
  await page.getByTestId('live-tab-alerts').click();
  for (const id of RADIOS) await expect(page.locator(`[data-alert-id="outOfSector:${id}"]`)).toBeVisible();
  await feed(s, RADIOS, 60, 400);
  await feed(s, ['cx23-09'], 60, 400, { status: 'emergency' });
}

test('cleared alerts are grouped, acknowledged several at once, and listed with who and when', async ({ page, appUrl }) => {
  server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, tickMs: 200 });
  await openLive(page, appUrl, server.url);
  await backlog(page, server);
  await expect(page.getByTestId('cleared-toggle')).toHaveText('▸ 5 cleared');
  const current = page.getByTestId('alert-list');
  await expect(current.locator('[data-alert-id="outOfSector:cx23-06"]')).toBeVisible();
  // The emergency stays in the list on its own: no tick box, and never in the cleared group.
  const emergency = current.locator('[data-alert-id="emergency:cx23-09"]');
  await expect(emergency).toBeVisible();
  await expect(emergency.getByTestId('alert-select')).toHaveCount(0);

  // Open the group, tick two, acknowledge them together.
  await page.getByTestId('cleared-toggle').click();
  const cleared = page.getByTestId('cleared-list');
  await expect(cleared.getByTestId('alert-item')).toHaveCount(5);
  await cleared.locator('[data-alert-id="outOfSector:cx23-01"]').getByTestId('alert-select').check();
  await cleared.locator('[data-alert-id="outOfSector:cx23-02"]').getByTestId('alert-select').check();
  await expect(page.getByTestId('alert-selection')).toContainText('2 alerts selected');
  expect(await alertPanelViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/friction-alerts-selected.png' });
  await page.getByTestId('alert-ack-selected').click();
  await expect(page.getByTestId('alert-bulk-status')).toHaveText('Acknowledged 2 alerts.');
  await expect(page.getByTestId('cleared-toggle')).toHaveText('▾ 3 cleared');

  // The rest in one go.
  await page.getByTestId('cleared-ack-all').click();
  await expect(page.getByTestId('alert-bulk-status')).toHaveText('Acknowledged 3 alerts.');
  await expect(page.getByTestId('cleared-group')).toHaveCount(0);
  await expect(emergency.getByTestId('alert-ack')).toBeVisible();

  // They left the list, but not the record: who acknowledged which, and when.
  await page.getByTestId('acknowledged-toggle').click();
  const acked = page.getByTestId('acknowledged-list').getByTestId('acknowledged-item');
  await expect(acked).toHaveCount(5);
  for (const item of await acked.all()) await expect(item).toContainText(/by Dev Controller \(Insp 1102\) at \d\d:\d\d:\d\d/);
  await expect(page.getByTestId('acknowledged-list')).toContainText('CX23-01');
  expect(await alertPanelViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/friction-alerts-acknowledged.png' });
});

test('a viewer sees the alerts but is offered no Acknowledge button', async ({ page, appUrl }) => {
  server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, tickMs: 200 });
  await openLive(page, appUrl, server.url, 'cordon-dev-viewer');
  await backlog(page, server);
  await expect(page.getByTestId('cleared-toggle')).toHaveText('▸ 5 cleared');
  await expect(page.getByTestId('alerts-view-only')).toBeVisible();
  await expect(page.getByTestId('alert-list').locator('[data-alert-id="emergency:cx23-09"]')).toBeVisible();
  await expect(page.getByTestId('alert-ack')).toHaveCount(0);
  await expect(page.getByTestId('cleared-ack-all')).toHaveCount(0);
  await expect(page.getByTestId('emergency-strip')).toBeVisible();
  await expect(page.getByTestId('emergency-strip').getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/friction-alerts-viewer.png' });
});

test('Enter in the call-sign search selects the first match, or says no unit matches', async ({ page, appUrl }) => {
  server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, tickMs: 200 });
  await openLive(page, appUrl, server.url);
  await feed(server, ['cx23-07'], 60, 400);
  const search = page.getByTestId('live-search');
  await search.fill('cx23-0');
  await expect(page.getByTestId('live-search-results')).toContainText('CX23-07');
  await search.press('Enter');
  await expect(page.getByTestId('unit-callsign')).toHaveText('CX23-07');
  await search.fill('ZZ99');
  await search.press('Enter');
  await expect(page.getByTestId('live-search-status')).toHaveText('No unit matches “ZZ99”.');
});

/** Settings → Theme, as a planner in a bright office would choose it. */
async function chooseTheme(page: Page, theme: 'light' | 'dark') {
  await page.getByTestId('open-settings').click();
  await page.getByRole('dialog').getByLabel('Theme').selectOption(theme);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

test('in the light theme the flashing Alerts tab and an open emergency’s buttons are legible', async ({ page, appUrl }) => {
  server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, tickMs: 200 });
  // The flashing alternates two reds; with reduced motion it holds one, so the contrast measured is the one shown.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLive(page, appUrl, server.url);
  await chooseTheme(page, 'light');
  await feed(server, ['cx23-09'], 60, 400, { status: 'emergency' });
  await page.getByTestId('live-tab-alerts').click();
  const emergency = page.getByTestId('alert-list').locator('[data-alert-id="emergency:cx23-09"]');
  await expect(emergency.getByRole('button', { name: 'Show' })).toBeVisible();
  // The selected Alerts tab was dark text on red, and "Show" white on a pale button.
  const contrast = await new AxeBuilder({ page })
    .include('[role="tablist"]')
    .include('[data-alert-id="emergency:cx23-09"]')
    .withRules(['color-contrast'])
    .analyze();
  expect(contrast.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
  await page.screenshot({ path: 'test-results/friction-alerts-light.png' });
});

test('a planner’s new operation reads "Draft: never published", and the top bar and Plan tabs keep to one row at 1280 px', async ({ page, appUrl }) => {
  server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, tickMs: 200 });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(appUrl);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(server.url);
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  // A development server signs the app in as its controller: signing out offers the sign-in, here as planner.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-user').fill('planner');
  await page.getByTestId('login-password').fill('cordon-dev-planner');
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('signed-in-as')).toContainText('Dev Planner');
  await createOperation(page, 'Operation Kingfisher for the Coronation procession');
  // Connected and signed in: the operation is simply not on the server yet (it said "not connected").
  await expect(page.getByTestId('plan-version-state')).toHaveText('Draft: never published');

  // One row: every button of the top bar on the same line at the same height, nothing wider than the window.
  const boxes = await Promise.all((await page.locator('.topbar .btn').all()).map((b) => b.boundingBox()));
  const first = boxes[0]!;
  for (const b of boxes) expect({ y: b!.y, height: b!.height }).toEqual({ y: first.y, height: first.height });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await page.getByTestId('tab-warnings').click();
  const tabs = await Promise.all((await page.getByRole('tablist').first().getByRole('tab').all()).map((t) => t.boundingBox()));
  expect(tabs.length).toBeGreaterThanOrEqual(7);
  expect(new Set(tabs.map((t) => Math.round(t!.y))).size).toBe(1);

  // Published: the planner is not offered Approve (a commander's act the server would refuse).
  await page.getByTestId('publish-version').click();
  await page.getByTestId('publish-note').fill('First cut');
  await page.getByTestId('publish-version-submit').click();
  await expect(page.getByTestId('plan-version-state')).toHaveText('v1 published (not approved)');
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('version-1')).toContainText('First cut');
  await expect(page.getByRole('button', { name: 'Approve version 1' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'History (1 revision)', exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/friction-plan-1280.png' });
});

test('Decisions names the operation rather than its id, offers the Plan’s open operation, and says in plain words why a log is refused', async ({
  page,
  appUrl,
}) => {
  server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, tickMs: 200 });
  await openLive(page, appUrl, server.url);
  await page.getByRole('button', { name: 'Operations', exact: true }).click();
  await createOperation(page, 'Operation Kingfisher');
  await page.getByTestId('workspace-decisions').click();
  const heading = page.getByTestId('decisions-operation-name');
  await expect(heading).toHaveText('· Operation Kingfisher');
  // The controller has no role in an operation only this workstation knows: the server's refusal, in plain words.
  await expect(page.getByTestId('decisions-workspace')).toContainText(
    'You have no role in this operation on the command server: ask an administrator (Users) or the operation’s planner to give you a role in it.',
  );
  await expect(page.getByTestId('decisions-workspace')).not.toContainText('forbidden:');
  await page.screenshot({ path: 'test-results/friction-decisions-refused.png' });

  // Another operation's logs by its id; the one open in the Plan is one click away.
  await page.getByTestId('decisions-operation').fill(OPERATION);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(heading).toHaveText(`· ${OPERATION}`);
  await page.getByTestId('decisions-open-operation').click();
  await expect(heading).toHaveText('· Operation Kingfisher');
  await expect(page.getByTestId('decisions-open-operation')).toHaveCount(0);
});
