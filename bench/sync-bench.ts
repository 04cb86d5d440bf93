/**
 * Sync between workstations (issue 11), on a real command server with the SQLite store (in this process), over
 * socket.io on loopback:
 *
 *   npx tsx bench/sync-bench.ts [--edits 1000] [--log 10000]
 *
 * Two clients take turns editing one feature each time (`--edits` single-row pushes in all). For each edit the figure
 * is the time from the push being sent to the OTHER client having pulled it (push acked after commit -> `sync:head`
 * -> `sync:pull`), the path a change takes from one workstation's screen to another's. Then the log is filled to
 * `--log` entries and a fresh workstation pulls all of it from seq 0, page by page (MAX_SYNC_PULL each).
 * Prints:
 *   sync.push_to_other_p50_ms / _p99_ms   push sent -> the other client has the entry
 *   sync.push_ack_p50_ms                  push sent -> its acknowledgement (durable: after commit)
 *   sync.pull_10k_entries_ms              a fresh client pulling the whole log (entries: sync.pull_entries)
 *   sync.share_5000_features_ms           sharing a 5,000-feature, 600-unit operation (the whole bundle, one message)
 *   sync.snapshot_5000_features_ms        a fresh workstation taking that operation's snapshot (first sync, server side)
 * The clients and the server share this process and its CPU.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OperationBundle, PlanFeature } from '../shared/domain';
import type { SyncHeadNotice, SyncPullResult, SyncPushResult } from '../shared/protocol';
import { createCommandServer } from '../server/createServer';
import { demoOperationAs } from '../server/demo/demoOperation';
import { connect, DEV_TOKENS, request, type Client } from '../server/testing';
import { arg, percentile, printFigure } from './figures';

const EDITS = arg('edits', 1000);
const LOG = arg('log', 10_000);
const OP = 'op-sync-bench';

export async function runSyncBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cordon-sync-bench-'));
  const server = await createCommandServer({ port: 0, cotPort: null, store: 'sqlite', dataDir: dir, log: false, publishDemo: false });
  const clients: Client[] = [];
  try {
    const plan: OperationBundle = demoOperationAs(OP);
    const a = await connect(server.url, DEV_TOKENS.planner);
    const b = await connect(server.url, DEV_TOKENS.commander);
    clients.push(a, b);
    const shared = await request(a, 'sync:share', { plan });
    if (!shared.ok) throw new Error(shared.error);
    await request(b, 'sync:snapshot', { operationId: OP });

    /** Each client's last pulled seq, and a waiter for "the other side has seq N". */
    const seen = new Map<Client, number>([
      [a, 0],
      [b, 0],
    ]);
    const waiters = new Map<Client, { seq: number; done: () => void }>();
    const pullUpTo = async (c: Client, notice: SyncHeadNotice) => {
      while ((seen.get(c) ?? 0) < notice.headSeq) {
        const r = await request<SyncPullResult>(c, 'sync:pull', { operationId: OP, sinceSeq: seen.get(c) ?? 0 });
        if (!r.ok) throw new Error(r.error);
        seen.set(c, r.value.entries.at(-1)?.seq ?? notice.headSeq);
      }
      const w = waiters.get(c);
      if (w && (seen.get(c) ?? 0) >= w.seq) {
        waiters.delete(c);
        w.done();
      }
    };
    for (const c of [a, b]) c.on('sync:head', (n) => void pullUpTo(c, n));

    const rows = new Map<string, PlanFeature>(plan.features.map((f) => [f.id, f]));
    const ids = [...rows.keys()];
    const toOther: number[] = [];
    const acks: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const [me, other] = i % 2 === 0 ? [a, b] : [b, a];
      const f = rows.get(ids[i % ids.length]!)!;
      const after = { ...f, notes: `edit ${i}`, updatedAt: new Date().toISOString() };
      const t0 = performance.now();
      const arrived = new Promise<void>((done) => waiters.set(other, { seq: Number.MAX_SAFE_INTEGER, done }));
      const r = await request<SyncPushResult>(me, 'sync:push', {
        operationId: OP,
        changeSetId: randomUUID(),
        baseSeq: i,
        label: 'Edit notes',
        editedAt: after.updatedAt,
        changes: [{ table: 'features', key: f.id, before: f, after }],
      });
      if (!r.ok) throw new Error(r.error);
      acks.push(performance.now() - t0);
      const w = waiters.get(other);
      if (w) w.seq = r.value.seq;
      if ((seen.get(other) ?? 0) >= r.value.seq) waiters.get(other)?.done();
      await arrived;
      toOther.push(performance.now() - t0);
      rows.set(f.id, after);
    }
    printFigure('sync.push_to_other_p50_ms', percentile(toOther, 50));
    printFigure('sync.push_to_other_p99_ms', percentile(toOther, 99));
    printFigure('sync.push_ack_p50_ms', percentile(acks, 50));

    // Fill the log straight through the store (the same transaction a push takes), then pull it all over the socket.
    const head = (await server.store.sync.head(OP))?.headSeq ?? 0;
    const f = plan.features[0]!;
    let row = (await server.store.sync.snapshot(OP))!.rows.find((x) => x.table === 'features' && x.key === f.id)!.row as PlanFeature;
    for (let seq = head; seq < LOG; seq++) {
      const after = { ...row, notes: `fill ${seq}` };
      await server.store.sync.push({
        operationId: OP,
        changeSetId: randomUUID(),
        baseSeq: seq,
        label: 'Fill',
        editedAt: new Date().toISOString(),
        changes: [{ table: 'features', key: f.id, before: row, after }],
        by: 'bench',
        atMs: Date.now(),
      });
      row = after;
      // SQLite answers in the same turn (a resolved promise): let the event loop serve the sockets' pings meanwhile.
      if (seq % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    const fresh = await connect(server.url, DEV_TOKENS.viewer);
    clients.push(fresh);
    const t0 = performance.now();
    let entries = 0;
    for (let since = 0, more = true; more;) {
      const r = await request<SyncPullResult>(fresh, 'sync:pull', { operationId: OP, sinceSeq: since }, 30_000);
      if (!r.ok) throw new Error(r.error);
      entries += r.value.entries.length;
      since = r.value.entries.at(-1)?.seq ?? since;
      more = r.value.more;
    }
    printFigure('sync.pull_10k_entries_ms', performance.now() - t0);
    printFigure('sync.pull_entries', entries);

    // A big operation: the demo's features and units copied to 5,000 and 600 under new ids.
    const BIG = 'op-sync-bench-big';
    const features = Array.from({ length: 5000 }, (_, i) => ({ ...plan.features[i % plan.features.length]!, id: `f-${i}`, operationId: BIG }));
    const units = Array.from({ length: 600 }, (_, i) => ({ ...plan.units[i % plan.units.length]!, id: `u-${i}`, callSign: `U${i}`, operationId: BIG }));
    const big: OperationBundle = {
      operation: { ...plan.operation, id: BIG },
      phases: plan.phases.map((p) => ({ ...p, operationId: BIG })),
      features,
      units,
      assignments: [],
    };
    const t1 = performance.now();
    const sharer = await connect(server.url, DEV_TOKENS.planner);
    clients.push(sharer);
    const bigShared = await request(sharer, 'sync:share', { plan: big }, 60_000);
    if (!bigShared.ok) throw new Error(bigShared.error);
    printFigure('sync.share_5000_features_ms', performance.now() - t1);
    const t2 = performance.now();
    const snap = await request<{ plan: OperationBundle }>(fresh, 'sync:snapshot', { operationId: BIG }, 60_000);
    if (!snap.ok) throw new Error(snap.error);
    printFigure('sync.snapshot_5000_features_ms', performance.now() - t2);
    printFigure('sync.snapshot_features', snap.value.plan.features.length);
  } finally {
    for (const c of clients) c.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSyncBench();
