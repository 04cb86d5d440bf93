/**
 * The command server of bench/sync-browser-bench.ts in its own process, so that its CPU time (process.cpuUsage) is
 * the server's alone, not the browsers' driver's. SQLite in BENCH_DATA_DIR (owned by the parent, kept across a
 * restart), on BENCH_PORT (0: a free one). Driven over IPC: sends `{ ready, url }`; answers `cpu` with
 * `{ cpu: { user, system } }` in microseconds; `stop` closes the server and exits.
 */
import { createCommandServer } from '../server/createServer';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is not set');
const server = await createCommandServer({
  port: Number(process.env.BENCH_PORT ?? 0),
  host: '127.0.0.1',
  cotPort: null,
  store: 'sqlite',
  dataDir,
  publishDemo: false,
  log: false,
});
process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'stop') void server.close().finally(() => process.exit(0));
});
process.send?.({ ready: true, url: server.url });
