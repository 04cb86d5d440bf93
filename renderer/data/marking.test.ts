/** Rules the command registry itself enforces: marking lowering needs confirmation, SECRET is refused, shifts run forwards. */
import { afterEach, describe, expect, it } from 'vitest';
import { MARKING_REFUSED, Operation } from '../../shared/domain';
import type { CordonDb } from './db';
import { createEditor, listRevisions } from './history';
import { makeBundle } from '../../shared/validation/fixtures';
import { importBundle, loadBundle } from './repositories';
import { deterministic, openTestDb } from './testing';

const opened: CordonDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function editor(marking: 'OFFICIAL' | 'OFFICIAL-SENSITIVE') {
  const { db } = openTestDb();
  opened.push(db);
  const ed = await createEditor(db, 'op-1', deterministic());
  const r = await ed.run('operation.create', { id: 'op-1', name: 'Operation Wren', marking });
  expect(r.ok).toBe(true);
  return { db, ed };
}

describe('protective marking', () => {
  it('refuses to lower the marking without confirmation, and writes nothing', async () => {
    const { db, ed } = await editor('OFFICIAL-SENSITIVE');
    const r = await ed.run('operation.update', { changes: { marking: 'OFFICIAL' } });
    expect(r).toEqual({ ok: false, error: 'Lowering the marking from OFFICIAL-SENSITIVE to OFFICIAL needs confirmation.' });
    expect((await loadBundle(db, 'op-1'))?.operation.marking).toBe('OFFICIAL-SENSITIVE');
  });

  it('lowers it when confirmed, recording the reason in the history', async () => {
    const { db, ed } = await editor('OFFICIAL-SENSITIVE');
    expect((await ed.run('operation.update', { changes: { marking: 'OFFICIAL' }, lowerMarking: { reason: 'Names removed' } })).ok).toBe(true);
    expect((await loadBundle(db, 'op-1'))?.operation.marking).toBe('OFFICIAL');
    expect((await listRevisions(db, 'op-1')).at(-1)?.label).toBe('Lower protective marking from OFFICIAL-SENSITIVE to OFFICIAL (reason: Names removed)');
  });

  it('raises it without asking', async () => {
    const { db, ed } = await editor('OFFICIAL');
    expect((await ed.run('operation.update', { changes: { marking: 'OFFICIAL-SENSITIVE', markingDescriptor: 'PERSONAL' }, label: 'Set marking' })).ok).toBe(
      true,
    );
    expect((await loadBundle(db, 'op-1'))?.operation).toMatchObject({ marking: 'OFFICIAL-SENSITIVE', markingDescriptor: 'PERSONAL' });
  });

  it.each(['SECRET', 'TOP SECRET'])('refuses %s with a clear message', async (marking) => {
    const { ed } = await editor('OFFICIAL');
    const r = await ed.run('operation.update', { changes: { marking: marking as 'OFFICIAL' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(MARKING_REFUSED);
    const parsed = Operation.shape.marking.safeParse(marking);
    expect(parsed.success ? '' : parsed.error.issues[0]?.message).toBe(MARKING_REFUSED);
  });

  it('refuses to import a SECRET operation, saying why, and stores nothing', async () => {
    const { db } = openTestDb();
    opened.push(db);
    const bundle = makeBundle();
    const r = await importBundle(db, { ...bundle, operation: { ...bundle.operation, marking: 'SECRET' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(MARKING_REFUSED);
    expect(await loadBundle(db, bundle.operation.id)).toBeNull();
  });

  it('refuses a unit shift that ends before it starts', async () => {
    const { ed } = await editor('OFFICIAL');
    expect((await ed.run('unit.add', { id: 'u1', callSign: 'U1', type: 'psu', shiftStart: '2026-06-13T06:00:00Z' })).ok).toBe(true);
    expect(await ed.run('unit.update', { id: 'u1', changes: { shiftEnd: '2026-06-13T05:00:00Z' } })).toEqual({
      ok: false,
      error: 'The shift must end after it starts.',
    });
    expect((await ed.run('unit.update', { id: 'u1', changes: { shiftEnd: '2026-06-13T18:00:00Z' } })).ok).toBe(true);
  });
});

describe('undo, redo and restore of the protective marking', () => {
  it('records every lowering in the history, however it was made', async () => {
    const { db, ed } = await editor('OFFICIAL');
    expect((await ed.run('operation.update', { changes: { marking: 'OFFICIAL-SENSITIVE' }, label: 'Set marking' })).ok).toBe(true);
    // Undoing a raise lowers the marking: allowed (the user asked), and said in the history.
    expect((await ed.undo()).ok).toBe(true);
    expect((await loadBundle(db, 'op-1'))?.operation.marking).toBe('OFFICIAL');
    expect((await listRevisions(db, 'op-1')).at(-1)?.label).toBe('Undo: Set marking (lowers the protective marking from OFFICIAL-SENSITIVE to OFFICIAL)');
    // Redoing it raises again: nothing to add.
    expect((await ed.redo()).ok).toBe(true);
    expect((await listRevisions(db, 'op-1')).at(-1)?.label).toBe('Redo: Set marking');

    // A confirmed lowering, undone (raises) and redone (lowers again, with the reason first given).
    expect((await ed.run('operation.update', { changes: { marking: 'OFFICIAL' }, lowerMarking: { reason: 'Names removed' } })).ok).toBe(true);
    expect((await ed.undo()).ok).toBe(true);
    expect((await ed.redo()).ok).toBe(true);
    expect((await loadBundle(db, 'op-1'))?.operation.marking).toBe('OFFICIAL');
    expect((await listRevisions(db, 'op-1')).at(-1)?.label).toBe('Redo: Lower protective marking from OFFICIAL-SENSITIVE to OFFICIAL (reason: Names removed)');

    // Restoring the first revision (OFFICIAL) after raising again is a lowering too.
    expect((await ed.run('operation.update', { changes: { marking: 'OFFICIAL-SENSITIVE' }, label: 'Set marking' })).ok).toBe(true);
    const first = (await listRevisions(db, 'op-1'))[0]!;
    expect((await ed.restoreRevision(first.id)).ok).toBe(true);
    expect((await listRevisions(db, 'op-1')).at(-1)?.label).toBe(
      'Restore to revision 1 (Create operation "Operation Wren") (lowers the protective marking from OFFICIAL-SENSITIVE to OFFICIAL)',
    );
  });
});
