import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { OperationBundle, type PlanFeature } from '../../shared/domain';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import type { CordonDb } from './db';
import { createEditor, listRevisions, observeOperation, restoreRevision } from './history';
import { buildPatch } from './commands';
import { checkBundleIntegrity, emptyState, invertPatch, stateFromBundle, type Patch } from './patches';
import {
  DISK_FULL_MESSAGE,
  applyPatch,
  deleteOperation,
  getSetting,
  importBundle,
  listOperations,
  loadBundle,
  setSetting,
} from './repositories';
import { deterministic, openTestDb } from './testing';

const opened: CordonDb[] = [];
function testDb() {
  const t = openTestDb();
  opened.push(t.db);
  return t;
}
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  vi.restoreAllMocks();
});

const T0 = '2026-06-13T06:00:00.000Z';
const T1 = '2026-06-13T18:00:00.000Z';
const square = (x: number, y: number, d = 0.002): PlanFeature['geometry'] => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});
const point = (x: number, y: number): PlanFeature['geometry'] => ({ type: 'Point', coordinates: [x, y] });

/** Sorted copy of a bundle, for comparing states regardless of row order. */
function canon(b: OperationBundle | null) {
  if (!b) return null;
  const s = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, c) => a.id.localeCompare(c.id));
  return { ...b, phases: s(b.phases), features: s(b.features), units: s(b.units), assignments: s(b.assignments) };
}

/** An operation with 2 phases, a sector, 2 posts, 2 units and 3 assignments, built through the editor. */
async function seed(db: CordonDb) {
  const d = deterministic();
  const ed = createEditor(db, 'op-1', d);
  const must = async (p: Promise<{ ok: boolean; error?: string }>) => {
    const r = await p;
    if (!r.ok) throw new Error(r.error);
  };
  await must(
    ed.run('operation.create', {
      id: 'op-1',
      name: 'Operation Kestrel',
      type: 'procession',
      startsAt: T0,
      endsAt: T1,
      phases: [
        { id: 'ph-assembly', name: 'Assembly', startsAt: T0, endsAt: '2026-06-13T10:00:00.000Z' },
        { id: 'ph-procession', name: 'Procession', startsAt: '2026-06-13T10:00:00.000Z', endsAt: T1 },
      ],
    }),
  );
  await must(ed.run('feature.add', { id: 'f-sector', kind: 'sector', name: 'Sector 1', bronze: 'Sector 1 Bronze', geometry: square(-0.13, 51.52), props: { sectorCode: 'S1', colour: '#ff0000' } }));
  await must(ed.run('feature.add', { id: 'f-post1', kind: 'post', name: 'Post 1', geometry: point(-0.129, 51.521), phaseIds: ['ph-procession'] }));
  await must(ed.run('feature.add', { id: 'f-post2', kind: 'post', name: 'Post 2', geometry: point(-0.128, 51.521), phaseIds: ['ph-assembly', 'ph-procession'] }));
  await must(ed.run('unit.add', { id: 'u-101', callSign: 'U101', type: 'psu' }));
  await must(ed.run('unit.add', { id: 'u-102', callSign: 'U102', type: 'tsg' }));
  await must(ed.run('assignment.add', { id: 'a-1', unitId: 'u-101', phaseId: 'ph-procession', target: { kind: 'post', featureId: 'f-post1' } }));
  await must(ed.run('assignment.add', { id: 'a-2', unitId: 'u-102', phaseId: 'ph-assembly', target: { kind: 'post', featureId: 'f-post1' } }));
  await must(ed.run('assignment.add', { id: 'a-3', unitId: 'u-101', phaseId: 'ph-assembly', target: { kind: 'sector', featureId: 'f-sector' } }));
  return ed;
}

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
    const unit = { id: 'u-1', operationId: 'op-1', callSign: 'U101', type: 'psu' as const, strength: { inspectors: 1, sergeants: 3, constables: 18, staff: 5 }, homeForce: '', talkgroup: '', notes: '' };
    const ins: Patch = { label: 'Create', changes: [{ table: 'operations', key: 'op-1', before: null, after: op }, { table: 'units', key: 'u-1', before: null, after: unit }] };
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
    const wrongOp = await applyPatch(db, 'op-1', { label: 'x', changes: [{ table: 'features', key: 'f-x', before: null, after: { ...post, id: 'f-x', operationId: 'op-2' } }] });
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
    opened.push(other);
    const ed2 = createEditor(other, 'op-1');
    expect((await ed2.run('assignment.add', { id: 'a-9', unitId: 'u-102', phaseId: 'ph-procession', target: { kind: 'post', featureId: 'f-post2' } })).ok).toBe(true);
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
    opened.push(other);
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

describe('commands are pure', () => {
  it('builds the same patch from the same state and context', () => {
    const bundle = generateOperation({ units: 5, features: 30, assignments: 20, seed: 3 });
    const state = stateFromBundle(bundle);
    const ctx = { operationId: bundle.operation.id, now: T0, newId: () => 'x' };
    const unit = bundle.units[0]!;
    const a = buildPatch('unit.delete', state, { ids: [unit.id] }, ctx);
    const b = buildPatch('unit.delete', state, { ids: [unit.id] }, ctx);
    expect(a).toEqual(b);
    expect(a.ok && a.value.changes.filter((c) => c.table === 'assignments').length).toBe(bundle.assignments.filter((x) => x.unitId === unit.id).length);
    expect(buildPatch('feature.add', emptyState(), { kind: 'post', geometry: point(0, 0) }, ctx)).toEqual({ ok: false, error: 'This operation no longer exists.' });
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

describe('editor subscriptions and settings', () => {
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

  it('stores small settings, parsed on the way out', async () => {
    const { db } = testDb();
    const Schema = z.object({ basemap: z.string() });
    expect(await getSetting(db, 'map', Schema, { basemap: 'osm' })).toEqual({ basemap: 'osm' });
    expect((await setSetting(db, 'map', { basemap: 'dark' })).ok).toBe(true);
    expect(await getSetting(db, 'map', Schema, { basemap: 'osm' })).toEqual({ basemap: 'dark' });
    await setSetting(db, 'map', { basemap: 42 });
    expect(await getSetting(db, 'map', Schema, { basemap: 'osm' })).toEqual({ basemap: 'osm' });
  });
});
