/**
 * Two edits made at once from the same screen (a field committing on blur, then a button's click) must both survive:
 * a props or strength edit is merged into the stored row when it runs, not into the row the screen last rendered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cordonCrossingOf, withCrossing } from '../../shared/domain';
import type { CordonDb } from './db';
import { createEditor } from './history';
import { loadBundle } from './repositories';
import { deterministic, openTestDb } from './testing';

const opened: CordonDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function routeOperation() {
  const { db } = openTestDb();
  opened.push(db);
  const ed = createEditor(db, 'op-1', deterministic());
  expect((await ed.run('operation.create', { id: 'op-1', name: 'Operation Kestrel' })).ok).toBe(true);
  const line = {
    type: 'LineString' as const,
    coordinates: [
      [-0.13, 51.5],
      [-0.12, 51.5],
    ] as [number, number][],
  };
  expect((await ed.run('feature.add', { id: 'r1', kind: 'route', name: 'Procession', geometry: line, props: { routeType: 'procession' } })).ok).toBe(true);
  expect((await ed.run('unit.add', { id: 'u1', callSign: 'U101', type: 'psu' })).ok).toBe(true);
  return { db, ed };
}

describe('edits made at once from one render', () => {
  it('keeps a route start set just before a checkpoint is added', async () => {
    const { db, ed } = await routeOperation();
    // Both commands are built before either is stored, as a blur and a click are.
    const start = ed.run('feature.update', { id: 'r1', changes: {}, propsEdit: { routeStartsAt: '2026-06-13T11:00:00.000Z' }, label: 'Set route start' });
    const add = ed.run('feature.update', {
      id: 'r1',
      changes: {},
      propsEdit: (p) => ({ checkpoints: [...(p.checkpoints ?? []), { id: 'cp1', name: 'CP1', distanceM: 300 }] }),
      label: 'Add checkpoint',
    });
    expect((await start).ok && (await add).ok).toBe(true);
    const route = (await loadBundle(db, 'op-1'))!.features.find((f) => f.id === 'r1')!;
    expect(route.props.routeStartsAt).toBe('2026-06-13T11:00:00.000Z');
    expect(route.props.checkpoints?.map((c) => c.name)).toEqual(['CP1']);
    expect(route.props.routeType).toBe('procession');
  });

  it('keeps both ranks of a unit strength typed one after the other', async () => {
    const { db, ed } = await routeOperation();
    const insp = ed.run('unit.update', { id: 'u1', changes: {}, strengthEdit: { inspectors: 2 } });
    const ps = ed.run('unit.update', { id: 'u1', changes: {}, strengthEdit: { sergeants: 5 } });
    expect((await insp).ok && (await ps).ok).toBe(true);
    const unit = (await loadBundle(db, 'op-1'))!.units[0]!;
    expect(unit.strength).toMatchObject({ inspectors: 2, sergeants: 5, constables: 21 });
  });
});

describe('operation edits worked out from the stored row', () => {
  it('keeps two quick ticks of the cordon crossing grid', async () => {
    const { db, ed } = await routeOperation();
    const tick = (who: 'plt' | 'dogs') =>
      ed.run('operation.update', { changes: {}, edit: (stored) => ({ cordonCrossing: withCrossing(stored.cordonCrossing, 'sterile', who, true) }) });
    const first = tick('plt');
    const second = tick('dogs');
    expect((await first).ok && (await second).ok).toBe(true);
    const op = (await loadBundle(db, 'op-1'))!.operation;
    expect(cordonCrossingOf(op.cordonCrossing).find((r) => r.cordonType === 'sterile')?.unitTypes).toEqual(expect.arrayContaining(['plt', 'dogs']));
  });
});
