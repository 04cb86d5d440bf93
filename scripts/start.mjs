#!/usr/bin/env node
/**
 * `npm start`: build the renderer and the Electron bundles, then run Cordon in Electron when its binary is
 * available, otherwise in web mode (the built renderer served on 127.0.0.1 and opened in the default browser).
 *
 * Options:  --web        skip Electron, go straight to web mode
 *           --no-build   use the existing dist/renderer and dist-electron
 * Env:      CORDON_PORT (web mode port, default 5173), CORDON_NO_OPEN=1 (do not open a browser),
 *           CORDON_RETRY_ELECTRON=1 (try the Electron download again now, even if it failed recently)
 *
 * Electron's npm package downloads its binary from GitHub on first `require('electron')`. Where that is impossible
 * (our offline build machines) the download can hang, so it runs in a child process with a time limit, and a
 * failure is remembered for a day so that later starts do not wait again.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildElectron } from './build-electron.mjs';
import { defaultBasemapArchives, findDataDir } from './default-basemap.mjs';
import { DEFAULT_PORT, startStaticServer } from './serve-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const DOWNLOAD_TIMEOUT_MS = 60_000;
const RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const failureMarker = path.join(root, 'node_modules', '.cache', 'cordon', 'electron-unavailable.json');

// ---- command server ---------------------------------------------------------------------------------------------

/**
 * Start the local command server (server/main.ts, in a child process) before the app opens, and return how to stop
 * it; null (the app opens without it) when it cannot start. It listens on loopback with the development tokens, keeps
 * its data in .cordon-server/ and simulates units in "Operation Demo".
 * Env: CORDON_NO_SERVER=1 (do not start it), CORDON_SERVER_PORT (default 4870), CORDON_SIMULATE (units, default 200),
 * CORDON_SERVER_DATA_DIR (default .cordon-server). The app is told the URL it listens on (web: /config.json,
 * Electron: CORDON_COMMAND_SERVER_URL), so another port still connects.
 * @returns {Promise<{ url: string, close: () => Promise<void> } | null>}
 */
async function startCommandServer() {
  if (process.env.CORDON_NO_SERVER === '1') return null;
  const port = process.env.CORDON_SERVER_PORT ?? '4870';
  const simulate = process.env.CORDON_SIMULATE ?? '200';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--port', port, '--simulate', simulate, '--data-dir', process.env.CORDON_SERVER_DATA_DIR ?? '.cordon-server'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve) => {
    let buffered = '';
    const timer = setTimeout(() => resolve(null), 30_000);
    child.stdout.on('data', (chunk) => {
      process.stdout.write(`[server] ${chunk}`);
      buffered = (buffered + chunk).slice(-4000);
      const found = /listening on (https?:\/\/\S+?)[,;\s]/.exec(buffered);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('error', () => resolve(null));
    void exited.then(() => resolve(null));
  });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  if (!url) {
    console.error('The command server did not start (see above); opening Cordon without it.');
    await close();
    return null;
  }
  return { url, close };
}

// ---- build ------------------------------------------------------------------------------------------------------

