/**
 * Runs in Chromium with its real IndexedDB and no map on the page: the data layer alone. Imports the 600-unit /
 * 5,000-feature / 3,000-assignment operation, then makes single-feature edits through the editor (the same path
 * every UI edit takes) and reports each save's duration.
 */
import { createEditor, importBundle, openCordonDb } from '../../renderer/data';
import { generateOperation } from '../fixtures/generateOperation';

declare global {
  interface Window {
    runSaveBench: (edits: number) => Promise<{ importMs: number; firstEditMs: number; saves: number[] }>;
  }
}

window.runSaveBench = async (edits: number) => {
  const db = openCordonDb(`bench-${Date.now()}`);
  const bundle = generateOperation({ units: 600, features: 5000, assignments: 3000, seed: 7 });
  let t = performance.now();
  const imported = await importBundle(db, bundle);
  if (!imported.ok) throw new Error(imported.error);
  const importMs = performance.now() - t;
  const editor = createEditor(db, bundle.operation.id);
  const target = bundle.features[0]!;
  t = performance.now();
  await editor.run('feature.update', { id: target.id, changes: { name: 'warm-up' } });
  const firstEditMs = performance.now() - t;
  const saves: number[] = [];
  for (let i = 0; i < edits; i++) {
    const f = bundle.features[(i * 37) % bundle.features.length]!;
    t = performance.now();
    const r = await editor.run('feature.update', { id: f.id, changes: { name: `${f.name} (edit ${i})` } });
    saves.push(performance.now() - t);
    if (!r.ok) throw new Error(r.error);
  }
  db.close();
  return { importMs, firstEditMs, saves };
};
