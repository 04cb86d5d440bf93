/**
 * Sync against a real command server (socket.io over loopback), as two workstations use it: concurrent edits of
 * different features merge, the same field edited on both raises one conflict resolved once for both, a resend after a
 * lost acknowledgement applies once, and who may push or pull is the person's role in the operation. Also: a push the
 * server acknowledged survives the server process being killed (SQLite).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationBundle, PlanFeature } from '../../shared/domain';
import {
  MAX_SYNC_CHANGES,
  type OperationRole,
  type SyncChange,
  type SyncConflict,
  type SyncHeadNotice,
  type SyncLogEntry,
  type SyncPullResult,
  type SyncPushResult,
} from '../../shared/protocol';
import { demoOperationAs } from '../demo/demoOperation';
import { SqliteStore } from '../store/sqliteStore';
import { connect, DEV_TOKENS, request, serverPerTest, signInPeople, spawnServerProcess, startTestServer, tempDir, waitFor, type Client } from '../testing';

const OP = 'op-kingfisher';
const t = serverPerTest();
const ADMIN = { actor: { kind: 'service' as const, name: 'test setup', role: 'commander' as const }, workstation: null };

const kingfisher = (): OperationBundle => demoOperationAs(OP, 'Operation Kingfisher', Date.parse('2026-06-13T10:00:00Z'));

let csN = 0;
const pushOf = (changes: SyncChange[], label = 'Edit feature', changeSetId = `cs-${++csN}-${Date.now()}`) => ({
  operationId: OP,
  changeSetId,
  baseSeq: 0,
  label,
  editedAt: new Date().toISOString(),
  changes,
});
const edit = (f: PlanFeature, patch: Partial<PlanFeature>): SyncChange => ({
  table: 'features',
  key: f.id,
  before: f,
  after: { ...f, ...patch, updatedAt: new Date().toISOString() },
});

/** A workstation's copy: the snapshot, then every pulled entry applied (as the app applies them). */
async function copyOf(c: Client): Promise<Map<string, unknown>> {
  const snap = await request<{ plan: OperationBundle; seq: number }>(c, 'sync:snapshot', { operationId: OP });
  if (!snap.ok) throw new Error(snap.error);
  const rows = new Map<string, unknown>(snap.value.plan.features.map((f) => [`features/${f.id}`, f]));
  return rows;
}
async function pullAll(c: Client, since = 0): Promise<SyncLogEntry[]> {
  const out: SyncLogEntry[] = [];
  for (let seq = since, more = true; more;) {
    const r = await request<SyncPullResult>(c, 'sync:pull', { operationId: OP, sinceSeq: seq });
    if (!r.ok) throw new Error(r.error);
    out.push(...r.value.entries);
    seq = r.value.entries.at(-1)?.seq ?? seq;
    more = r.value.more;
  }
  return out;
}
const featureOf = async (c: Client, id: string) => (await copyOf(c)).get(`features/${id}`) as PlanFeature;

const userIds = new Map<string, string>();
/** People with roles in operations, signed in over HTTP like the app. */
async function serverWithPeople(people: Record<string, Record<string, OperationRole[]>>): Promise<Record<string, Client>> {
  const signedIn = await signInPeople(t, people);
  for (const [name, p] of Object.entries(signedIn)) userIds.set(name, p.userId);
  return Object.fromEntries(Object.entries(signedIn).map(([name, p]) => [name, p.client]));
}

