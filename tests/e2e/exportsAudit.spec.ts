/**
 * Exports and prints in the audit trail (issue 11), through the app against a real command server on SQLite: a
 * signed-in commander exports GeoJSON and the Audit view shows it with the SHA-256 of the very file downloaded; with
 * the server stopped they export KML, the top bar says it is not yet in the audit trail, and when the server comes
 * back (same data, same port) it is recorded with its own (earlier) event time, once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, createOperation } from '../helpers/app';
import { pointAppAt, signInWithPassword, sqliteServerPerTest } from '../helpers/commandServer';

const SETUP = { actor: { kind: 'service' as const, name: 'e2e setup', role: 'commander' as const }, workstation: null };

const cs = sqliteServerPerTest({ config: {} });

async function exportFrom(page: Page, testId: string): Promise<{ name: string; sha256: string }> {
  const download = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const file = await download;
  const bytes = readFileSync((await file.path())!);
  return { name: file.suggestedFilename(), sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function auditRows(page: Page, action: string) {
  await page.getByTestId('open-audit').click();
  await page.getByTestId('audit-action').selectOption(action);
  await page.getByTestId('audit-search').click();
  return page.getByTestId('audit-table').getByRole('row').filter({ hasText: action });
}

test('every file made is in the audit trail with its SHA-256, including one made while the server was down', async ({ page, appUrl }, info) => {
  test.setTimeout(180_000);
  const server = await cs.start();
  const port = Number(new URL(server.url).port);
  const made = await server.accounts.createUser(
    { userName: 'chief', name: 'Sam Patel', rank: 'Supt', collar: '0042', password: 'chief-password', admin: true },
    SETUP,
  );
  if (!made.ok) throw new Error(made.error);

  await pointAppAt(page, appUrl, server.url);
  await signInWithPassword(page, 'chief', 'chief-password', 'Signed in as Sam Patel (Supt 0042)');

  await createOperation(page, 'Operation Kingfisher');
  await page.getByTestId('workspace-brief').click();
  await page.getByTestId('brief-tab-export').click();
  const geojson = await exportFrom(page, 'export-geojson');

  const rows = await auditRows(page, 'export.geojson');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Sam Patel (Supt 0042)');
  await expect(rows).toContainText(`"${geojson.name}"`);
  await expect(rows).toContainText(`SHA-256 ${geojson.sha256}`);
  await page.screenshot({ path: info.outputPath('audit-export.png') });
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // The server goes away; the file is still made, and the top bar says it waits for the audit trail.
  await cs.stop();
  const kml = await exportFrom(page, 'export-kml');
  await expect(page.getByTestId('export-ledger')).toHaveText('1 export not yet in the audit trail');
  await page.screenshot({ path: info.outputPath('ledger-waiting.png') });

  // Back on the same data and port: the account's link reconnects and the record goes at once.
  const backAt = Date.now();
  const back = await cs.start(port);
  await expect(page.getByTestId('export-ledger')).toHaveCount(0, { timeout: 30_000 });
  const kmlRows = await auditRows(page, 'export.kml');
  await expect(kmlRows).toHaveCount(1);
  await expect(kmlRows).toContainText(`SHA-256 ${kml.sha256}`);
  // Its event time is when the file was made (the server was down then), its logged time when the server heard of it.
  const [entry] = await back.accounts.store.audit({ action: 'export.kml', limit: 10 });
  expect(Date.parse(entry!.eventTime)).toBeLessThan(backAt);
  expect(Date.parse(entry!.loggedAt)).toBeGreaterThanOrEqual(backAt);
});
