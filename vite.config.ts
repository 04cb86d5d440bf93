import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

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
    include: ['{shared,renderer,electron,server,scripts,tests/unit}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Vitest's default is one worker per core minus one: a single worker on our 2-core CI machines. Most of the
    // suite's time is spent waiting (sockets, timers, PostgreSQL, child servers), not computing, so three files at
    // a time keep both cores busy. CORDON_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.CORDON_TEST_WORKERS) || 3,
  },
});
