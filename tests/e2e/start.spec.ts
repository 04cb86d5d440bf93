/**
 * `npm start` in web mode, as a user runs it (the start script, no browser opened), with the command server on a
 * port other than the default: the app connects to the server that was started (told by the web server's
 * /config.json), the Live workspace shows simulated units, and the first map is the street map of ../shared/data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '../helpers/app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | null = null;
let dataDir = '';
test.afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM'); // start.mjs stops its web server and the command server it started
    await exited;
  }
  child = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('npm start with CORDON_SERVER_PORT: the app connects to that server and opens on the street map', async ({ page }) => {
  test.setTimeout(150_000);
  const [webPort, serverPort] = [await freePort(), await freePort()];
  expect(serverPort).not.toBe(4870);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cordon-start-'));
  child = spawn(process.execPath, ['scripts/start.mjs', '--web', '--no-build'], {
    cwd: root,
    env: {
      ...process.env,
      CORDON_NO_OPEN: '1',
      CORDON_PORT: String(webPort),
      CORDON_SERVER_PORT: String(serverPort),
      CORDON_SERVER_DATA_DIR: dataDir,
      CORDON_SIMULATE: '30',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start.mjs did not start in time:\n${output}`)), 90_000);
    child!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Cordon (web mode) at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child!.once('exit', (code) => reject(new Error(`start.mjs exited (${code}):\n${output}`)));
  });
  expect(output).toContain(`listening on http://127.0.0.1:${serverPort}`);

  await page.goto(`http://127.0.0.1:${webPort}/`);
  await page.getByTestId('workspace-live').click();
  await expect(page.getByTestId('link-state')).toHaveText('Connected', { timeout: 30_000 });
  await expect.poll(async () => Number(await page.getByTestId('map').getAttribute('data-live-units')), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap', /Central London streets/);
  // (Never "idle" here: simulated units move every tick; the basemap's own tiles say when they are in.)
  await expect(page.getByTestId('map')).toHaveAttribute('data-basemap-tiles', 'loaded', { timeout: 60_000 });
  // Settings says which server that is, and that it is the one Cordon was started with.
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('server-auto')).toBeChecked();
  await expect(page.getByTestId('server-url')).toHaveValue(`http://127.0.0.1:${serverPort}`);
});
