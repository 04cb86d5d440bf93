/**
 * The command server side of e2e specs: a real server on SQLite in a throwaway folder, stopped and removed after each
 * test (and restartable on the same data and port, for outage tests), and the steps a person takes in the app to
 * use it: Settings (address, and optionally a service token) and signing in with a password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createCommandServer, type CommandServer, type CommandServerOptions } from '../../server/createServer';
import { test, expect } from './app';

/**
 * `const cs = sqliteServerPerTest()` at the top of a spec; `await cs.start()` in a test; `await cs.stop()` for an
 * outage and `await cs.start(port)` to come back on the same data. Options are the server's (a config, ...).
 */
export function sqliteServerPerTest(o: Partial<CommandServerOptions> = {}) {
  let dataDir = '';
  const cs = {
    server: null as CommandServer | null,
    async start(port = 0): Promise<CommandServer> {
      cs.server = await createCommandServer({ port, store: 'sqlite', dataDir, cotPort: null, log: false, publishDemo: false, tickMs: 200, ...o });
      return cs.server;
    },
    async stop(): Promise<void> {
      await cs.server?.close();
      cs.server = null;
    },
  };
  test.beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'cordon-e2e-server-'));
  });
  test.afterEach(async () => {
    await cs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return cs;
}

/** Settings as a user fills them: the server's address and, for a service account, who is at the screen and its token. */
export async function pointAppAt(page: Page, appUrl: string, serverUrl: string, service?: { user: string; token: string }) {
  await page.goto(appUrl);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('server-url').fill(serverUrl);
  if (service) {
    await page.getByTestId('server-user').fill(service.user);
    await page.getByTestId('server-token').fill(service.token);
  }
  await page.getByTestId('apply-server').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

/** Sign in with a password, from the keyboard, and wait until the top bar says who. */
export async function signInWithPassword(page: Page, userName: string, password: string, shownAs: string) {
  await page.getByTestId('sign-in').click();
  await page.getByTestId('login-user').fill(userName);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('signed-in-as')).toContainText(shownAs);
}
