/**
 * A quick figure, not a test: write 100,000 positions in batches of 1,000, then page through them in pages of 5,000,
 * for each store; with the longest event-loop stall seen meanwhile.
 *   npx tsx server/store/bench.ts [memory] [sqlite] [postgres]   (postgres when CORDON_TEST_PG_URL is set; a throwaway schema)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import pg from 'pg';
import type { PositionReport } from '../../shared/protocol';
import { MemoryStore } from './memoryStore';
import { PgStore } from './pgStore';
import { SqliteStore } from './sqliteStore';
import type { HistoryCursor, Store } from './types';

const ROWS = 100_000;
const BATCH = 1000;
const PAGE = 5000;
const T0 = Date.now() - 3_600_000;

const report = (i: number): PositionReport => ({
  id: `u${i % 2000}`,
  callSign: `U${i % 2000}`,
  type: 'officer',
  lon: -0.13 + (i % 97) * 1e-4,
  lat: 51.51 + (i % 89) * 1e-4,
  status: 'deployed',
  source: 'feed',
  time: new Date(T0 + Math.floor(i / 2000) * 5000).toISOString(),
  expectedIntervalS: 5,
});

/** A store that never lets a timer run (the memory store) leaves the histogram empty: that loop never got a turn. */
const stall = (h: IntervalHistogram) => (h.count === 0 ? 'n/a, never yielded' : `${(h.max / 1e6).toFixed(0)} ms`);

async function measure(name: string, store: Store) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let t = performance.now();
  for (let i = 0; i < ROWS; i += BATCH)
    await store.writePositions(
      'bench',
      Array.from({ length: BATCH }, (_, j) => report(i + j)),
    );
  const writeMs = performance.now() - t;
  const writeStall = stall(h);
  h.reset();
  t = performance.now();
  let rows = 0;
  let pages = 0;
  let after: HistoryCursor | null = null;
  do {
    const page = await store.positionPage({ operationId: 'bench', fromMs: 0, toMs: T0 + 1e9, limit: PAGE, after });
    rows += page.positions.length;
    pages++;
    after = page.next;
  } while (after);
  const pageMs = performance.now() - t;
  h.disable();
  if (rows !== ROWS) throw new Error(`${name}: paged ${rows} rows, wrote ${ROWS}`);
  console.log(
    `${name.padEnd(8)} write ${ROWS} in batches of ${BATCH}: ${writeMs.toFixed(0)} ms (${Math.round(ROWS / (writeMs / 1000))} rows/s, longest loop stall ${writeStall}); ` +
      `page through in ${pages} pages of ${PAGE}: ${pageMs.toFixed(0)} ms (longest loop stall ${stall(h)})`,
  );
  await store.close();
}

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
if (wanted('memory')) await measure('memory', new MemoryStore());
const dir = mkdtempSync(path.join(os.tmpdir(), 'cordon-bench-'));
try {
  if (wanted('sqlite')) await measure('sqlite', new SqliteStore(dir));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const url = process.env.CORDON_TEST_PG_URL;
if (url && wanted('postgres')) {
  const schema = `bench_${process.pid}`;
  try {
    await measure('postgres', await PgStore.open(url, { schema }));
  } finally {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
} else if (!url) console.log('postgres: skipped (set CORDON_TEST_PG_URL)');
