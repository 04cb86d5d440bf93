/**
 * One workstation of bench/sync-browser-bench.ts, in its own browser context (its own IndexedDB), without the UI: the
 * same data layer, sync engine and socket.io connection the app's useSync wires together, driven from Node.
 *
 * Times are absolute (performance.timeOrigin + now, ms since the epoch) so that the Node side can compare an edit made
 * in one page with its arrival in another: every page and the bench run on the same machine clock.
 */
import {
  createEditor,
  importBundle,
  openCordonDb,
  openSharedOperation,
  markShared,
  pendingChangeSets,
  subscribeChanges,
  type CordonDb,
} from '../../renderer/data';
import { SyncEngine, type SyncStatus } from '../../renderer/features/sync/syncEngine';
import { connectLive, type LiveConnection } from '../../renderer/net/liveClient';
import { readSnapshot, shareOperation } from '../../renderer/net/syncClient';
import { generateOperation } from '../fixtures/generateOperation';

export interface OpenTiming {
  /** Asking for the shared copy until the whole operation is in IndexedDB, marked shared. */
  totalMs: number;
  /** Of which: the snapshot's request and answer (server read, transfer, parse). */
  snapshotMs: number;
  /** Of which: writing it into IndexedDB. */
  writeMs: number;
  /** Rows read back from IndexedDB afterwards (features, units). */
  features: number;
  units: number;
}

export interface SyncBenchPage {
  share: (serverUrl: string, token: string, seed: number) => Promise<string>;
  open: (serverUrl: string, token: string, operationId: string) => Promise<OpenTiming>;
  /** Renames feature `index` to `name`; resolves with the time the edit was asked for, once it is saved here. */
  edit: (index: number, name: string) => Promise<number>;
  /** When a change from another workstation naming a feature `name` was applied here (waits for it). */
  arrival: (name: string) => Promise<number>;
  /** When the `count`th remote rename starting with `prefix` was applied here (waits for it). */
  arrivals: (prefix: string, count: number) => Promise<number>;
  /** When the outbox was last seen empty after being non-empty, waiting for it; and when the link came back. */
  drained: () => Promise<{ drainedAt: number; connectedAt: number | null }>;
  status: () => SyncStatus | null;
  /** One read of the whole outbox, as the engine's status report makes after every change set it sends. */
  outboxReadMs: () => Promise<number>;
  /** Requests the engine made since the last call, per event: how many and their total round-trip time. */
  requests: () => Record<string, { count: number; ms: number }>;
}

declare global {
  interface Window {
    syncBench: SyncBenchPage;
  }
}

const clock = () => performance.timeOrigin + performance.now();
const ticket = () => `sync-bench-${Math.random().toString(36).slice(2)}`;

let db: CordonDb | null = null;
let connection: LiveConnection | null = null;
let engine: SyncEngine | null = null;
let status: SyncStatus | null = null;
let connectedAt: number | null = null;
let featureIds: string[] = [];
let editor: ReturnType<typeof createEditor> | null = null;
let operationId = '';
const arrived = new Map<string, number>();
let requests: Record<string, { count: number; ms: number }> = {};
/** The engine's transport, timing each request (where the time goes: round trips vs IndexedDB in between). */
const timed = (c: LiveConnection): Pick<LiveConnection, 'ask'> => ({
  ask: async (event, payload, schema, what) => {
    const t0 = clock();
    try {
      return await c.ask(event, payload, schema, what);
    } finally {
      const r = (requests[event] ??= { count: 0, ms: 0 });
      r.count++;
      r.ms += clock() - t0;
    }
  },
});
const waiters = new Set<() => void>();
const notify = () => {
  for (const w of [...waiters]) w();
};
/** Resolves with `read()` once it is not undefined, re-checking whenever something arrives or the status moves. */
const waitFor = <T>(read: () => T | undefined): Promise<T> =>
  new Promise((resolve) => {
    const check = () => {
      const v = read();
      if (v === undefined) return;
      waiters.delete(check);
      resolve(v);
    };
    waiters.add(check);
    check();
  });

