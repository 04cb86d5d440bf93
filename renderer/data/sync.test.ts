import { describe, expect, it, vi } from 'vitest';
import type { PlanFeature } from '../../shared/domain';
import { createEditor, listRevisions } from './history';
import { deleteOperation, importBundle, loadBundle } from './repositories';
import { applyRemoteEntries, markShared, openSharedOperation } from './sync';
import { localCopyOf, pendingChangeSets } from './syncOutbox';
import { closeAfterTest, seed, testDb } from './testFixtures';

const SERVER = 'http://127.0.0.1:7000';
const NOW = '2026-06-13T07:00:00.000Z';

async function sharedSeed() {
  const { db, reopen } = testDb();
  await seed(db);
  await markShared(db, 'op-1', SERVER, 4, NOW);
  return { db, reopen };
}

const feature = async (db: Parameters<typeof loadBundle>[0], id: string) => (await loadBundle(db, 'op-1'))!.features.find((f) => f.id === id)!;

describe('sync outbox: local edits of a shared operation', () => {
  it('writes nothing to the outbox while the operation is not shared', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Post A' } });
    expect(await pendingChangeSets(db, 'op-1')).toEqual([]);
  });

  it('queues every edit, undo included, in order, with the seq it was made against', async () => {
    const { db, reopen } = await sharedSeed();
    const ed = createEditor(db, 'op-1');
    expect((await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Post A' } })).ok).toBe(true);
    expect((await ed.run('unit.delete', { ids: ['u-102'] })).ok).toBe(true);
    expect((await ed.undo()).ok).toBe(true);

    // Another connection (as after a restart) reads the same outbox.
    const again = closeAfterTest(reopen());
    const out = await pendingChangeSets(again, 'op-1');
    expect(out.map((o) => o.label)).toEqual(['Edit post "Post 1"', 'Delete unit U102', 'Undo: Delete unit U102']);
    expect(out.map((o) => o.baseSeq)).toEqual([4, 4, 4]);
    expect(out[0]!.changes).toHaveLength(1);
    expect(out[0]!.changes[0]!.after).toMatchObject({ id: 'f-post1', name: 'Post A' });
    // Cascades travel with the edit: deleting U102 removed its assignment too.
    expect(out[1]!.changes.map((c) => `${c.table}:${c.key}`).sort()).toEqual(['assignments:a-2', 'units:u-102']);
    expect(new Set(out.map((o) => o.changeSetId)).size).toBe(3);
  });

  it('queues the difference when a shared operation is replaced from a file', async () => {
    const { db } = await sharedSeed();
    const bundle = (await loadBundle(db, 'op-1'))!;
    const file = { ...bundle, features: bundle.features.map((f) => (f.id === 'f-post2' ? { ...f, name: 'Post 2 from file' } : f)) };
    expect((await importBundle(db, file, { mode: 'replace' })).ok).toBe(true);
    const out = await pendingChangeSets(db, 'op-1');
    expect(out).toHaveLength(1);
    expect(out[0]!.changes.map((c) => c.key)).toEqual(['f-post2']);
    expect(out[0]!.changes[0]!.after).toMatchObject({ name: 'Post 2 from file' });
  });

  it('never leaves an edit without its outbox entry: a failed outbox write saves neither', async () => {
    const { db } = await sharedSeed();
    const ed = createEditor(db, 'op-1');
    const before = await loadBundle(db, 'op-1');
    const revisions = (await listRevisions(db, 'op-1')).length;
    vi.spyOn(db.syncOutbox, 'add').mockImplementation((() => Promise.reject(new Error('QuotaExceededError'))) as never);
    const r = await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Post A' } });
    expect(r.ok).toBe(false);
    expect(await loadBundle(db, 'op-1')).toEqual(before);
    expect(await listRevisions(db, 'op-1')).toHaveLength(revisions);
  });
});

describe('sync: applying the server log', () => {
  it('applies a remote change as a "remote" revision naming who made it, not undoable and not queued', async () => {
    const { db } = await sharedSeed();
    const ed = createEditor(db, 'op-1');
    await ed.snapshot();
    const post2 = await feature(db, 'f-post2');
    const theirs: PlanFeature = { ...post2, name: 'Post 2 (north gate)' };
    const r = await applyRemoteEntries(db, 'op-1', [
      { seq: 5, label: 'Rename feature', by: 'Insp Dev planner', changes: [{ table: 'features', key: 'f-post2', before: post2, after: theirs }] },
    ]);
    expect(r).toEqual({ ok: true, value: { applied: 1, keptLocal: 0, lastSeq: 5 } });
    expect((await feature(db, 'f-post2')).name).toBe('Post 2 (north gate)');
    const last = (await listRevisions(db, 'op-1')).at(-1)!;
    expect(last).toMatchObject({ kind: 'remote', label: 'Rename feature — by Insp Dev planner (#5)' });
    expect(await pendingChangeSets(db, 'op-1')).toEqual([]);
    // The editor's undo stack holds only this workstation's edits (the seed's), never the remote one.
    expect(ed.undoLabel()).not.toContain('Insp Dev planner');
    expect(await db.syncState.get('op-1')).toMatchObject({ lastSeq: 5 });
  });

  it('skips entries it already has (a repeated pull is harmless)', async () => {
    const { db } = await sharedSeed();
    const post2 = await feature(db, 'f-post2');
    const entry = {
      seq: 3,
      label: 'Old',
      by: 'x',
      changes: [{ table: 'features' as const, key: 'f-post2', before: post2, after: { ...post2, name: 'Old name' } }],
    };
    const r = await applyRemoteEntries(db, 'op-1', [entry]);
    expect(r.ok && r.value.applied).toBe(0);
    expect((await feature(db, 'f-post2')).name).toBe('Post 2');
  });

  it('rebase: keeps the local row when a pulled change touches a row with a pending local change', async () => {
    const { db } = await sharedSeed();
    const ed = createEditor(db, 'op-1');
    const post1 = await feature(db, 'f-post1');
    const post2 = await feature(db, 'f-post2');
    await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Mine' } });
    const r = await applyRemoteEntries(db, 'op-1', [
      {
        seq: 5,
        label: 'Rename two posts',
        by: 'Insp Dev planner',
        changes: [
          { table: 'features', key: 'f-post1', before: post1, after: { ...post1, name: 'Theirs' } },
          { table: 'features', key: 'f-post2', before: post2, after: { ...post2, name: 'Theirs too' } },
        ],
      },
    ]);
    expect(r.ok && r.value).toEqual({ applied: 1, keptLocal: 1, lastSeq: 5 });
    expect((await feature(db, 'f-post1')).name).toBe('Mine');
    expect((await feature(db, 'f-post2')).name).toBe('Theirs too');
    // The local change still waits to be pushed, unchanged.
    const out = await pendingChangeSets(db, 'op-1');
    expect(out).toHaveLength(1);
    expect(out[0]!.changes[0]!.after).toMatchObject({ name: 'Mine' });
  });

  it('applies deletes and inserts from the server', async () => {
    const { db } = await sharedSeed();
    const post2 = await feature(db, 'f-post2');
    const added: PlanFeature = { ...post2, id: 'f-new', name: 'Post 3' };
    const r = await applyRemoteEntries(db, 'op-1', [
      { seq: 5, label: 'Draw post', by: 'b', changes: [{ table: 'features', key: 'f-new', before: null, after: added }] },
      { seq: 6, label: 'Delete', by: 'b', changes: [{ table: 'assignments', key: 'a-3', before: null, after: null }] },
    ]);
    expect(r.ok).toBe(true);
    const b = (await loadBundle(db, 'op-1'))!;
    expect(b.features.map((f) => f.id)).toContain('f-new');
    expect(b.assignments.map((a) => a.id)).not.toContain('a-3');
  });
});

describe('sync: opening a shared operation', () => {
  it('writes the snapshot as a new local operation marked shared at its seq; a second open is refused and changes nothing', async () => {
    const source = testDb().db;
    await seed(source);
    const plan = (await loadBundle(source, 'op-1'))!;
    const { db } = testDb();
    const r = await openSharedOperation(db, plan, 12, SERVER, NOW);
    expect(r).toEqual({ ok: true, value: 'op-1' });
    expect((await loadBundle(db, 'op-1'))!.features).toHaveLength(3);
    expect(await db.syncState.get('op-1')).toMatchObject({ serverUrl: SERVER, lastSeq: 12 });
    expect(await pendingChangeSets(db, 'op-1')).toEqual([]);

    const again = await openSharedOperation(db, plan, 13, SERVER, NOW);
    expect(again.ok).toBe(false);
    expect(await db.syncState.get('op-1')).toMatchObject({ lastSeq: 12 });
  });
});

describe('sync: deleting the local copy of a shared operation', () => {
  it('removes its outbox and server link with its rows, leaves other operations alone, and it can be opened again', async () => {
    const { db } = await sharedSeed();
    const plan = (await loadBundle(db, 'op-1'))!;
    const other = { ...plan, operation: { ...plan.operation, id: 'op-2' }, phases: [], features: [], units: [], assignments: [] };
    expect((await openSharedOperation(db, other, 1, SERVER, NOW)).ok).toBe(true);
    await createEditor(db, 'op-2').run('operation.update', { changes: { name: 'Op 2 renamed' } });
    const ed = createEditor(db, 'op-1');
    await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Post A' } });
    await ed.run('feature.update', { id: 'f-post2', changes: { name: 'Post B' } });
    // What the delete dialog warns about.
    expect(await localCopyOf(db, 'op-1')).toEqual({ sharedOn: SERVER, pending: 2 });

    expect((await deleteOperation(db, 'op-1')).ok).toBe(true);
    expect(await localCopyOf(db, 'op-1')).toEqual({ sharedOn: null, pending: 0 });
    expect(await db.syncOutbox.where('operationId').equals('op-1').count()).toBe(0);
    expect(await db.syncState.get('op-1')).toBeUndefined();
    expect(await localCopyOf(db, 'op-2')).toEqual({ sharedOn: SERVER, pending: 1 });

    // Opened again from the server's copy: whole, shared, nothing of the lost edits waiting.
    expect(await openSharedOperation(db, plan, 9, SERVER, NOW)).toEqual({ ok: true, value: 'op-1' });
    expect((await feature(db, 'f-post1')).name).toBe(plan.features.find((f) => f.id === 'f-post1')!.name);
    expect(await localCopyOf(db, 'op-1')).toEqual({ sharedOn: SERVER, pending: 0 });
  });

  it('deletes nothing when the transaction fails: the rows, the outbox and the link stay together', async () => {
    const { db } = await sharedSeed();
    await createEditor(db, 'op-1').run('feature.update', { id: 'f-post1', changes: { name: 'Post A' } });
    const spy = vi.spyOn(db.syncState, 'delete').mockRejectedValueOnce(new Error('disk went away'));
    expect((await deleteOperation(db, 'op-1')).ok).toBe(false);
    spy.mockRestore();
    expect(await loadBundle(db, 'op-1')).not.toBeNull();
    expect(await localCopyOf(db, 'op-1')).toEqual({ sharedOn: SERVER, pending: 1 });
  });
});
