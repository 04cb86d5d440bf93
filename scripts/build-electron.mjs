#!/usr/bin/env node
/**
 * Bundle the Electron main process and preload with esbuild:
 *   electron/main.ts          -> dist-electron/main.cjs     (Node, CJS, `electron` external)
 *   electron/preload/index.ts -> dist-electron/preload.cjs  (one CJS file: a sandboxed preload cannot require
 *                                                            anything but a few Electron built-ins)
 * Usage: node scripts/build-electron.mjs [--dev]   (--dev: no minify; dev menus still depend on app.isPackaged)
 */
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { rm } from 'node:fs/promises';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Electron 45 ships Node 22 and Chromium 140+. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

export async function buildElectron({ root = projectRoot, minify = true, logLevel = 'warning' } = {}) {
  const outdir = path.join(root, 'dist-electron');
  await rm(outdir, { recursive: true, force: true });
  const common = {
    bundle: true,
    format: 'cjs',
    sourcemap: true,
    minify,
    logLevel,
    absWorkingDir: root,
    external: ['electron'],
    define: { 'process.env.NODE_ENV': JSON.stringify(minify ? 'production' : 'development') },
    legalComments: 'none',
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/main.ts')],
      outfile: path.join(outdir, 'main.cjs'),
      platform: 'node',
      target: NODE_TARGET,
    }),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/preload/index.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      // The sandboxed preload has no Node: bundling for the browser platform makes any node:* import a build error.
      platform: 'browser',
      target: CHROME_TARGET,
    }),
  ]);
  return { outdir };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dev = process.argv.includes('--dev');
  buildElectron({ minify: !dev, logLevel: 'info' }).then(
    ({ outdir }) => console.log(`Electron bundles written to ${path.relative(process.cwd(), outdir) || '.'}`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
