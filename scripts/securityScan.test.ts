import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanElectron } from './security-scan.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-scan-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('security scan gate', () => {
  it('passes the app’s main process and writes a SARIF report', async () => {
    const sarifPath = path.join(dir, 'app.sarif');
    const report = await scanElectron({ input: path.join(root, 'electron'), sarifPath });
    expect(report.parseErrors).toEqual([]);
    expect(report.blocking).toEqual([]);
    const sarif = JSON.parse(await readFile(sarifPath, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
  });

  it('blocks an insecure window', async () => {
    const bad = path.join(dir, 'bad');
    await rm(bad, { recursive: true, force: true });
    await mkdir(bad);
    await writeFile(
      path.join(bad, 'main.ts'),
      "import { BrowserWindow } from 'electron';\nnew BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });\n",
    );
    const report = await scanElectron({ input: bad, sarifPath: path.join(dir, 'bad.sarif') });
    const ids = report.blocking.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']),
    );
  });
});
