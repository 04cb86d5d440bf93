/**
 * Conformance suite for shared operations' working copies (Store.sync, issue 11), run against every store by
 * sync.<engine>.test.ts with a factory for a fresh, empty store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanFeature } from '../../shared/domain';
import type { SyncChange } from '../../shared/protocol';
import { demoOperationAs } from '../demo/demoOperation';
import { bundleRows } from '../sync/plan';
import type { StoreUnderTest } from './store.suite';
import { T0 } from './store.suite';
import { SyncAlreadyResolved, SyncNotShared, type SyncPushInput } from './syncTypes';
import type { Store } from './types';

const OP = 'op-kingfisher';
const plan = () => demoOperationAs(OP, 'Operation Kingfisher', T0);
const seeded = plan();
const f0 = seeded.features[0]!;
const f1 = seeded.features[1]!;
const edited = (f: PlanFeature, patch: Partial<PlanFeature>, atS = 60): PlanFeature => ({ ...f, ...patch, updatedAt: new Date(T0 + atS * 1000).toISOString() });
const change = (before: PlanFeature | null, after: PlanFeature | null): SyncChange => ({ table: 'features', key: (before ?? after)!.id, before, after });
const push = (id: string, changes: SyncChange[], by = 'Sgt Planner', atS = 100): SyncPushInput => ({
  operationId: OP,
  changeSetId: `cs-${id}-0000`,
  baseSeq: 0,
  label: `Edit ${id}`,
  editedAt: new Date(T0 + (atS - 5) * 1000).toISOString(),
  changes,
  by,
  atMs: T0 + atS * 1000,
});

/** `persistent`: the engine keeps data across instances and refuses changes itself (SQLite, PostgreSQL). */
export function syncSuite(name: string, make: () => Promise<StoreUnderTest>, o: { skip?: boolean; persistent?: boolean } = {}) {
  describe.skipIf(o.skip ?? false)(`${name} store: shared operations (conformance)`, () => {
    const open: Store[] = [];
    const targets: StoreUnderTest[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      for (const t of targets.splice(0)) await t.dispose();
    });
    const fresh = async () => {
      const t = await make();
      targets.push(t);
      open.push(t.store);
      await t.store.sync.share(OP, bundleRows(seeded), 'Sgt Planner', T0);
      return t;
    };
    const rowOf = async (store: Store, key: string) => (await store.sync.snapshot(OP))?.rows.find((r) => r.table === 'features' && r.key === key)?.row;

    it('seeds the working copy once: a second share changes nothing and answers the head', async () => {
      const { store } = await fresh();
      expect(await store.sync.head(OP)).toEqual({ headSeq: 0, openConflicts: 0 });
      const snap = await store.sync.snapshot(OP);
      expect(snap?.seq).toBe(0);
      expect(snap?.rows.length).toBe(bundleRows(seeded).length);
      await store.sync.push(push('a', [change(f0, edited(f0, { name: 'Sector A' }))]));
      const again = await store.sync.share(OP, bundleRows({ ...seeded, features: [] }), 'Someone Else', T0 + 1);
      expect(again).toEqual({ seq: 1, created: false });
      expect((await rowOf(store, f0.id))?.name).toBe('Sector A');
      expect(await store.sync.head('op-not-shared')).toBeNull();
      expect((await store.sync.row(OP, 'operations', OP))?.name).toBe('Operation Kingfisher');
      expect(await store.sync.row('op-not-shared', 'operations', 'op-not-shared')).toBeNull();
      await expect(store.sync.push({ ...push('b', [change(f0, null)]), operationId: 'op-not-shared' })).rejects.toBeInstanceOf(SyncNotShared);
      // Sharing records the operation, like any other write to it.
      expect((await store.operation(OP))?.state).toBe('open');
    });

    it('logs an applied push with who, both times and the server rows before and after', async () => {
      const { store } = await fresh();
      const after = edited(f0, { notes: 'Stewards at gate 4' });
      const r = await store.sync.push(push('a', [change(f0, after)]));
      expect(r).toEqual({ changeSetId: 'cs-a-0000', seq: 1, applied: 1, merged: 0, conflictIds: [] });
      const page = await store.sync.pull(OP, 0, 500);
      expect(page.headSeq).toBe(1);
      expect(page.more).toBe(false);
      expect(page.entries).toEqual([
        {
          seq: 1,
          changeSetId: 'cs-a-0000',
          operationId: OP,
          label: 'Edit a',
          by: 'Sgt Planner',
          editedAt: new Date(T0 + 95_000).toISOString(),
          loggedAt: new Date(T0 + 100_000).toISOString(),
          changes: [{ table: 'features', key: f0.id, before: f0, after }],
        },
      ]);
      expect(await rowOf(store, f0.id)).toEqual(after);
    });

    it('merges edits of different fields and keeps a clash of one field as a conflict, losing neither', async () => {
      const { store } = await fresh();
      await store.sync.push(push('a', [change(f0, edited(f0, { name: 'North' }))], 'PC One'));
      const merged = await store.sync.push(push('b', [change(f0, edited(f0, { bronze: 'Kingfisher North Bronze' }))], 'PC Two'));
      expect(merged).toMatchObject({ seq: 2, applied: 0, merged: 1, conflictIds: [] });
      expect(await rowOf(store, f0.id)).toMatchObject({ name: 'North', bronze: 'Kingfisher North Bronze' });
      const mine = edited(f0, { name: 'South' });
      // Made having seen change 1 only: the conflict says so (the resolver sees the edit missed change 2).
      const clash = await store.sync.push({ ...push('c', [change(f0, mine), change(f1, edited(f1, { notes: 'ok' }))], 'PC Three'), baseSeq: 1 });
      expect(clash).toMatchObject({ seq: 3, applied: 1, merged: 0 });
      expect(clash.conflictIds).toHaveLength(1);
      expect(await rowOf(store, f0.id)).toMatchObject({ name: 'North' });
      const [c] = await store.sync.conflicts(OP, false);
      expect(c).toMatchObject({
        id: clash.conflictIds[0],
        table: 'features',
        key: f0.id,
        fields: ['name'],
        raisedBy: 'PC Three',
        state: 'open',
        label: 'Edit c',
        baseSeq: 1,
        raisedSeq: 3,
      });
      expect(c?.mine).toEqual(mine);
      expect(c?.base).toEqual(f0);
      expect((c?.theirs as PlanFeature).name).toBe('North');
      expect(await store.sync.head(OP)).toEqual({ headSeq: 3, openConflicts: 1 });
      // The clashing entry logs only what applied.
      const entry = (await store.sync.pull(OP, 2, 10)).entries[0];
      expect(entry?.changes.map((x) => x.key)).toEqual([f1.id]);
    });

    it('answers a resent change set with its first result and applies it once', async () => {
      const { store } = await fresh();
      const p = push('a', [change(f0, edited(f0, { name: 'Once' }))]);
      const first = await store.sync.push(p);
      const again = await store.sync.push({ ...p, atMs: p.atMs + 5000 });
      expect(again).toEqual(first);
      expect((await store.sync.pull(OP, 0, 500)).entries).toHaveLength(1);
    });

    it('resolves a conflict once, with a log entry that sets the row; a second resolution names who and when', async () => {
      const { store } = await fresh();
      await store.sync.push(push('a', [change(f0, edited(f0, { name: 'North' }))]));
      const clash = await store.sync.push(push('b', [change(f0, edited(f0, { name: 'South' }))], 'PC Two'));
      const id = clash.conflictIds[0]!;
      const r = await store.sync.resolve({ operationId: OP, conflictId: id, keep: 'mine', by: 'Insp Gold', atMs: T0 + 200_000 });
      expect(r.seq).toBe(3);
      expect(r.conflict).toMatchObject({
        state: 'resolved',
        resolvedBy: 'Insp Gold',
        resolvedAt: new Date(T0 + 200_000).toISOString(),
        resolution: 'mine',
        resolvedSeq: 3,
      });
      expect(await rowOf(store, f0.id)).toMatchObject({ name: 'South' });
      const entry = (await store.sync.pull(OP, 2, 10)).entries[0]!;
      expect(entry).toMatchObject({ seq: 3, by: 'Insp Gold' });
      expect(entry.changes[0]).toMatchObject({ key: f0.id, before: { name: 'North' }, after: { name: 'South' } });
      const second = store.sync.resolve({ operationId: OP, conflictId: id, keep: 'theirs', by: 'PC Two', atMs: T0 + 300_000 });
      await expect(second).rejects.toBeInstanceOf(SyncAlreadyResolved);
      await expect(second).rejects.toThrow(`already resolved by Insp Gold at ${new Date(T0 + 200_000).toISOString()}`);
      expect(await store.sync.conflicts(OP, false)).toEqual([]);
      expect(await store.sync.conflicts(OP, true)).toHaveLength(1);
      expect(await store.sync.head(OP)).toEqual({ headSeq: 3, openConflicts: 0 });
    });

    it('pages a pull and says when there is more', async () => {
      const { store } = await fresh();
      let cur = f0;
      for (let i = 1; i <= 5; i++) {
        const next = edited(cur, { notes: `n${i}` }, i);
        await store.sync.push(push(`p${i}`, [change(cur, next)]));
        cur = next;
      }
      const a = await store.sync.pull(OP, 0, 2);
      expect([a.entries.map((e) => e.seq), a.more, a.headSeq]).toEqual([[1, 2], true, 5]);
      const b = await store.sync.pull(OP, 4, 2);
      expect([b.entries.map((e) => e.seq), b.more]).toEqual([[5], false]);
    });

    it('gives consecutive seqs to pushes made at once', async () => {
      const { store } = await fresh();
      const rs = await Promise.all(seeded.features.slice(0, 5).map((f, i) => store.sync.push(push(`c${i}`, [change(f, edited(f, { notes: 'x' }))]))));
      expect(rs.map((r) => r.seq).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it("follows one row's history: who changed it, when, applied, merged, conflict raised and resolved, before and after", async () => {
      const { store } = await fresh();
      const north = edited(f0, { name: 'North' });
      await store.sync.push(push('a', [change(f0, north)], 'PC One', 100));
      // An edit of another row leaves this row's history alone.
      await store.sync.push(push('b', [change(f1, edited(f1, { notes: 'other' }))], 'PC One', 110));
      // Made offline from the seeded row: merges (a different field), logged well after it was made.
      await store.sync.push({
        ...push('c', [change(f0, edited(f0, { bronze: 'North Bronze' }))], 'PC Two', 400),
        editedAt: new Date(T0 + 150_000).toISOString(),
      });
      const south = edited(f0, { name: 'South' });
      const clash = await store.sync.push(push('d', [change(f0, south)], 'PC Two', 500));
      await store.sync.resolve({ operationId: OP, conflictId: clash.conflictIds[0]!, keep: 'mine', by: 'Insp Gold', atMs: T0 + 600_000 });

      const page = await store.sync.rowHistory(OP, 'features', f0.id, 0, 100);
      expect(page.more).toBe(false);
      expect(page.events.map((e) => [e.seq, e.outcome, e.by, e.label])).toEqual([
        [1, 'applied', 'PC One', 'Edit a'],
        [3, 'merged', 'PC Two', 'Edit c'],
        [4, 'conflict', 'PC Two', 'Edit d'],
        [5, 'resolved', 'Insp Gold', expect.stringContaining('kept the edit') as unknown],
      ]);
      const [applied, merged, conflict, resolved] = page.events;
      expect(applied).toMatchObject({ operationId: OP, table: 'features', key: f0.id, changeSetId: 'cs-a-0000', before: f0, after: north });
      expect(merged).toMatchObject({ editedAt: new Date(T0 + 150_000).toISOString(), loggedAt: new Date(T0 + 400_000).toISOString() });
      expect((merged?.before as PlanFeature).bronze).toBe(f0.bronze);
      expect(merged?.after).toMatchObject({ name: 'North', bronze: 'North Bronze' });
      expect(conflict).toMatchObject({ conflictId: clash.conflictIds[0], changeSetId: 'cs-d-0000', after: south });
      expect(conflict?.before).toMatchObject({ name: 'North', bronze: 'North Bronze' });
      expect(resolved).toMatchObject({ conflictId: clash.conflictIds[0], kept: 'mine', after: { name: 'South' } });
      expect(await store.sync.rowHistory(OP, 'features', f1.id, 0, 100)).toMatchObject({ events: [{ seq: 2, outcome: 'applied' }], more: false });
      expect(await store.sync.rowHistory(OP, 'features', 'no-such-feature', 0, 100)).toEqual({ events: [], more: false });
      expect(await store.sync.rowHistory('op-not-shared', 'features', f0.id, 0, 100)).toEqual({ events: [], more: false });
    });

    it("pages one row's history by seq, never splitting a seq across pages", async () => {
      const { store } = await fresh();
      let cur = f0;
      for (let i = 1; i <= 5; i++) {
        const next = edited(cur, { notes: `n${i}` }, i);
        await store.sync.push(push(`p${i}`, [change(cur, next), change(f1, edited(f1, { notes: `f1 ${i}` }))]));
        cur = next;
      }
      const seen: number[] = [];
      let after = 0;
      for (let pages = 0; pages < 10; pages++) {
        const p = await store.sync.rowHistory(OP, 'features', f0.id, after, 2);
        seen.push(...p.events.map((e) => e.seq));
        if (!p.more) break;
        after = p.events.at(-1)?.seq ?? after;
      }
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      const first = await store.sync.rowHistory(OP, 'features', f0.id, 0, 2);
      expect(first.events.map((e) => (e.after as PlanFeature).notes)).toEqual(['n1', 'n2']);
      expect(first.more).toBe(true);
    });

    if (o.persistent)
      it('keeps the log and conflicts across a restart, and the engine refuses to rewrite them', async () => {
        const t = await fresh();
        if (!t.another || !t.exec) throw new Error('a persistent store under test needs another() and exec()');
        await t.store.sync.push(push('a', [change(f0, edited(f0, { name: 'North' }))]));
        const clash = await t.store.sync.push(push('b', [change(f0, edited(f0, { name: 'South' }))]));
        await expect(t.exec(`UPDATE sync_log SET by_user = 'someone else'`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`DELETE FROM sync_log`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`DELETE FROM sync_conflicts`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`UPDATE sync_conflicts SET raised = '{}'`)).rejects.toThrow(/only moves from open to resolved/);
        await t.store.sync.resolve({ operationId: OP, conflictId: clash.conflictIds[0]!, keep: 'theirs', by: 'Insp Gold', atMs: T0 + 1 });
        await expect(t.exec(`UPDATE sync_conflicts SET state = 'open', resolution = NULL`)).rejects.toThrow(/only moves from open to resolved/);
        await t.store.close();
        const again = await t.another();
        open.push(again);
        expect(await again.sync.head(OP)).toEqual({ headSeq: 3, openConflicts: 0 });
        expect((await again.sync.conflicts(OP, true))[0]).toMatchObject({
          state: 'resolved',
          resolvedBy: 'Insp Gold',
          resolution: 'theirs',
          baseSeq: 0,
          raisedSeq: 2,
        });
        // Numbering and idempotency carry on after the restart.
        expect((await again.sync.push(push('b', []))).conflictIds).toEqual(clash.conflictIds);
        expect((await again.sync.push(push('c', [change(f1, edited(f1, { notes: 'after restart' }))]))).seq).toBe(4);
      });
  });
}
