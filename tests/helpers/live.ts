/** The Live workspace's e2e steps shared by its specs. */
import type { Page } from '@playwright/test';
import { expect } from './app';

/** Points the app at the server through Settings, as a user would, and opens the Live workspace on `operationId`. */
export async function connectLive(page: Page, appUrl: string, serverUrl: string, operationId: string) {
  await page.goto(appUrl);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(serverUrl);
  await page.getByTestId('server-user').fill('E2E Controller');
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('workspace-live').click();
  await expect(page.getByTestId('live-operation')).toHaveValue(operationId);
  await expect(page.getByTestId('link-state')).toHaveText('Connected');
}