/** Run a command, inheriting stdio; resolves with its exit code. */
function run(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function build() {
  const viteCli = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const code = existsSync(viteCli)
    ? await run(process.execPath, [viteCli, 'build', '--logLevel', 'warn'])
    : await run('npx', ['vite', 'build', '--logLevel', 'warn'], { shell: process.platform === 'win32' });
  if (code !== 0) throw new Error('The renderer build (vite build) failed; see above.');
  await buildElectron({ root });
}

// ---- Electron detection -----------------------------------------------------------------------------------------

/** The Electron executable if it is already on disk, without triggering a download. */
export function findElectronBinary(projectRoot = root, env = process.env) {
  const packageDir = path.join(projectRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const overridden = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(overridden) ? overridden : null;
  }
  if (!relative) return null;
  const full = path.join(packageDir, 'dist', relative);
  return existsSync(full) ? full : null;
}

/** Let electron's package download its binary, in a child process that is killed (with its children) on timeout. */
function tryDownloadElectron() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', "require('electron')"], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'ignore'],
      detached: process.platform !== 'win32', // own process group, so the installer it spawns dies with it
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      try {
        if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, DOWNLOAD_TIMEOUT_MS);
    child.on('error', () => {
      clearTimeout(timer);
      resolve();
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function recentlyFailed() {
  if (process.env.CORDON_RETRY_ELECTRON === '1') return false;
  try {
    const { failedAt } = JSON.parse(await readFile(failureMarker, 'utf8'));
    return typeof failedAt === 'number' && Date.now() - failedAt < RETRY_AFTER_MS;
  } catch {
    return false;
  }
}

async function electronBinary() {
  const existing = findElectronBinary();
  if (existing) return existing;
  if (await recentlyFailed()) return null;
  console.log('Fetching the Electron binary (first run only)…');
  await tryDownloadElectron();
  const downloaded = findElectronBinary();
  if (downloaded) {
    await rm(failureMarker, { force: true });
    return downloaded;
  }
  await mkdir(path.dirname(failureMarker), { recursive: true });
  await writeFile(failureMarker, JSON.stringify({ failedAt: Date.now() }));
  return null;
}

// ---- modes ------------------------------------------------------------------------------------------------------

/** Run Electron on the project; resolves with its exit code and how long it ran. */
async function runElectron(binary, commandServer) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (commandServer) env.CORDON_COMMAND_SERVER_URL = commandServer.url;
  // Main serves the default street map from here (app://cordon/data/) and tells the renderer about it.
  const dataDir = findDataDir(root);
  if (dataDir) env.CORDON_DATA_DIR = dataDir;
  const started = Date.now();
  const code = await run(binary, ['.'], { env });
  return { code, ranForMs: Date.now() - started };
}

function openBrowser(url) {
  if (process.env.CORDON_NO_OPEN === '1' || process.env.CI) return;
  const [command, commandArgs] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, commandArgs, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined); // no browser opener: the URL is printed anyway
    child.unref();
  } catch {
    // ignore
  }
}

async function runWeb(reason, commandServer) {
  const port = Number(process.env.CORDON_PORT ?? DEFAULT_PORT);
  const url = `http://127.0.0.1:${port}`;
  if (reason) console.log(`${reason}; opening Cordon in web mode at ${url} instead`);
  let server;
  try {
    // ../shared/data (the OpenStreetMap street map of central London) is mounted at /data/ when present, and the
    // app is told to use it as the default basemap; without it the app keeps its shipped world map.
    const dataDir = findDataDir(root);
    const defaultBasemap = defaultBasemapArchives(dataDir, '/data/');
    const config = { ...(commandServer ? { serverUrl: commandServer.url } : {}), ...(defaultBasemap ? { defaultBasemap } : {}) };
    server = await startStaticServer({ root: path.join(root, 'dist', 'renderer'), port, extraRoots: dataDir ? { '/data/': dataDir } : {}, config });
    if (defaultBasemap) console.log(`Basemap: the OpenStreetMap street map in ${path.relative(root, dataDir) || dataDir}`);
  } catch (error) {
    console.error(
      error?.code === 'EADDRINUSE' ? `Port ${port} is already in use: set CORDON_PORT to another port.` : `Could not start the web server: ${error}`,
    );
    await commandServer?.close();
    process.exit(1);
  }
  if (!reason) console.log(`Cordon (web mode) at ${url}`);
  openBrowser(`${url}/`);
  const stop = async () => {
    await server.close();
    await commandServer?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main() {
  if (!args.has('--no-build')) await build();
  const commandServer = await startCommandServer();

  if (args.has('--web')) return runWeb(null, commandServer);

  const binary = await electronBinary();
  if (!binary) {
    return runWeb("Electron's binary is not available on this machine (it downloads from GitHub on first run)", commandServer);
  }
  const { code, ranForMs } = await runElectron(binary, commandServer);
  if (code !== 0 && ranForMs < 10_000) {
    // E.g. a Linux machine without a display or Electron's system libraries.
    return runWeb(`Electron exited at start-up (code ${code})`, commandServer);
  }
  await commandServer?.close();
  process.exit(code);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
