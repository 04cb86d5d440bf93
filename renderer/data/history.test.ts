import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../shared/domain';
import { createEditor, listRevisions, observeOperation, restoreRevision } from './history';
import { checkBundleIntegrity } from './patches';
import { deleteOperation, loadBundle } from './repositories';
import { canon, closeAfterTest, point, seed, square, testDb } from './testFixtures';

describe('editor: commands, undo and redo', () => {
  it('undoes and redoes across several commands, restoring cascaded rows exactly', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const snapshots = [canon(await loadBundle(db, 'op-1'))];

    expect((await ed.run('feature.delete', { ids: ['f-post1'] })).ok).toBe(true);
    let b = await loadBundle(db, 'op-1');
    expect(b!.features.map((f) => f.id).sort()).toEqual(['f-post2', 'f-sector']);
    expect(b!.assignments.map((a) => a.id)).toEqual(['a-3']);
    snapshots.push(canon(b));

    expect((await ed.run('phase.delete', { ids: ['ph-assembly'] })).ok).toBe(true);
    b = await loadBundle(db, 'op-1');
    expect(b!.phases.map((p) => p.id)).toEqual(['ph-procession']);
    expect(b!.features.find((f) => f.id === 'f-post2')!.phaseIds).toEqual(['ph-procession']);
    expect(b!.assignments).toEqual([]);
    snapshots.push(canon(b));

    expect((await ed.run('unit.delete', { ids: ['u-102'] })).ok).toBe(true);
    snapshots.push(canon(await loadBundle(db, 'op-1')));
    expect(ed.undoLabel()).toBe('Delete unit U102');

    for (let i = snapshots.length - 2; i >= 0; i--) {
      const r = await ed.undo();
      expect(r.ok).toBe(true);
      expect(canon(await loadBundle(db, 'op-1'))).toEqual(snapshots[i]);
    }
    expect(ed.canRedo()).toBe(true);
    for (let i = 1; i < snapshots.length; i++) {
      const r = await ed.redo();
      expect(r.ok).toBe(true);
      expect(canon(await loadBundle(db, 'op-1'))).toEqual(snapshots[i]);
    }
    expect(ed.canRedo()).toBe(false);

    const labels = (await listRevisions(db, 'op-1')).map((r) => r.label);
    expect(labels.slice(-6)).toEqual([
      'Undo: Delete unit U102',
      'Undo: Delete phase "Assembly"',
      'Undo: Delete post',
      'Redo: Delete post',
      'Redo: Delete phase "Assembly"',
      'Redo: Delete unit U102',
    ]);
  });

  it('labels edits in the users’ words and undoes "Draw sector"', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const r = await ed.run('feature.add', { kind: 'sector', geometry: square(-0.12, 51.52) });
    expect(r.ok && r.value.label).toBe('Draw sector');
    await ed.undo();
    const revs = await listRevisions(db, 'op-1');
    expect(revs[revs.length - 1]!.label).toBe('Undo: Draw sector');
    expect(revs[revs.length - 1]!.kind).toBe('undo');
    expect(ed.redoLabel()).toBe('Draw sector');
    // A new edit clears redo.
    await ed.run('unit.update', { id: 'u-101', changes: { talkgroup: 'MP-PO-03' } });
    expect(ed.canRedo()).toBe(false);
  });

  it('returns a readable error for a command on a missing row and writes nothing', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const n = (await listRevisions(db, 'op-1')).length;
    const r = await ed.run('feature.update', { id: 'nope', changes: { name: 'x' } });
    expect(r).toEqual({ ok: false, error: 'This feature no longer exists.' });
    const bad = await ed.run('assignment.add', { unitId: 'u-101', phaseId: 'ph-assembly', target: { kind: 'post', featureId: 'missing' } });
    expect(bad.ok).toBe(false);
    const invalid = await ed.run('feature.update', { id: 'f-post1', changes: { geometry: point(500, 0) } });
    expect(invalid.ok).toBe(false);
    expect((await listRevisions(db, 'op-1')).length).toBe(n);
  });

  it('does not record a revision for an edit that changes nothing', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const n = (await listRevisions(db, 'op-1')).length;
    const r = await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Post 1' } });
    expect(r.ok && r.value.revisionId).toBe(null);
    expect((await listRevisions(db, 'op-1')).length).toBe(n);
  });

  it('moves features (by delta, with their access points) and imports many at once', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    await ed.run('feature.add', {
      id: 'f-cordon',
      kind: 'cordon',
      geometry: square(-0.13, 51.52),
      props: { cordonType: 'inner', accessPoints: [{ id: 'ap-1', name: 'AP 1', position: [-0.13, 51.52], staffingRequired: 4 }] },
    });
    await ed.run('feature.move', { ids: ['f-cordon', 'f-post1'], by: [0.001, -0.001] });
    const b = await loadBundle(db, 'op-1');
    const c = b!.features.find((f) => f.id === 'f-cordon')!;
    expect(c.props.accessPoints![0]!.position[0]).toBeCloseTo(-0.129, 9);
    expect(c.geometry.type === 'Polygon' && c.geometry.coordinates[0]![0]![1]).toBeCloseTo(51.519, 9);

    const features = Array.from({ length: 50 }, (_, i) => ({ kind: 'post' as const, name: `P${i}`, geometry: point(-0.1 + i * 1e-4, 51.5) }));
    const r = await ed.run('plan.importFeatures', { features, label: 'Import from KML' });
    expect(r.ok).toBe(true);
    expect((await loadBundle(db, 'op-1'))!.features.length).toBe(54);
    await ed.undo();
    expect((await loadBundle(db, 'op-1'))!.features.length).toBe(4);
  });

  it('unit.importMany updates units with the same call sign instead of duplicating them', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const r = await ed.run('unit.importMany', {
      units: [
        { callSign: 'u101', type: 'psu', homeForce: 'Kent Police' },
        { callSign: 'U300', type: 'mounted' },
        { callSign: 'U301', type: 'psu' },
      ],
    });
    expect(r.ok && r.value.label).toBe('Import 3 units');
    const units = (await loadBundle(db, 'op-1'))!.units;
    expect(units.length).toBe(4);
    expect(units.find((u) => u.id === 'u-101')!.homeForce).toBe('Kent Police');
    expect(units.find((u) => u.callSign === 'U301')!.strength).toEqual({ inspectors: 1, sergeants: 3, constables: 21, staff: 0 });
  });

  it('refreshes and rebuilds when another window wrote first (cascade sees the new assignment)', async () => {
    const { db, reopen } = testDb();
    const ed = await seed(db);
    await ed.snapshot();
    // Another window (its own connection) assigns U102 to Post 2.
    const other = reopen();
    closeAfterTest(other);
    const ed2 = createEditor(other, 'op-1');
    expect((await ed2.run('assignment.add', { id: 'a-9', unitId: 'u-102', phaseId: 'ph-procession', target: { kind: 'post', featureId: 'f-post2' } })).ok).toBe(
      true,
    );
    // This window's snapshot does not know a-9; deleting Post 2 must still take a-9 with it.
    const r = await ed.run('feature.delete', { ids: ['f-post2'] });
    expect(r.ok).toBe(true);
    const b = await loadBundle(db, 'op-1');
    expect(b!.assignments.find((a) => a.id === 'a-9')).toBeUndefined();
    expect(checkBundleIntegrity(b!)).toEqual([]);
  });

  it('drops an undo step whose rows were changed elsewhere, with a message', async () => {
    const { db, reopen } = testDb();
    const ed = await seed(db);
    await ed.run('unit.update', { id: 'u-102', changes: { talkgroup: 'A' } });
    const other = reopen();
    closeAfterTest(other);
    await createEditor(other, 'op-1').run('unit.update', { id: 'u-102', changes: { talkgroup: 'B' } });
    const r = await ed.undo();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/Cannot undo "Edit unit U102".*changed elsewhere/);
    expect((await db.units.get('u-102'))!.talkgroup).toBe('B');
    expect(ed.undoLabel()).toBe('Assign U101 to Sector 1');
  });

  it('runs edits one at a time even when called together', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ed.run('feature.add', { kind: 'post', name: `Q${i}`, geometry: point(-0.1, 51.5 + i * 1e-4) })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await loadBundle(db, 'op-1'))!.features.length).toBe(13);
  });
});

