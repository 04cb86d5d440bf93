/**
 * Helpers shared by the data layer's tests (repositories, history, commands): an in-memory database per test, closed
 * after it, and a small seeded operation built through the editor.
 */
import { afterEach, vi } from 'vitest';
import type { OperationBundle, PlanFeature } from '../../shared/domain';
import type { CordonDb } from './db';
import { createEditor } from './history';
import { deterministic, openTestDb } from './testing';

const opened: CordonDb[] = [];
/** Closes a further connection (another window's) after the test, like those testDb opens. */
export function closeAfterTest(db: CordonDb): CordonDb {
  opened.push(db);
  return db;
}

export function testDb() {
  const t = openTestDb();
  opened.push(t.db);
  return t;
}
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  vi.restoreAllMocks();
});

export const T0 = '2026-06-13T06:00:00.000Z';
export const T1 = '2026-06-13T18:00:00.000Z';
export const square = (x: number, y: number, d = 0.002): PlanFeature['geometry'] => ({
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
export const point = (x: number, y: number): PlanFeature['geometry'] => ({ type: 'Point', coordinates: [x, y] });

/** Sorted copy of a bundle, for comparing states regardless of row order. */
export function canon(b: OperationBundle | null) {
  if (!b) return null;
  const s = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, c) => a.id.localeCompare(c.id));
  return { ...b, phases: s(b.phases), features: s(b.features), units: s(b.units), assignments: s(b.assignments) };
}

/** An operation with 2 phases, a sector, 2 posts, 2 units and 3 assignments, built through the editor. */
export async function seed(db: CordonDb) {
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
  await must(
    ed.run('feature.add', {
      id: 'f-sector',
      kind: 'sector',
      name: 'Sector 1',
      bronze: 'Sector 1 Bronze',
      geometry: square(-0.13, 51.52),
      props: { sectorCode: 'S1', colour: '#ff0000' },
    }),
  );
  await must(ed.run('feature.add', { id: 'f-post1', kind: 'post', name: 'Post 1', geometry: point(-0.129, 51.521), phaseIds: ['ph-procession'] }));
  await must(
    ed.run('feature.add', { id: 'f-post2', kind: 'post', name: 'Post 2', geometry: point(-0.128, 51.521), phaseIds: ['ph-assembly', 'ph-procession'] }),
  );
  await must(ed.run('unit.add', { id: 'u-101', callSign: 'U101', type: 'psu' }));
  await must(ed.run('unit.add', { id: 'u-102', callSign: 'U102', type: 'tsg' }));
  await must(ed.run('assignment.add', { id: 'a-1', unitId: 'u-101', phaseId: 'ph-procession', target: { kind: 'post', featureId: 'f-post1' } }));
  await must(ed.run('assignment.add', { id: 'a-2', unitId: 'u-102', phaseId: 'ph-assembly', target: { kind: 'post', featureId: 'f-post1' } }));
  await must(ed.run('assignment.add', { id: 'a-3', unitId: 'u-101', phaseId: 'ph-assembly', target: { kind: 'sector', featureId: 'f-sector' } }));
  return ed;
}
