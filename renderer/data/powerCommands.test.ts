import { afterEach, describe, expect, it } from 'vitest';
import { OperationBundle } from '../../shared/domain';
import type { CordonDb } from './db';
import { createEditor, listRevisions } from './history';
import { checkBundleIntegrity, remapBundle } from './patches';
import type { PowerInput } from './powerCommands';
import { loadBundle } from './repositories';
import { deterministic, openTestDb } from './testing';

const opened: CordonDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const T0 = '2026-06-13T06:00:00.000Z';
const at = (h: number) => new Date(Date.parse(T0) + h * 3600_000).toISOString();
const supt = { name: 'Supt Ada Hale', rank: 'superintendent' as const, collar: '4410' };
const s60 = (o: Partial<PowerInput> = {}): PowerInput => ({
  id: 'pw-1',
  type: 's60',
  authoriser: supt,
  grounds: 'Intelligence that rival groups will carry knives to the procession.',
  areaFeatureId: 'f-sector',
  atScene: false,
  startsAt: at(0),
  endsAt: at(15),
  ...o,
});

async function setup() {
  const { db } = openTestDb();
  opened.push(db);
  const ed = createEditor(db, 'op-1', deterministic());
  const must = async (p: ReturnType<typeof ed.run>) => {
    const r = await p;
    if (!r.ok) throw new Error(r.error);
  };
  await must(ed.run('operation.create', { id: 'op-1', name: 'Operation Kestrel', startsAt: T0, endsAt: at(12) }));
  const ring = [
    [-0.13, 51.52],
    [-0.12, 51.52],
    [-0.12, 51.53],
    [-0.13, 51.52],
  ] as [number, number][];
  await must(ed.run('feature.add', { id: 'f-sector', kind: 'sector', name: 'Sector 1', geometry: { type: 'Polygon', coordinates: [ring] } }));
  return { db, ed, must };
}

describe('power commands', () => {
  it('authorise, extend once, refuse a second extension naming s.60(3); each step is a labelled, undoable revision', async () => {
    const { db, ed, must } = await setup();
    await must(ed.run('power.save', { power: s60() }));
    await must(ed.run('power.authorise', { id: 'pw-1', at: at(0) }));
    await must(ed.run('power.extend', { id: 'pw-1', by: supt, at: at(14), newEndsAt: at(39), grounds: 'Two stabbings near the route.' }));

    const second = await ed.run('power.extend', { id: 'pw-1', by: supt, at: at(38), newEndsAt: at(50), grounds: 'More disorder.' });
    expect(second).toEqual({ ok: false, error: expect.stringMatching(/^CJPOA 1994 s\.60\(3\): .*once only/) });

    const stored = (await loadBundle(db, 'op-1'))!.operation.powers!;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.authorisedAt).toBe(at(0));
    expect(stored[0]!.extensions.map((e) => [e.by.name, e.newEndsAt])).toEqual([['Supt Ada Hale', at(39)]]);
    expect(stored[0]!.extensions[0]!.recordedAt).not.toBe(at(14));

    const labels = (await listRevisions(db, 'op-1')).map((r) => r.label);
    expect(labels.slice(-3)).toEqual([
      'Add power s.60 (Supt Ada Hale)',
      'Authorise s.60 (Supt Ada Hale)',
      `Extend s.60 (Supt Ada Hale) to ${at(39).slice(0, 16).replace('T', ' ')} UTC (by Supt Ada Hale)`,
    ]);

    await must(ed.undo());
    expect((await loadBundle(db, 'op-1'))!.operation.powers![0]!.extensions).toEqual([]);
  });

  it('refuses to authorise while a blocking error stands, and lets an inspector authorise with the notification still owed', async () => {
    const { db, ed, must } = await setup();
    await must(ed.run('power.save', { power: s60({ endsAt: at(30), authoriser: { name: 'Insp Vale', rank: 'inspector', collar: '88' } }) }));
    const r = await ed.run('power.authorise', { id: 'pw-1', at: at(0) });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^CJPOA 1994 s\.60\(1\): .*at most 24 hours/) });

    await must(ed.run('power.save', { power: s60({ endsAt: at(20), authoriser: { name: 'Insp Vale', rank: 'inspector', collar: '88' } }) }));
    await must(ed.run('power.authorise', { id: 'pw-1', at: at(0) }));
    await must(ed.run('power.notify', { id: 'pw-1', who: 'Supt Hale', rank: 'superintendent', at: at(0.5) }));
    expect((await loadBundle(db, 'op-1'))!.operation.powers![0]!.notifications.map((n) => n.who)).toEqual(['Supt Hale']);
  });

  it('an authorised power is cancelled, never edited or deleted', async () => {
    const { db, ed, must } = await setup();
    await must(ed.run('power.save', { power: s60() }));
    await must(ed.run('power.authorise', { id: 'pw-1', at: at(0) }));
    expect(await ed.run('power.save', { power: s60({ endsAt: at(10) }) })).toEqual({
      ok: false,
      error: 'An authorised power is not edited: extend it or cancel it.',
    });
    expect(await ed.run('power.delete', { id: 'pw-1' })).toEqual({ ok: false, error: expect.stringMatching(/cancel it instead/) });
    await must(ed.run('power.cancel', { id: 'pw-1', by: supt, at: at(5), reason: 'Threat receded' }));
    expect((await loadBundle(db, 'op-1'))!.operation.powers![0]!.cancellation).toMatchObject({ reason: 'Threat receded', at: at(5) });
  });

  it('the bundle carries powers: integrity names a power whose area is missing, a copy follows new feature ids, a template starts as drafts', async () => {
    const { db, ed, must } = await setup();
    await must(ed.run('power.save', { power: s60() }));
    await must(ed.run('power.authorise', { id: 'pw-1', at: at(0) }));
    const bundle = OperationBundle.parse(JSON.parse(JSON.stringify(await loadBundle(db, 'op-1'))));
    expect(checkBundleIntegrity(bundle)).toEqual([]);
    expect(checkBundleIntegrity({ ...bundle, features: [] })).toEqual(['Power pw-1 (s60) refers to an area that is not in the file.']);

    let n = 0;
    const copy = remapBundle(bundle, { operationId: 'op-2', newId: () => `new-${++n}`, now: at(1) });
    expect(copy.operation.powers![0]!.areaFeatureId).toBe(copy.features[0]!.id);
    expect(copy.operation.powers![0]!.id).not.toBe('pw-1');

    await must(ed.run('operation.duplicateAsTemplate', { id: 'op-3' }));
    const template = (await loadBundle(db, 'op-3'))!.operation.powers![0]!;
    expect(template.authorisedAt).toBeUndefined();
    expect(template.areaFeatureId).toBe((await loadBundle(db, 'op-3'))!.features[0]!.id);
  });
});