describe('history: restoreRevision', () => {
  it('takes the operation back to right after a revision, as one undoable revision', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const revs = await listRevisions(db, 'op-1');
    const target = revs[3]!; // after "Draw post" (Post 2)
    // Snapshot of that moment: undo everything after it, then redo.
    const after3 = revs.length - 4;
    for (let i = 0; i < after3; i++) await ed.undo();
    const expected = canon(await loadBundle(db, 'op-1'));
    for (let i = 0; i < after3; i++) await ed.redo();
    await ed.run('feature.delete', { ids: ['f-sector'] });
    await ed.run('operation.update', { changes: { name: 'Operation Renamed' } });
    const current = canon(await loadBundle(db, 'op-1'));

    const r = await ed.restoreRevision(target.id);
    expect(r.ok).toBe(true);
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(expected);
    const last = (await listRevisions(db, 'op-1')).at(-1)!;
    expect(last.label).toBe(`Restore to revision ${target.seq} (${target.label})`);
    expect(last.kind).toBe('restore');

    // Undo of the restore brings back what was there.
    expect((await ed.undo()).ok).toBe(true);
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(current);

    // The stand-alone function does the same.
    const r2 = await restoreRevision(db, 'op-1', target.id);
    expect(r2.ok).toBe(true);
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(expected);
    // Restoring to the newest revision changes nothing.
    const head = (await listRevisions(db, 'op-1')).at(-1)!;
    expect(await restoreRevision(db, 'op-1', head.id)).toEqual({ ok: true, value: { operationId: 'op-1', revisionId: null, label: expect.any(String) } });
    expect((await restoreRevision(db, 'op-1', 99999)).ok).toBe(false);
  });
});