function connect(serverUrl: string, token: string): Promise<LiveConnection> {
  // Reconnect quickly: the offline figure is the drain, not socket.io's backoff.
  const c = connectLive({ url: serverUrl, token, reconnectDelayMs: 100, reconnectDelayMaxMs: 500, randomizationFactor: 0 });
  connection = c;
  return new Promise((resolve) => {
    c.onLink((l) => {
      const up = l.phase === 'connected';
      if (up) connectedAt = clock();
      engine?.setConnected(up);
      if (up) resolve(c);
      notify();
    });
  });
}

function startEngine(c: LiveConnection, d: CordonDb, opId: string) {
  operationId = opId;
  engine = new SyncEngine({
    db: d,
    operationId: opId,
    transport: timed(c),
    onStatus: (s) => {
      status = s;
      notify();
    },
  });
  c.onSyncHead((n) => engine?.onHead(n));
  subscribeChanges(d, (e) => {
    if (e.operationId !== opId || e.kind !== 'remote') return;
    const at = clock();
    for (const ch of e.changes) {
      const name = ch.table === 'features' && ch.after ? (ch.after as { name: string }).name : null;
      if (name && !arrived.has(name)) arrived.set(name, at);
    }
    notify();
  });
  engine.setConnected(true);
}

window.syncBench = {
  async share(serverUrl, token, seed) {
    db = openCordonDb(ticket());
    const bundle = generateOperation({ units: 600, features: 5000, assignments: 3000, seed });
    const imported = await importBundle(db, bundle);
    if (!imported.ok) throw new Error(imported.error);
    featureIds = bundle.features.map((f) => f.id);
    const c = await connect(serverUrl, token);
    const shared = await shareOperation(c, bundle);
    if (!shared.ok) throw new Error(shared.error);
    await markShared(db, bundle.operation.id, serverUrl, shared.value.seq, new Date().toISOString());
    startEngine(c, db, bundle.operation.id);
    return bundle.operation.id;
  },

  async open(serverUrl, token, opId) {
    db = openCordonDb(ticket());
    const c = await connect(serverUrl, token);
    const t0 = clock();
    const snap = await readSnapshot(c, opId);
    if (!snap.ok) throw new Error(snap.error);
    const t1 = clock();
    const opened = await openSharedOperation(db, snap.value.plan, snap.value.seq, serverUrl, new Date().toISOString());
    if (!opened.ok) throw new Error(opened.error);
    const t2 = clock();
    featureIds = snap.value.plan.features.map((f) => f.id);
    startEngine(c, db, opId);
    const features = await db.features.where('operationId').equals(opId).count();
    const units = await db.units.where('operationId').equals(opId).count();
    return { totalMs: t2 - t0, snapshotMs: t1 - t0, writeMs: t2 - t1, features, units };
  },

  async edit(index, name) {
    if (!db) throw new Error('no operation here');
    const t0 = clock();
    editor ??= createEditor(db, operationId);
    const r = await editor.run('feature.update', { id: featureIds[index % featureIds.length]!, changes: { name } });
    if (!r.ok) throw new Error(r.error);
    return t0;
  },

  arrival: (name) => waitFor(() => arrived.get(name)),

  arrivals: (prefix, count) =>
    waitFor(() => {
      let n = 0;
      for (const k of arrived.keys()) if (k.startsWith(prefix)) n++;
      return n >= count ? clock() : undefined;
    }),

  async drained() {
    const drainedAt = await waitFor(() => (status && status.pending === 0 && connection && connectedAt !== null ? clock() : undefined));
    return { drainedAt, connectedAt };
  },

  status: () => status,

  async outboxReadMs() {
    if (!db) throw new Error('no operation here');
    const t0 = clock();
    await pendingChangeSets(db, operationId);
    return clock() - t0;
  },

  requests: () => {
    const r = requests;
    requests = {};
    return r;
  },
};
