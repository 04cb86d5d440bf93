/**
 * What the server answered as accepted is durable: a server process killed with SIGKILL moments after answering a
 * feed loses none of the reports it answered 200 for, and its units' latest positions never go back in time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PositionReport } from '../shared/protocol';
import { DEMO_OPERATION_ID } from './demo/demoOperation';
import { SqliteStore } from './store/sqliteStore';
import { DEV_TOKENS, report, spawnServerProcess, tempDir } from './testing';

const OP = DEMO_OPERATION_ID;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function post(url: string, positions: PositionReport[]): Promise<number> {
  const res = await fetch(`${url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_TOKENS.feed}` },
    body: JSON.stringify({ operationId: OP, positions }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('kill -9 after an answer', () => {
  it('keeps every report answered 200 and never moves a unit back in time', async () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const answered: PositionReport[] = [];
    const t0 = Date.now() - 60_000;
    for (let round = 0; round < 3; round++) {
      const server = await spawnServerProcess(['--data-dir', tmp.dir, '--no-cot', '--no-demo', '--tick-ms', '1000']);
      cleanups.push(() => server.stop());
      // Batches in flight until one is answered; then SIGKILL at once, while the others may still be on their way.
      let killed = false;
      const sends = Array.from({ length: 20 }, async (_, b) => {
        const batch = Array.from({ length: 50 }, (_, i) =>
          report(`u${i}`, { time: new Date(t0 + round * 1000 + b * 10 + 1).toISOString(), lon: -0.12 + round * 0.001 + b * 0.00001 }),
        );
        try {
          const status = await post(server.url, batch);
          if (status === 200 && !killed) answered.push(...batch);
          if (status === 200 && !killed && b >= 5) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } catch {
          // the connection died with the process: not answered, so not promised
        }
      });
      await Promise.all(sends);
      if (!killed) server.child.kill('SIGKILL');
      await server.stop();
    }
    expect(answered.length).toBeGreaterThan(0);

    const store = new SqliteStore(tmp.dir);
    cleanups.push(() => store.close());
    const stored = new Set<string>();
    let after = null;
    do {
      const page = await store.positionPage({ operationId: OP, fromMs: 0, toMs: Date.now(), limit: 5000, after });
      for (const r of page.positions) stored.add(`${r.id}@${r.time}`);
      after = page.next;
    } while (after);
    const lost = answered.filter((r) => !stored.has(`${r.id}@${r.time}`));
    expect(lost).toEqual([]);
    // Each unit's latest is at least as new as the newest report answered for it.
    const newest = new Map<string, number>();
    for (const r of answered) newest.set(r.id, Math.max(newest.get(r.id) ?? 0, Date.parse(r.time)));
    for (const r of await store.latest(OP)) expect(Date.parse(r.time)).toBeGreaterThanOrEqual(newest.get(r.id) ?? 0);
  }, 60_000);
});
