/**
 * The Live workspace against a command server joined to a cluster through Redis: when Redis goes away, the server
 * keeps serving and the screen says the cluster link is down, in the banner slot, without hiding an emergency;
 * when Redis returns the banner goes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createCommandServer, type CommandServer } from '../../server/createServer';
import { test, expect } from '../helpers/app';
import { connectLive } from '../helpers/live';

const OPERATION = 'demo-operation';
const REDIS_SERVER = '/usr/bin/redis-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** A throwaway redis-server on loopback (the unit tests' helper imports vitest, so not that one). */
async function startRedis(port: number): Promise<{ stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cordon-e2e-redis-'));
  const child: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  await expect
    .poll(
      () =>
        new Promise<boolean>((resolve) => {
          const c = net.connect(port, '127.0.0.1');
          c.once('connect', () => {
            c.destroy();
            resolve(true);
          });
          c.once('error', () => resolve(false));
        }),
      { timeout: 5000 },
    )
    .toBe(true);
  return { stop };
}

const openLive = (page: Page, appUrl: string, serverUrl: string) => connectLive(page, appUrl, serverUrl, OPERATION);

let server: CommandServer | null = null;
let redis: { stop(): Promise<void> } | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
  await redis?.stop();
  redis = null;
});

test.skip(!existsSync(REDIS_SERVER), `${REDIS_SERVER} is not installed`);

test('a Redis outage shows "cluster link down" beside an emergency, and Redis returning clears it', async ({ page, appUrl }) => {
  const port = await freePort();
  redis = await startRedis(port);
  server = await createCommandServer({
    port: 0,
    store: 'memory',
    cotPort: null,
    log: false,
    simulate: 20,
    simulateSeed: 7,
    tickMs: 200,
    redisUrl: `redis://127.0.0.1:${port}`,
  });
  await openLive(page, appUrl, server.url);
  await expect(page.getByTestId('link-banner')).toBeHidden();

  // An emergency on the screen before Redis goes.
  const r = await fetch(`${server.url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer cordon-dev-feed' },
    body: JSON.stringify({
      operationId: OPERATION,
      positions: [{ id: 'e2e-sos', callSign: 'CX99', type: 'officer', status: 'emergency', lon: -0.1262, lat: 51.5216, time: new Date().toISOString() }],
    }),
  });
  expect(r.status, await r.text()).toBe(200);
  const strip = page.getByTestId('emergency-strip');
  await expect(strip).toContainText('CX99');

  await redis.stop();
  redis = null;
  const banner = page.getByTestId('link-banner');
  await expect(banner).toContainText("Cluster link down: this server is serving its own sources only; other control rooms' updates are not reaching you");
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('link-state')).toHaveText('Connected');
  await expect(page.getByTestId('cluster-state')).toContainText('Cluster link down');
  // The emergency stays in view, below the banner, not under it.
  await expect(strip).toBeVisible();
  const b = (await banner.boundingBox())!;
  const s = (await strip.boundingBox())!;
  expect(s.y).toBeGreaterThanOrEqual(b.y + b.height);
  const axe = await new AxeBuilder({ page }).include('.live-top').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  if (process.env.CORDON_E2E_SHOTS) await page.screenshot({ path: path.join(process.env.CORDON_E2E_SHOTS, 'cluster-down.png') });

  redis = await startRedis(port);
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await expect(page.getByTestId('cluster-state')).toBeHidden();
  await expect(strip).toBeVisible();
});
