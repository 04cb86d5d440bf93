/**
 * Conformance suite for published plan versions and approvals (Store.versions), run against every store by
 * planVersions.<engine>.test.ts with a factory for a fresh, empty store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoOperation } from '../demo/demoOperation';
import type { StoreUnderTest } from './store.suite';
import { T0 } from './store.suite';
import type { Store } from './types';

const plan = (name: string) => {
  const p = demoOperation(T0);
  return { ...p, operation: { ...p.operation, id: 'op-kingfisher', name } };
};

/** `persistent`: the engine keeps data across instances and refuses changes itself (SQLite, PostgreSQL). */
export function planVersionsSuite(name: string, make: () => Promise<StoreUnderTest>, o: { skip?: boolean; persistent?: boolean } = {}) {
  describe.skipIf(o.skip ?? false)(`${name} store: plan versions (conformance)`, () => {
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
      return t;
    };

    it('numbers versions 1, 2, ... per operation and keeps who, when, the note and the plan as published', async () => {
      const { store } = await fresh();
      const v1 = await store.versions.publish({
        operationId: 'op-kingfisher',
        plan: plan('Operation Kingfisher'),
        publishedBy: 'Sgt Planner',
        note: 'first cut',
        atMs: T0,
      });
      const v2 = await store.versions.publish({
        operationId: 'op-kingfisher',
        plan: plan('Operation Kingfisher II'),
        publishedBy: 'PC Two',
        note: '',
        atMs: T0 + 60_000,
      });
      const other = await store.versions.publish({ operationId: 'op-other', plan: plan('Other'), publishedBy: 'X', note: 'n', atMs: T0 });
      expect([v1.version, v2.version, other.version]).toEqual([1, 2, 1]);
      const list = await store.versions.list('op-kingfisher');
      expect(list.map((v) => [v.version, v.publishedBy, v.note, v.operationName, v.publishedAt])).toEqual([
        [1, 'Sgt Planner', 'first cut', 'Operation Kingfisher', new Date(T0).toISOString()],
        [2, 'PC Two', '', 'Operation Kingfisher II', new Date(T0 + 60_000).toISOString()],
      ]);
      const got = await store.versions.get('op-kingfisher', 1);
      expect(got?.plan.operation.name).toBe('Operation Kingfisher');
      expect(got?.plan.features.length).toBe(plan('x').features.length);
      expect(await store.versions.get('op-kingfisher', 3)).toBeNull();
      // Publishing records the operation, like any other write to it.
      expect((await store.operation('op-kingfisher'))?.state).toBe('open');
    });

    it('gives consecutive numbers to publishes made at once', async () => {
      const { store } = await fresh();
      const made = await Promise.all(
        [1, 2, 3, 4, 5].map((i) => store.versions.publish({ operationId: 'op-kingfisher', plan: plan(`K${i}`), publishedBy: 'p', note: '', atMs: T0 + i })),
      );
      expect(made.map((v) => v.version).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('records approvals of a version by name, rank and time; the latest approval stands; an unknown version is refused', async () => {
      const { store } = await fresh();
      await store.versions.publish({ operationId: 'op-kingfisher', plan: plan('K'), publishedBy: 'p', note: '', atMs: T0 });
      const approved = await store.versions.approve({ operationId: 'op-kingfisher', version: 1, approvedBy: 'Supt Jones', rank: 'Supt', atMs: T0 + 5000 });
      expect(approved).toMatchObject({ version: 1, approvedBy: 'Supt Jones', approvedRank: 'Supt', approvedAt: new Date(T0 + 5000).toISOString() });
      await store.versions.approve({ operationId: 'op-kingfisher', version: 1, approvedBy: 'Ch Supt Gold', atMs: T0 + 9000 });
      const [v1] = await store.versions.list('op-kingfisher');
      expect(v1).toMatchObject({ approvedBy: 'Ch Supt Gold', approvedAt: new Date(T0 + 9000).toISOString() });
      expect(v1?.approvedRank).toBeUndefined();
      await expect(store.versions.approve({ operationId: 'op-kingfisher', version: 2, approvedBy: 'x', atMs: T0 })).rejects.toThrow(/no version 2/);
      expect((await store.versions.get('op-kingfisher', 1))?.info.approvedBy).toBe('Ch Supt Gold');
    });

    // Only engines that keep data (the memory store has no restart and no SQL to refuse).
    if (o.persistent)
      it('keeps versions and approvals across a restart, and the engine refuses to change or delete them', async () => {
        const t = await fresh();
        if (!t.another || !t.exec) throw new Error('a persistent store under test needs another() and exec()');
        await t.store.versions.publish({ operationId: 'op-kingfisher', plan: plan('K'), publishedBy: 'p', note: 'kept', atMs: T0 });
        await t.store.versions.approve({ operationId: 'op-kingfisher', version: 1, approvedBy: 'Supt Jones', atMs: T0 + 1 });
        await expect(t.exec(`UPDATE plan_versions SET note = 'changed'`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`DELETE FROM plan_versions`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`UPDATE plan_approvals SET approved_by = 'someone else'`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`DELETE FROM plan_approvals`)).rejects.toThrow(/append-only/);
        await t.store.close();
        const again = await t.another();
        open.push(again);
        const [v1] = await again.versions.list('op-kingfisher');
        expect(v1).toMatchObject({ version: 1, note: 'kept', approvedBy: 'Supt Jones' });
        // Numbering carries on after the restart.
        expect((await again.versions.publish({ operationId: 'op-kingfisher', plan: plan('K'), publishedBy: 'p', note: '', atMs: T0 + 2 })).version).toBe(2);
      });
  });
}