describe('observeOperation', () => {
  it('delivers the bundle now and after each change, keeping untouched arrays', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const seen: Array<OperationBundle | null> = [];
    let wake: () => void = () => undefined;
    const next = () => new Promise<void>((res) => (wake = res));
    let waiting = next();
    const stop = observeOperation(db, 'op-1', (b) => {
      seen.push(b);
      wake();
    });
    await waiting;
    expect(canon(seen[0]!)).toEqual(canon(await loadBundle(db, 'op-1')));

    waiting = next();
    await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Post One' } });
    await waiting;
    const [a, b] = [seen.at(-2)!, seen.at(-1)!];
    expect(b.features.find((f) => f.id === 'f-post1')!.name).toBe('Post One');
    expect(b.units).toBe(a.units);
    expect(b.assignments).toBe(a.assignments);
    expect(b.features).not.toBe(a.features);
    expect(canon(b)).toEqual(canon(await loadBundle(db, 'op-1')));

    waiting = next();
    await deleteOperation(db, 'op-1');
    await waiting;
    expect(seen.at(-1)).toBeNull();
    stop();
  });
});

describe('editor subscriptions', () => {
  it('tells listeners about its own edits, stack changes and edits made elsewhere', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const events: string[] = [];
    const stop = ed.subscribe((e) => events.push(`${e.kind}:${e.label}:${ed.canUndo()}`));
    await ed.run('unit.update', { id: 'u-101', changes: { notes: 'Carrier 2 delayed' } });
    await ed.undo();
    await restoreRevision(db, 'op-1', (await listRevisions(db, 'op-1'))[0]!.id);
    stop();
    await ed.redo();
    expect(events).toEqual(['edit:Edit unit U101:true', 'undo:Undo: Edit unit U101:true', expect.stringMatching(/^restore:Restore to revision 1/)]);
  });
});
