/**
 * Data-layer benchmark (Node, fake-indexeddb): `npx tsx bench/data-bench.ts [--units 600 --features 5000 --assignments 3000 --edits 200]`.
 * Prints named figures (`data.<name>=<value>`). fake-indexeddb is an in-memory JavaScript IndexedDB: absolute times
 * differ from Chromium's, compare runs with each other.
 */
import 'fake-indexeddb/auto';
import { OperationBundle, type PlanFeature } from '../shared/domain';
import { openCordonDb } from '../renderer/data/db';
import { createEditor, observeOperation, restoreRevision } from '../renderer/data/history';
import { deleteOperation, importBundle, listRevisions, loadBundle } from '../renderer/data/repositories';
import { generateOperation } from './fixtures/generateOperation';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const opts = { units: arg('units', 600), features: arg('features', 5000), assignments: arg('assignments', 3000), seed: arg('seed', 42) };
const EDITS = arg('edits', 200);

const figures: Array<[string, number | string]> = [];
const put = (name: string, value: number | string) => {
  const v = typeof value === 'number' ? Math.round(value * 100) / 100 : value;
  figures.push([name, v]);
  console.log(`data.${name}=${v}`);
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
};

async function main() {
  console.log(`# data bench: ${opts.units} units, ${opts.features} features, ${opts.assignments} assignments, ${EDITS} edits (fake-indexeddb)`);
  let t = performance.now();
  const bundle = generateOperation(opts);
  put('generate_ms', performance.now() - t);
  put('bundle_json_mb', JSON.stringify(bundle).length / 1e6);
  t = performance.now();
  OperationBundle.parse(bundle);
  put('validate_bundle_ms', performance.now() - t);

  const db = openCordonDb(`bench-${Date.now()}`);
  const opId = bundle.operation.id;

  const [imported, importMs] = await time(() => importBundle(db, bundle));
  if (!imported.ok) throw new Error(imported.error);
  put('import_ms', importMs);

  const loads: number[] = [];
  for (let i = 0; i < 5; i++) loads.push((await time(() => loadBundle(db, opId)))[1]);
  put('load_bundle_ms', pct(loads, 50));

  const editor = createEditor(db, opId);
  put('editor_first_load_ms', (await time(() => editor.snapshot()))[1]);

  // Observe during the edits: time from the start of each edit to the observer's delivery.
  let delivered: (() => void) | null = null;
  let first = true;
  let firstResolve: () => void = () => undefined;
  const firstDelivery = new Promise<void>((r) => (firstResolve = r));
  const stop = observeOperation(db, opId, () => {
    if (first) {
      first = false;
      firstResolve();
      return;
    }
    delivered?.();
  });
  put('observe_initial_ms', (await time(() => firstDelivery))[1]);

  const posts = bundle.features.filter((f): f is PlanFeature & { geometry: { type: 'Point' } } => f.kind === 'post' && f.geometry.type === 'Point');
  const saves: number[] = [];
  const observed: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const f = posts[i % posts.length]!;
    const seen = new Promise<void>((r) => (delivered = r));
    const start = performance.now();
    const [r, ms] = await time(() =>
      i % 2 === 0
        ? editor.run('feature.move', {
            id: f.id,
            geometry: { type: 'Point', coordinates: [f.geometry.coordinates[0] + 1e-4 * (i + 1), f.geometry.coordinates[1]] },
          })
        : editor.run('feature.update', { id: f.id, changes: { name: `${f.name} (${i})` } }),
    );
    if (!r.ok) throw new Error(r.error);
    saves.push(ms);
    await seen;
    observed.push(performance.now() - start);
  }
  put('save_p50_ms', pct(saves, 50));
  put('save_p95_ms', pct(saves, 95));
  put('save_max_ms', Math.max(...saves));
  put('observe_after_edit_p50_ms', pct(observed, 50));
  put('observe_after_edit_p95_ms', pct(observed, 95));

  const undos: number[] = [];
  for (let i = 0; i < 50; i++) {
    const [r, ms] = await time(() => editor.undo());
    if (!r.ok) throw new Error(r.error);
    undos.push(ms);
  }
  put('undo_p50_ms', pct(undos, 50));
  const redos: number[] = [];
  for (let i = 0; i < 50; i++) redos.push((await time(() => editor.redo()))[1]);
  put('redo_p50_ms', pct(redos, 50));

  // Cascading deletes: a unit with its assignments; a phase (feature phaseIds + assignments).
  const busiest = bundle.units[0]!;
  put('delete_unit_cascade_ms', (await time(() => editor.run('unit.delete', { ids: [busiest.id] })))[1]);
  const [phaseDel, phaseMs] = await time(() => editor.run('phase.delete', { ids: [bundle.phases[1]!.id] }));
  if (!phaseDel.ok) throw new Error(phaseDel.error);
  put('delete_phase_cascade_ms', phaseMs);
  put('undo_phase_delete_ms', (await time(() => editor.undo()))[1]);

  const many = Array.from({ length: 1000 }, (_, i) => ({
    kind: 'post' as const,
    name: `Imported post ${i}`,
    geometry: { type: 'Point' as const, coordinates: [-0.14 + (i % 40) * 5e-4, 51.51 + Math.floor(i / 40) * 5e-4] as [number, number] },
  }));
  put('import_features_1000_ms', (await time(() => editor.run('plan.importFeatures', { features: many })))[1]);

  const [revs, listMs] = await time(() => listRevisions(db, opId));
  put('revisions', revs.length);
  put('list_revisions_ms', listMs);
  const [restored, restoreMs] = await time(() => restoreRevision(db, opId, revs[0]!.id));
  if (!restored.ok) throw new Error(restored.error);
  put('restore_to_import_ms', restoreMs);
  const back = await loadBundle(db, opId);
  put('restore_exact', JSON.stringify(canon(back)) === JSON.stringify(canon(OperationBundle.parse(bundle))) ? 'yes' : 'NO');

  const [dup, dupMs] = await time(() => editor.run('operation.duplicateAsTemplate', { includeAssignments: true }));
  if (!dup.ok) throw new Error(dup.error);
  put('duplicate_template_ms', dupMs);
  stop();
  put('delete_operation_ms', (await time(() => deleteOperation(db, dup.value.operationId)))[1]);
  db.close();
}

function canon(b: OperationBundle | null) {
  if (!b) return null;
  const s = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, c) => (a.id < c.id ? -1 : 1));
  return { ...b, phases: s(b.phases), features: s(b.features), units: s(b.units), assignments: s(b.assignments) };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