describe('sync between two workstations', () => {
  it('merges edits of different features: both applied, both see the same rows, the other is told the head moved', async () => {
    t.server = await startTestServer();
    const a = await t.open(DEV_TOKENS.planner);
    const b = await t.open(DEV_TOKENS.commander);
    const plan = kingfisher();
    expect(await request(a, 'sync:share', { plan })).toEqual({ ok: true, value: { operationId: OP, seq: 0 } });
    // Shared but never published: listed under its own name for "Open shared operation".
    const listed = await request<{ id: string; name: string }[]>(b, 'operations:list', {});
    expect(listed.ok && listed.value.find((o) => o.id === OP)?.name).toBe('Operation Kingfisher');
    await copyOf(b);
    const heads: SyncHeadNotice[] = [];
    b.on('sync:head', (n) => heads.push(n));
    const [f0, f1] = plan.features as [PlanFeature, PlanFeature];
    const ra = await request<SyncPushResult>(a, 'sync:push', pushOf([edit(f0, { name: 'Sector North' })]));
    const rb = await request<SyncPushResult>(b, 'sync:push', pushOf([edit(f1, { notes: 'Stewards at gate 4' })]));
    expect(ra).toMatchObject({ ok: true, value: { applied: 1, conflictIds: [] } });
    expect(rb).toMatchObject({ ok: true, value: { applied: 1, conflictIds: [] } });
    await waitFor(() => heads.some((h) => h.headSeq === 2), 5000, 'sync:head at seq 2');
    for (const c of [a, b]) {
      expect((await featureOf(c, f0.id)).name).toBe('Sector North');
      expect((await featureOf(c, f1.id)).notes).toBe('Stewards at gate 4');
      // Who did it is the authenticated account, not a typed name.
      expect((await pullAll(c)).map((e) => e.by)).toEqual(['Dev planner', 'Dev commander']);
    }
  });

  it('raises one conflict for the same field edited on both; resolved on one, both see it resolved and the same row', async () => {
    t.server = await startTestServer();
    const a = await t.open(DEV_TOKENS.planner);
    const b = await t.open(DEV_TOKENS.commander);
    const plan = kingfisher();
    await request(a, 'sync:share', { plan });
    await copyOf(b);
    const heads: SyncHeadNotice[] = [];
    a.on('sync:head', (n) => heads.push(n));
    const f0 = plan.features[0]!;
    await request(a, 'sync:push', pushOf([edit(f0, { name: 'Sector North' })]));
    const clash = await request<SyncPushResult>(b, 'sync:push', pushOf([edit(f0, { name: 'Sector South' })], 'Rename sector'));
    expect(clash.ok && clash.value.conflictIds).toHaveLength(1);
    await waitFor(() => heads.some((h) => h.openConflicts === 1), 5000, 'a head notice with one open conflict');
    const seenByA = await request<SyncConflict[]>(a, 'sync:conflicts', { operationId: OP });
    expect(seenByA.ok && seenByA.value).toMatchObject([{ fields: ['name'], raisedBy: 'Dev commander', label: 'Rename sector', state: 'open' }]);
    if (!seenByA.ok || !seenByA.value[0]) throw new Error('no conflict listed');
    const conflict = seenByA.value[0];
    expect([(conflict.mine as PlanFeature).name, (conflict.theirs as PlanFeature).name]).toEqual(['Sector South', 'Sector North']);

    const resolved = await request<SyncConflict>(a, 'sync:resolve', { operationId: OP, conflictId: conflict.id, keep: 'mine' });
    expect(resolved).toMatchObject({ ok: true, value: { state: 'resolved', resolvedBy: 'Dev planner', resolution: 'mine' } });
    await waitFor(() => heads.some((h) => h.openConflicts === 0 && h.headSeq === 3), 5000, 'a head notice with the conflict resolved');
    for (const c of [a, b]) {
      const all = await request<SyncConflict[]>(c, 'sync:conflicts', { operationId: OP, includeResolved: true });
      expect(all.ok && all.value.map((x) => [x.state, x.resolvedBy])).toEqual([['resolved', 'Dev planner']]);
      expect((await featureOf(c, f0.id)).name).toBe('Sector South');
      expect((await pullAll(c, 2))[0]?.changes[0]).toMatchObject({ before: { name: 'Sector North' }, after: { name: 'Sector South' } });
    }
    const again = await request(b, 'sync:resolve', { operationId: OP, conflictId: conflict.id, keep: 'theirs' });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.error).toMatch(/^already resolved by Dev planner at \d{4}-\d\d-\d\dT/);
  });

  it('applies a change set once when it is resent after its acknowledgement was lost', async () => {
    t.server = await startTestServer();
    const plan = kingfisher();
    const first = await t.open(DEV_TOKENS.planner);
    await request(first, 'sync:share', { plan });
    const push = pushOf([edit(plan.features[0]!, { notes: 'sent twice' })]);
    // Sent, then the link drops before the answer arrives: the workstation never learns whether it landed.
    first.emit('sync:push', push, () => undefined);
    first.disconnect();
    const again = await t.open(DEV_TOKENS.planner);
    const r1 = await request<SyncPushResult>(again, 'sync:push', push);
    const r2 = await request<SyncPushResult>(again, 'sync:push', push);
    expect(r1).toEqual(r2);
    expect(r1).toMatchObject({ ok: true, value: { changeSetId: push.changeSetId, seq: 1 } });
    expect((await pullAll(again)).map((e) => e.changeSetId)).toEqual([push.changeSetId]);
  });

  it('drains an outbox of 150 edits sent back to back without being rate limited (sync has its own budget)', async () => {
    t.server = await startTestServer();
    const c = await t.open(DEV_TOKENS.planner);
    const plan = kingfisher();
    await request(c, 'sync:share', { plan });
    let f = plan.features[0]!;
    const pushes = [];
    for (let i = 0; i < 150; i++) {
      const ch = edit(f, { notes: `offline edit ${i}` });
      pushes.push(pushOf([ch]));
      f = ch.after as PlanFeature;
    }
    // Sent as a reconnecting app sends its outbox: all at once, in order.
    const results = await Promise.all(pushes.map((p) => request<SyncPushResult>(c, 'sync:push', p, 20_000)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect((await featureOf(c, f.id)).notes).toBe('offline edit 149');
  });

  it('refuses what is malformed or too big with a message naming what is wrong', async () => {
    t.server = await startTestServer();
    const c = await t.open(DEV_TOKENS.planner);
    const plan = kingfisher();
    await request(c, 'sync:share', { plan });
    const f = plan.features[0]!;
    // Small rows (new units), so that the message stays under the socket's size limit and the count is what is refused.
    const unit = plan.units[0]!;
    const tooMany: SyncChange[] = Array.from({ length: MAX_SYNC_CHANGES + 1 }, (_, i) => ({
      table: 'units',
      key: `u-${i}`,
      before: null,
      after: { ...unit, id: `u-${i}`, callSign: `U${i}` },
    }));
    const big = await request(c, 'sync:push', pushOf(tooMany), 20_000);
    expect(big.ok).toBe(false);
    expect(!big.ok && big.error).toMatch(/^invalid sync:push payload: .*changes.*5000/);
    const bad = await request(c, 'sync:push', { operationId: OP, changeSetId: 'short', baseSeq: -1, label: 'x', editedAt: 'yesterday', changes: [] });
    expect(!bad.ok && bad.error).toMatch(/^invalid sync:push payload: /);
    expect(!bad.ok && bad.error).toMatch(/changeSetId/);
    const wrongKey = await request(c, 'sync:push', pushOf([{ ...edit(f, { notes: 'y' }), key: 'not-its-id' }]));
    expect(wrongKey).toEqual({ ok: false, error: `changes.0: key not-its-id is not the id of its row (${f.id})` });
    expect(await request(c, 'sync:pull', { operationId: 'op-never-shared', sinceSeq: 0 })).toEqual({
      ok: false,
      error: 'operation op-never-shared is not shared yet: share it first',
    });
    expect((await pullAll(c)).length).toBe(0);
  });
});

describe('sync access for named accounts', () => {
  it('lets a viewer pull but not push, keeps non-members out, and makes a first sharer the planner', async () => {
    t.server = await startTestServer({ config: {} });
    const people = await serverWithPeople({ pat: { 'op-elsewhere': ['planner'] }, vic: { [OP]: ['viewer'] }, nora: { 'op-other': ['controller'] } });
    const plan = kingfisher();
    expect(await request(people.pat!, 'sync:share', { plan })).toEqual({ ok: true, value: { operationId: OP, seq: 0 } });
    // The sharer is now its planner; the new role reaches the open socket asynchronously: resend (idempotent) until taken.
    const patPush = pushOf([edit(plan.features[0]!, { notes: 'by pat' })]);
    let taken = await request(people.pat!, 'sync:push', patPush);
    for (let i = 0; i < 100 && !taken.ok; i++) {
      await new Promise((r) => setTimeout(r, 20));
      taken = await request(people.pat!, 'sync:push', patPush);
    }
    expect(taken.ok).toBe(true);
    expect((await pullAll(people.vic!)).map((e) => e.changeSetId)).toHaveLength(1);
    expect(await request(people.vic!, 'sync:push', pushOf([edit(plan.features[1]!, { notes: 'by vic' })]))).toEqual({
      ok: false,
      error: `forbidden: as viewer in ${OP} you may not send sync:push`,
    });
    expect(await request(people.nora!, 'sync:pull', { operationId: OP, sinceSeq: 0 })).toEqual({
      ok: false,
      error: `forbidden: you are not a member of operation ${OP}`,
    });
    expect(await request(people.nora!, 'sync:share', { plan })).toMatchObject({ ok: false, error: expect.stringMatching(/^forbidden/) });
    const audit = await t.server.accounts.store.audit({ limit: 100 });
    expect(audit.filter((e) => e.action.startsWith('sync.')).map((e) => [e.action, e.result])).toEqual(
      expect.arrayContaining([
        ['sync.share', 'ok'],
        ['sync.push', 'ok'],
        ['sync.push', 'refused'],
        ['sync.share', 'refused'],
      ]),
    );

    // Vic is no longer a member: the head notices stop reaching them too. A socket's messages arrive in order, so a head
    // emitted to Vic before Pat's push was acknowledged arrives before the answer to a request Vic sends after it.
    await t.server.accounts.setRoles(userIds.get('vic')!, OP, [], ADMIN);
    const vicHeads: SyncHeadNotice[] = [];
    people.vic!.on('sync:head', (n) => vicHeads.push(n));
    let stillHeard = true;
    let f2 = plan.features[2]!;
    for (let i = 0; i < 50 && stillHeard; i++) {
      const ch = edit(f2, { notes: `after vic left ${i}` });
      f2 = ch.after as PlanFeature;
      const r = await request<SyncPushResult>(people.pat!, 'sync:push', pushOf([ch]));
      expect(r.ok && r.value.conflictIds).toEqual([]);
      if (!r.ok) throw new Error(r.error);
      await request(people.vic!, 'sync:conflicts', { operationId: OP });
      stillHeard = vicHeads.some((h) => h.headSeq === r.value.seq);
    }
    expect(stillHeard).toBe(false);
  });
});

describe('sync durability (SQLite)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('keeps a push the server acknowledged when the server process is killed right after', async () => {
    const tmp = tempDir('h-syncsrv-');
    cleanups.push(() => tmp.remove());
    const server = await spawnServerProcess(['--data-dir', tmp.dir, '--no-cot', '--no-demo', '--tick-ms', '1000']);
    cleanups.push(() => server.stop());
    const c = await connect(server.url, DEV_TOKENS.planner);
    cleanups.push(() => void c.close());
    const plan = kingfisher();
    await request(c, 'sync:share', { plan });
    const push = pushOf([edit(plan.features[0]!, { name: 'Kept through a crash' })]);
    expect((await request(c, 'sync:push', push)).ok).toBe(true);
    server.child.kill('SIGKILL');
    await server.stop();
    const store = new SqliteStore(tmp.dir);
    cleanups.push(() => store.close());
    const page = await store.sync.pull(OP, 0, 10);
    expect(page.entries.map((e) => [e.changeSetId, (e.changes[0]?.after as PlanFeature).name])).toEqual([[push.changeSetId, 'Kept through a crash']]);
  }, 60_000);
});
