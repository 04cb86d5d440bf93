/**
 * The Vite dev server the in-browser benchmarks load their pages from (bench/browser/*.html), on loopback.
 * Dependencies are scanned from those pages before the first request: otherwise Vite discovers them while the page
 * loads, re-optimises and reloads the page under the benchmark ("execution context was destroyed").
 */
import path from 'node:path';
import { createServer, type ViteDevServer } from 'vite';

const root = path.resolve(import.meta.dirname, '..');

export async function startBenchPages(): Promise<{ server: ViteDevServer; origin: string }> {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    // No reloads: a file saved while a benchmark runs must not restart its page.
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    optimizeDeps: { entries: ['bench/browser/*.html'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, origin: `http://127.0.0.1:${port}` };
}
