import { defineConfig } from '@playwright/test';

// End-to-end tests drive web mode in Debian's Chromium (no browser download is possible on our machines).
// The global setup builds nothing: `npm run test:e2e` builds the renderer first, and the fixture serves it.
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // Two spec files at a time: every spec's servers listen on port 0 and keep their data in their own temporary
  // folder, and much of a test's time is waiting on a server or a timer, so a second browser overlaps that waiting.
  // Tests in one file still run in order. CORDON_E2E_WORKERS overrides it.
  workers: Number(process.env.CORDON_E2E_WORKERS) || 2,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--ignore-gpu-blocklist',
      ],
    },
  },
});
