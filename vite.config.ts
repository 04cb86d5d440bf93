import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export const UNIT_TESTS = ['{shared,renderer,electron,server,scripts,tests/unit}/**/*.test.ts'];
/** Test files that mock a module (vi.mock) or fake timers: each runs with modules loaded for it alone. */
export const ISOLATED_TESTS = ['electron/**/*.test.ts', 'renderer/features/exports/exportRecorder.test.ts'];

// The renderer is one Vite app: Electron loads the built files from disk, web mode serves the same files over HTTP.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', strictPort: false },
  test: {
    root: '.',
    environment: 'node',
    testTimeout: 20_000,
    // Vitest's default is one worker per core minus one: a single worker on our 2-core CI machines. Most of the
    // suite's time is spent waiting (sockets, timers, PostgreSQL, child servers), not computing, so three files at
    // a time keep both cores busy. CORDON_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.CORDON_TEST_WORKERS) || 3,
    // Loading a test file's imports (the server, socket.io, PostgreSQL and Redis clients, turf...) afresh for every
    // file took more time than the tests themselves (import 216 s against tests 200 s, summed over the workers), so a
    // worker keeps its loaded modules from one file to the next. That is safe for files that leave no state behind:
    // every test makes its own servers, stores and databases. Files that replace a module (vi.mock) or the clock
    // still get a fresh module registry of their own.
    projects: [
      { extends: true, test: { name: 'shared-modules', include: UNIT_TESTS, exclude: [...configDefaults.exclude, ...ISOLATED_TESTS], isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED_TESTS } },
    ],
  },
});
