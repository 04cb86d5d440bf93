/**
 * People, not shared tokens, through the app against a real command server with a config of its own (no development
 * users): a wrong then a right password; the operations a person may see are only those they are a member of; an
 * administrator disables them and their open app is signed out at once; the audit trail shows the failed login and
 * the disable, and exports them. Screenshots of the sign-in, Users and Audit screens go to test-results/.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEV_TOKENS } from '../../server/config';
import { createCommandServer, type CommandServer } from '../../server/createServer';
import { demoOperation } from '../../server/demo/demoOperation';
import { test, expect } from '../helpers/app';

const SETUP = { actor: { kind: 'service' as const, name: 'e2e setup', role: 'commander' as const }, workstation: null };

let server: CommandServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

async function startServer(): Promise<CommandServer> {
  const s = await createCommandServer({
    port: 0,
    store: 'memory',
    cotPort: null,
    log: false,
    tickMs: 200,
    publishDemo: false,
    config: { feeds: [{ name: 'Dev feed', token: DEV_TOKENS.feed, operationIds: ['*'] }] },
  });
  for (const [id, name] of [
    ['op-kingfisher', 'Operation Kingfisher'],
    ['op-heron', 'Operation Heron'],
  ] as const) {
    const plan = demoOperation();
    const r = await s.hub.publishPlan({ ...plan, operation: { ...plan.operation, id, name } });
    if (!r.ok) throw new Error(r.error);
  }
  const people = [
    {
      userName: 'jsmith',
      name: 'Jane Smith',
      rank: 'Insp',
      collar: '4521',
      password: 'jsmith-password',
      admin: false,
      roles: { 'op-kingfisher': ['controller'] },
    },
    { userName: 'chief', name: 'Sam Patel', rank: 'Supt', collar: '0042', password: 'chief-password', admin: true, roles: { 'op-kingfisher': ['commander'] } },
  ] as const;
  for (const p of people) {
    const made = await s.accounts.createUser(p, SETUP);
    if (!made.ok) throw new Error(made.error);
    for (const [op, roles] of Object.entries(p.roles)) await s.accounts.setRoles(made.value.id, op, [...roles], SETUP);
  }
  return s;
}

/** Points the app at the server through Settings, as a user would. */
async function useServer(page: Page, appUrl: string, serverUrl: string) {
  await page.goto(appUrl);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(serverUrl);
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

async function signIn(page: Page, userName: string, password: string) {
  await page.getByTestId('sign-in').click();
  await page.getByTestId('login-user').fill(userName);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
}

test('sign in, see only member operations, be signed out when disabled; the audit trail shows it', async ({ page, appUrl, browser }, info) => {
  server = await startServer();

  // Jane Smith: a wrong password, then the right one (typed and submitted from the keyboard).
  await useServer(page, appUrl, server.url);
  await signIn(page, 'jsmith', 'not-my-password');
  await expect(page.getByTestId('login-error')).toHaveText('Not signed in: wrong user name or password.');
  await page.screenshot({ path: info.outputPath('login.png') });
  await page.getByTestId('login-password').fill('jsmith-password');
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Signed in as Jane Smith (Insp 4521)');
  await expect(page.getByRole('dialog')).toBeHidden();
  // Not an administrator: no Users screen; not a commander: no Audit.
  await expect(page.getByTestId('open-users')).toHaveCount(0);
  await expect(page.getByTestId('open-audit')).toHaveCount(0);

  // Only the operation she is a member of.
  await page.getByTestId('signed-in-as').click();
  await expect(page.getByTestId('my-operations')).toContainText('op-kingfisher');
  await expect(page.getByTestId('my-operations')).toContainText('controller');
  await expect(page.getByTestId('my-operations')).not.toContainText('op-heron');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // The administrator, at another workstation, disables her.
  const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const admin = await adminContext.newPage();
  await useServer(admin, appUrl, server.url);
  await signIn(admin, 'chief', 'chief-password');
  await expect(admin.getByTestId('signed-in-as')).toHaveText('Signed in as Sam Patel (Supt 0042)');
  await admin.getByTestId('open-users').click();
  await expect(admin.getByTestId('user-row-jsmith')).toContainText('op-kingfisher: controller');
  await admin.screenshot({ path: info.outputPath('users.png') });
  await admin.getByRole('button', { name: 'Disable jsmith' }).click();
  await expect(admin.getByTestId('users-message')).toHaveText('jsmith is now disabled and signed out everywhere.');
  await expect(admin.getByTestId('user-row-jsmith')).toContainText('Disabled');
  // No disabling yourself.
  await expect(admin.getByRole('button', { name: 'Disable chief' })).toBeDisabled();

  // Her open app is signed out at once, and says why.
  await expect(page.getByTestId('login-why')).toHaveText('Signed out: your account was disabled by an administrator.');
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await page.getByTestId('login-user').fill('jsmith');
  await page.getByTestId('login-password').fill('jsmith-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('Not signed in: this account is disabled: ask an administrator.');

  // The audit trail: the failed login and the disable, by whom and from which workstation.
  await admin.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await admin.getByTestId('open-audit').click();
  const table = admin.getByTestId('audit-table');
  await expect(table.getByRole('row').filter({ hasText: 'user.disable' })).toContainText('Sam Patel (Supt 0042)');
  await expect(table.getByRole('row').filter({ hasText: 'wrong password' })).toContainText('failed');
  await admin.screenshot({ path: info.outputPath('audit.png') });
  await admin.getByTestId('audit-action').selectOption('user.disable');
  await admin.getByTestId('audit-search').click();
  await expect(admin.getByTestId('audit-count')).toHaveText('1 entry, newest first');
  const download = admin.waitForEvent('download');
  await admin.getByTestId('audit-export-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('seq,eventTime,loggedAt,user,userId,workstation,action,object,operationId,result,detail,outcome,changeSetId,before,after');
  expect(csv).toMatch(/Sam Patel \(Supt 0042\),[^,]+,ws-[0-9a-f]{8},user\.disable,user:/);
  await adminContext.close();
});

test('a controller removed from the operation she watches sees the picture stop and why, not a stalled link', async ({ page, appUrl, browser }, info) => {
  server = await startServer();
  await useServer(page, appUrl, server.url);
  await signIn(page, 'jsmith', 'jsmith-password');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Signed in as Jane Smith (Insp 4521)');

  // Jane watches Kingfisher in Live (the only operation she may see).
  await page.getByTestId('workspace-live').click();
  await expect(page.getByTestId('link-state')).toHaveText('Connected');
  const picker = page.getByTestId('live-operation');
  await expect(picker.locator('option', { hasText: 'Operation Kingfisher' })).toHaveCount(1);
  await picker.selectOption('op-kingfisher');
  await expect(page.getByTestId('live-map')).toHaveAttribute('data-link', 'connected');

  // The administrator takes her off the operation in the Users screen.
  const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const admin = await adminContext.newPage();
  await useServer(admin, appUrl, server.url);
  await signIn(admin, 'chief', 'chief-password');
  await admin.getByTestId('open-users').click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Person').first().selectOption({ label: 'jsmith — Jane Smith (Insp 4521)' });
  await dialog.getByTestId('roles-operation').fill('op-kingfisher');
  await dialog.getByRole('group', { name: 'Roles' }).getByLabel('controller').uncheck();
  await dialog.getByTestId('save-roles').click();
  await expect(dialog.getByTestId('user-row-jsmith')).not.toContainText('op-kingfisher');

  // Her Live screen stops at once and says why; the status bar says the same; it is not called a lost link.
  const banner = page.getByTestId('link-banner');
  await expect(banner).toHaveAttribute('data-link', 'ended');
  await expect(banner).toContainText('Your access to this operation ended at');
  await expect(banner).toContainText('no longer a member of operation op-kingfisher');
  await expect(page.getByTestId('link-state')).toHaveText('Access ended');
  await expect(page.getByTestId('live-map')).toHaveAttribute('data-link', 'ended');
  await page.screenshot({ path: info.outputPath('access-ended.png') });

  // Added back, "Try again" brings the live picture back.
  await dialog.getByRole('group', { name: 'Roles' }).getByLabel('controller').check();
  await dialog.getByTestId('save-roles').click();
  await expect(dialog.getByTestId('user-row-jsmith')).toContainText('op-kingfisher: controller');
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('live-map')).toHaveAttribute('data-link', 'connected');
  await expect(page.getByTestId('link-state')).toHaveText('Connected');
  await adminContext.close();
});
