import { describe, expect, it, vi } from 'vitest';
import { OperationBundle } from '../../shared/domain';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { createEditor, listRevisions, restoreRevision } from './history';
import { checkBundleIntegrity, invertPatch, type Patch } from './patches';
import { DISK_FULL_MESSAGE, applyPatch, deleteOperation, importBundle, listOperations, loadBundle } from './repositories';
import { T0, T1, canon, point, seed, testDb } from './testFixtures';

describe('applyPatch', () => {
  it('inserts, updates and deletes rows, recording one revision each', async () => {
    const { db } = testDb();
    const op = {
      id: 'op-1',
      name: 'Operation Test',
      type: 'protest' as const,
      status: 'draft' as const,
      marking: 'OFFICIAL' as const,
      startsAt: T0,
      endsAt: T1,
      goldStrategy: '',
      silverPlan: '',
      archived: false,
      createdAt: T0,
      updatedAt: T0,
    };
    const unit = {
      id: 'u-1',
      operationId: 'op-1',
      callSign: 'U101',
      type: 'psu' as const,
      strength: { inspectors: 1, sergeants: 3, constables: 18, staff: 5 },
      homeForce: '',
      talkgroup: '',
      notes: '',
    };
    const ins: Patch = {
      label: 'Create',
      changes: [
        { table: 'operations', key: 'op-1', before: null, after: op },
        { table: 'units', key: 'u-1', before: null, after: unit },
      ],
    };
    const r1 = await applyPatch(db, 'op-1', ins);
    expect(r1.ok).toBe(true);
    expect(await db.units.get('u-1')).toEqual(unit);

    const renamed = { ...unit, callSign: 'U999' };
    const r2 = await applyPatch(db, 'op-1', { label: 'Rename', changes: [{ table: 'units', key: 'u-1', before: unit, after: renamed }] });
    expect(r2.ok).toBe(true);
    expect((await db.units.get('u-1'))?.callSign).toBe('U999');

    const r3 = await applyPatch(db, 'op-1', { label: 'Delete', changes: [{ table: 'units', key: 'u-1', before: renamed, after: null }] });
    expect(r3.ok).toBe(true);
    expect(await db.units.get('u-1')).toBeUndefined();

    const revs = await listRevisions(db, 'op-1');
    expect(revs.map((r) => [r.seq, r.label, r.kind, r.changeCount])).toEqual([
      [1, 'Create', 'edit', 2],
      [2, 'Rename', 'edit', 1],
      [3, 'Delete', 'edit', 1],
    ]);
    // The inverse of the three, applied in reverse, brings back the empty database.
    for (const r of [r3, r2, r1].map((x) => (x.ok ? x.value.patch : null))) {
      const back = await applyPatch(db, 'op-1', invertPatch(r!));
      expect(back.ok).toBe(true);
    }
    expect(await db.operations.count()).toBe(0);
    expect(await db.units.count()).toBe(0);
  });

  it('writes nothing when a row is invalid', async () => {
    const { db } = testDb();
    await seed(db);
    const before = await loadBundle(db, 'op-1');
    const revsBefore = (await listRevisions(db, 'op-1')).length;
    const post = before!.features.find((f) => f.id === 'f-post1')!;
    const bad: Patch = {
      label: 'Bad edit',
      changes: [
        { table: 'features', key: 'f-post1', before: post, after: { ...post, name: 'Moved' } },
        { table: 'features', key: 'f-post2', before: null, after: { ...post, id: 'f-post2b', geometry: point(0, 200) } },
      ],
    };
    const r = await applyPatch(db, 'op-1', bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('invalid');
      expect(r.error).toMatch(/not valid/);
    }
    const wrongOp = await applyPatch(db, 'op-1', {
      label: 'x',
      changes: [{ table: 'features', key: 'f-x', before: null, after: { ...post, id: 'f-x', operationId: 'op-2' } }],
    });
    expect(wrongOp.ok).toBe(false);
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(canon(before));
    expect((await listRevisions(db, 'op-1')).length).toBe(revsBefore);
  });

  it('maps a full disk to a clear message and leaves the database unchanged', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const before = canon(await loadBundle(db, 'op-1'));
    const revsBefore = await listRevisions(db, 'op-1');
    // The last write of the transaction fails: every row write before it must roll back.
    vi.spyOn(db.revisionChanges, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const r = await ed.run('feature.delete', { ids: ['f-post1'] });
    expect(r).toEqual({ ok: false, error: DISK_FULL_MESSAGE });
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(before);
    expect(await listRevisions(db, 'op-1')).toEqual(revsBefore);
    expect(ed.undoLabel()).toBe('Assign U101 to Sector 1');

    // A failing row write (rejected promise from bulkPut) is handled the same way.
    vi.restoreAllMocks();
    vi.spyOn(db.features, 'bulkPut').mockImplementation(() => Promise.reject(new DOMException('full', 'QuotaExceededError')) as never);
    const r2 = await ed.run('feature.update', { id: 'f-post2', changes: { name: 'Renamed' } });
    expect(r2).toEqual({ ok: false, error: DISK_FULL_MESSAGE });
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(before);

    // Other failures get a generic message, still without partial writes.
    vi.restoreAllMocks();
    vi.spyOn(db.revisions, 'add').mockImplementation(() => Promise.reject(new Error('boom')) as never);
    const r3 = await ed.run('unit.delete', { ids: ['u-101'] });
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.error).toMatch(/could not be saved.*Earlier work is safe/);
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(before);

    // And the editor works again once the disk has room.
    vi.restoreAllMocks();
    expect((await ed.run('feature.delete', { ids: ['f-post1'] })).ok).toBe(true);
  });

  it('refuses a stale patch (row changed since) without writing', async () => {
    const { db } = testDb();
    await seed(db);
    const b = await loadBundle(db, 'op-1');
    const unit = b!.units.find((u) => u.id === 'u-101')!;
    const stale = { ...unit, callSign: 'OLD' };
    const r = await applyPatch(db, 'op-1', { label: 'x', changes: [{ table: 'units', key: 'u-101', before: stale, after: { ...unit, callSign: 'NEW' } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('conflict');
    expect((await db.units.get('u-101'))?.callSign).toBe('U101');
  });
});

describe('operations', () => {
  it('duplicateAsTemplate gives new ids, shares none, and keeps references consistent', async () => {
    const { db } = testDb();
    const bundle = generateOperation({ units: 20, features: 120, assignments: 60, seed: 11 });
    expect((await importBundle(db, bundle)).ok).toBe(true);
    const ed = createEditor(db, bundle.operation.id);
    const r = await ed.run('operation.duplicateAsTemplate', { includeAssignments: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const newId = r.value.operationId;
    expect(newId).not.toBe(bundle.operation.id);
    const copy = (await loadBundle(db, newId))!;
    expect(copy.operation.name).toBe(`${bundle.operation.name} (template)`);
    expect(copy.operation.status).toBe('draft');
    expect([copy.phases.length, copy.features.length, copy.units.length, copy.assignments.length]).toEqual([4, 120, 20, 60]);
    expect(checkBundleIntegrity(copy)).toEqual([]);
    const ids = (b: OperationBundle) => {
      const out = new Set<string>([b.operation.id]);
      for (const t of ['phases', 'features', 'units', 'assignments'] as const) for (const row of b[t]) out.add(row.id);
      for (const f of b.features) {
        for (const ap of f.props.accessPoints ?? []) out.add(ap.id);
        for (const cp of f.props.checkpoints ?? []) out.add(cp.id);
      }
      return out;
    };
    const sourceIds = ids(bundle);
    for (const id of ids(copy)) expect(sourceIds.has(id)).toBe(false);
    // Access-point assignments follow the new access point ids.
    for (const a of copy.assignments.filter((x) => x.target.accessPointId)) {
      const f = copy.features.find((x) => x.id === a.target.featureId)!;
      expect(f.props.accessPoints!.some((ap) => ap.id === a.target.accessPointId)).toBe(true);
    }
    // The source is untouched, and without includeAssignments none are copied.
    expect(canon(await loadBundle(db, bundle.operation.id))).toEqual(canon(OperationBundle.parse(bundle)));
    const r2 = await ed.run('operation.duplicateAsTemplate', { name: 'Template B' });
    expect(r2.ok && (await loadBundle(db, r2.value.operationId))!.assignments.length).toBe(0);
    // The creation is the new operation's first revision, undoable from its editor.
    const newEd = createEditor(db, newId);
    expect(newEd.canUndo()).toBe(true);
    await newEd.undo();
    expect(await loadBundle(db, newId)).toBeNull();
  });

  it('deleteOperation removes every row and revision of that operation only', async () => {
    const { db } = testDb();
    await seed(db);
    const other = generateOperation({ units: 3, features: 12, assignments: 4, seed: 5 });
    await importBundle(db, other);
    expect((await deleteOperation(db, 'op-1')).ok).toBe(true);
    expect(await loadBundle(db, 'op-1')).toBeNull();
    for (const t of [db.phases, db.features, db.units, db.assignments, db.revisions, db.revisionChanges]) {
      expect(await t.where('operationId').equals('op-1').count()).toBe(0);
    }
    expect(canon(await loadBundle(db, other.operation.id))).toEqual(canon(other));
    expect((await listOperations(db)).map((o) => o.id)).toEqual([other.operation.id]);
    const ed = createEditor(db, 'op-1');
    expect(ed.canUndo()).toBe(false);
  });

  it('operation.delete is undoable; archive hides from the list', async () => {
    const { db } = testDb();
    const ed = await seed(db);
    const before = canon(await loadBundle(db, 'op-1'));
    await ed.run('operation.archive', {});
    expect(await listOperations(db)).toEqual([]);
    expect((await listOperations(db, { includeArchived: true })).length).toBe(1);
    await ed.run('operation.delete', {});
    expect(await loadBundle(db, 'op-1')).toBeNull();
    expect(await db.assignments.count()).toBe(0);
    await ed.undo();
    await ed.undo();
    expect(canon(await loadBundle(db, 'op-1'))).toEqual(before);
  });
});

describe('importBundle', () => {
  it('validates the whole bundle first', async () => {
    const { db } = testDb();
    const bundle = generateOperation({ units: 3, features: 12, assignments: 4, seed: 5 });
    const broken = structuredClone(bundle);
    broken.features[3]!.geometry = { type: 'Point', coordinates: [0, 123] };
    expect((await importBundle(db, broken)).ok).toBe(false);
    const dangling = structuredClone(bundle);
    dangling.assignments[0]!.unitId = 'nobody';
    const r = await importBundle(db, dangling);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/refers to a unit/);
    expect(await db.features.count()).toBe(0);
    expect(await db.revisions.count()).toBe(0);
  });

  it('imports new, refuses an existing id unless replacing, and imports copies', async () => {
    const { db } = testDb();
    const bundle = generateOperation({ units: 10, features: 40, assignments: 20, seed: 9 });
    const r1 = await importBundle(db, bundle);
    expect(r1.ok && r1.value.replaced).toBe(false);
    expect(canon(await loadBundle(db, bundle.operation.id))).toEqual(canon(bundle));

    const again = await importBundle(db, bundle);
    expect(again.ok).toBe(false);

    const edited = structuredClone(bundle);
    edited.features = edited.features.slice(5);
    edited.assignments = edited.assignments.filter((a) => edited.features.some((f) => f.id === a.target.featureId));
    edited.units[0]!.callSign = 'Z999';
    const r2 = await importBundle(db, edited, { mode: 'replace' });
    expect(r2.ok && r2.value.replaced).toBe(true);
    expect(canon(await loadBundle(db, bundle.operation.id))).toEqual(canon(edited));
    // The replacement is one revision: restoring the one before it brings back the original.
    const revs = await listRevisions(db, bundle.operation.id);
    expect(revs.map((r) => r.kind)).toEqual(['import', 'import']);
    expect((await restoreRevision(db, bundle.operation.id, revs[0]!.id)).ok).toBe(true);
    expect(canon(await loadBundle(db, bundle.operation.id))).toEqual(canon(bundle));

    const r3 = await importBundle(db, bundle, { mode: 'copy' });
    expect(r3.ok).toBe(true);
    if (r3.ok) {
      const copy = (await loadBundle(db, r3.value.operationId))!;
      expect(copy.operation.name).toBe(`${bundle.operation.name} (copy)`);
      expect(copy.features.length).toBe(40);
      expect(checkBundleIntegrity(copy)).toEqual([]);
    }
  });
});
