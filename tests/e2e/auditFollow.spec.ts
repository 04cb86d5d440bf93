/**
 * Following one feature through the audit trail (issue 11), against a real command server on SQLite with named
 * accounts: planner Alice drafts and shares "Operation Kingfisher" and renames Sector 1; planner Bob opens it; the
 * server goes away and Bob sets the sector's Bronze offline; the server comes back on the same data and port and
 * Bob's edit drains. Then Sam Patel (administrator, commander of the operation) selects the sector and chooses
 * "Audit history…": the Audit view follows that feature, oldest first, with both planners' changes field by field
 * (before → after), Bob's marked as edited offline (event time before logged time), and both exports carry them.
 * Screenshots of the Audit view following the feature, in the dark and the light theme, go to test-results/.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DEV_TOKENS } from '../../server/config';
import type { AuditEntry } from '../../shared/protocol';
import { test, expect, draftOperationWithSector, mapIdle } from '../helpers/app';
import { pointAppAt, signInWithPassword, sqliteServerPerTest } from '../helpers/commandServer';

const SETUP = { actor: { kind: 'service' as const, name: 'e2e setup', role: 'commander' as const }, workstation: null };
const PEOPLE = {
  alice: { name: 'Alice Archer', rank: 'PS', collar: '2001', admin: false },
  bob: { name: 'Bob Baker', rank: 'PS', collar: '2002', admin: false },
  chief: { name: 'Sam Patel', rank: 'Supt', collar: '0042', admin: true },
} as const;
const label = (who: keyof typeof PEOPLE) => `${PEOPLE[who].name} (${PEOPLE[who].rank} ${PEOPLE[who].collar})`;

const cs = sqliteServerPerTest({ config: { feeds: [{ name: 'Dev feed', token: DEV_TOKENS.feed, operationIds: ['*'] }] } });

/** Points the app at the server through Settings and signs in, as a person would. */
async function signIn(page: Page, appUrl: string, serverUrl: string, userName: keyof typeof PEOPLE) {
  await pointAppAt(page, appUrl, serverUrl);
  await signInWithPassword(page, userName, `${userName}-password`, PEOPLE[userName].name);
}

async function selectFeature(page: Page, name: string) {
  await page.getByTestId('tab-features').click();
  await page
    .getByTestId('feature-list')
    .getByRole('button', { name: new RegExp(`^${name}\\b`) })
    .click();
  await expect(page.getByTestId('prop-name')).toHaveValue(name);
}

async function commit(page: Page, testId: string, value: string) {
  const field = page.getByTestId(testId);
  await field.fill(value);
  await field.press('Enter');
}

async function exported(page: Page, testId: string): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return readFileSync((await (await download).path())!, 'utf8');
}

test('an administrator follows one feature edited by two planners, one offline, and exports its history', async ({ page, browser, appUrl }, info) => {
  test.setTimeout(400_000);
  let server = await cs.start();
  const port = Number(new URL(server.url).port);
  const ids: Record<string, string> = {};
  for (const [userName, p] of Object.entries(PEOPLE)) {
    const made = await server.accounts.createUser({ userName, ...p, password: `${userName}-password` }, SETUP);
    if (!made.ok) throw new Error(made.error);
    ids[userName] = made.value.id;
  }
  // Alice plans elsewhere already, so she may share a new operation.
  await server.accounts.setRoles(ids.alice!, 'op-elsewhere', ['planner'], SETUP);

  // Alice drafts Kingfisher with one sector, shares it, and renames the sector while connected.
  await signIn(page, appUrl, server.url, 'alice');
  await draftOperationWithSector(page, 'Operation Kingfisher');
  await page.getByTestId('share-operation').click();
  await page.getByTestId('share-submit').click();
  await expect(page.getByTestId('sync-link')).toHaveText('Connected');
  const operationId = (await page.evaluate(() => localStorage.getItem('cordon.lastOperation')))!;
  // A planner may not read the audit trail: no "Audit history…" for Alice.
  await selectFeature(page, 'Sector 1');
  await expect(page.getByTestId('audit-history')).toHaveCount(0);
  await commit(page, 'prop-name', 'Sector 1 North');
  await expect(page.getByTestId('sync-progress')).toHaveText(/^Synced /);

  // Bob joins the planning cell and Sam Patel commands it (an administrator's grant, done here by the test).
  await server.accounts.setRoles(ids.bob!, operationId, ['planner'], SETUP);
  await server.accounts.setRoles(ids.chief!, operationId, ['commander'], SETUP);
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await signIn(bob, appUrl, server.url, 'bob');
  await bob.getByTestId('open-shared').click();
  await bob.getByTestId('shared-operations').getByRole('button', { name: 'Open Operation Kingfisher' }).click();
  await mapIdle(bob);
  await selectFeature(bob, 'Sector 1 North');

  // The server goes away; Bob sets the sector's Bronze offline.
  await cs.stop();
  await expect(bob.getByTestId('sync-link')).toHaveText('Server unreachable');
  await commit(bob, 'prop-bronze', 'North Bronze');
  await expect(bob.getByTestId('sync-progress')).toHaveText('1 change waiting');

  // Bob stays offline a while (the view calls an entry late from 2 s; a quick restart could beat that), then the
  // server is back on the same data and port and his edit drains.
  await bob.waitForTimeout(4000);
  server = await cs.start(port);
  await expect(bob.getByTestId('sync-link')).toHaveText('Connected', { timeout: 90_000 });
  await expect(bob.getByTestId('sync-progress')).toHaveText(/^Synced /, { timeout: 30_000 });

  // Sam Patel opens the operation, selects the sector and follows it in the audit trail.
  const chiefContext = await browser.newContext();
  const chief = await chiefContext.newPage();
  await signIn(chief, appUrl, server.url, 'chief');
  await chief.getByTestId('open-shared').click();
  await chief.getByTestId('shared-operations').getByRole('button', { name: 'Open Operation Kingfisher' }).click();
  await mapIdle(chief);
  await selectFeature(chief, 'Sector 1 North');
  await expect(chief.getByTestId('prop-bronze')).toHaveValue('North Bronze');
  await chief.getByRole('button', { name: 'Audit history…' }).click();

  const dialog = chief.getByRole('dialog');
  // Objects read by their names (from the changes shown), with the id an inquiry searches by beside them.
  const featureObject = new RegExp(`^Follow Sector 1 North \\(feature:${operationId}/[\\w-]+\\)$`);
  await expect(dialog.getByTestId('audit-following')).toContainText(`Following Sector 1 North (feature:${operationId}/`);
  await expect(dialog.getByTestId('audit-count')).toHaveText('2 entries, oldest first');
  const rows = dialog.getByTestId('audit-row');
  await expect(rows).toHaveCount(2);
  const [first, second] = [rows.nth(0), rows.nth(1)];
  await expect(first).toContainText(label('alice'));
  await expect(first).toContainText('sync.change');
  await expect(first.getByTestId('audit-diff-field')).toHaveText(['Name: Sector 1 → Sector 1 North']);
  await expect(second).toContainText(label('bob'));
  await expect(second.getByTestId('audit-diff-field')).toHaveText(['Bronze: (empty) → North Bronze']);
  // Edited while the server was away: the event time is before the logged time, and the view says so.
  await expect(second.getByTestId('audit-late')).toHaveText(/^logged (\d+ min )?\d+ s after the edit \(made offline or queued\)$/);
  await expect(first.getByRole('button', { name: featureObject })).toHaveAttribute('aria-pressed', 'true');
  await chief.screenshot({ path: info.outputPath('audit-follow-dark.png') });

  // Both exports carry the two changes with their rows before and after.
  const csv = await exported(chief, 'audit-export-csv');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/,outcome,changeSetId,before,after$/);
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(label('alice'));
  expect(lines[1]).toContain(',applied,');
  expect(lines[2]).toContain(label('bob'));
  const jsonl = (await exported(chief, 'audit-export-jsonl'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditEntry);
  expect(jsonl.map((e) => [e.user, (e.change?.before as { name: string }).name, (e.change?.after as { name: string }).name])).toEqual([
    [label('alice'), 'Sector 1', 'Sector 1 North'],
    [label('bob'), 'Sector 1 North', 'Sector 1 North'],
  ]);
  expect((jsonl[1]!.change?.after as { bronze: string }).bronze).toBe('North Bronze');
  expect(Date.parse(jsonl[1]!.loggedAt)).toBeGreaterThan(Date.parse(jsonl[1]!.eventTime));

  // Stop following: the whole trail again, newest first, the reads of it included.
  await dialog.getByTestId('audit-stop-following').click();
  await expect(dialog.getByTestId('audit-count')).toHaveText(/entries, newest first$/);
  await expect(dialog.getByTestId('audit-table')).toContainText('audit.read');
  // Any object is a button that follows it: the operation's own entries (sharing, each push) and its row's changes.
  await dialog
    .getByRole('button', { name: `Follow Operation Kingfisher (operation:${operationId})` })
    .first()
    .click();
  await expect(dialog.getByTestId('audit-following')).toContainText(`Following Operation Kingfisher (operation:${operationId})`);
  await expect(dialog.getByTestId('audit-table')).toContainText('sync.share');
  await expect(dialog.getByTestId('audit-table')).toContainText('sync.push');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The same view in the light theme.
  await chief.getByTestId('open-settings').click();
  await chief.getByRole('dialog').getByLabel('Theme').selectOption('light');
  await chief.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await chief.getByRole('button', { name: 'Audit history…' }).click();
  await expect(chief.getByRole('dialog').getByTestId('audit-row')).toHaveCount(2);
  await chief.screenshot({ path: info.outputPath('audit-follow-light.png') });
  await bobContext.close();
  await chiefContext.close();
});
