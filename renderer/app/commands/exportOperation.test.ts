import { describe, expect, it, vi } from 'vitest';
import { generateOperation } from '../../../bench/fixtures/generateOperation';
import { createEditor, importBundle } from '../../data';
import { deterministic, openTestDb } from '../../data/testing';
import { readCordonFile } from '../../features/io/cordonFile';
import type { MadeFile } from '../../features/exports/exportRecord';
import type { Platform } from '../../platform/types';
import { ok } from '../../../shared/util/result';
import { encodeExport, exportOperation, EXPORT_FORMATS } from './exportOperation';

type SaveRequest = Parameters<Platform['saveFile']>[0];

function fakeSave(answer: Awaited<ReturnType<Platform['saveFile']>> = ok({ path: 'chosen.file' })) {
  const saved: SaveRequest[] = [];
  const save = vi.fn(async (request: SaveRequest) => {
    saved.push(request);
    return answer;
  });
  return { save, saved };
}

describe('exporting the open operation', () => {
  it('writes what is stored at the moment of export, including an edit made just before', async () => {
    const { db } = openTestDb();
    const bundle = generateOperation({ units: 3, features: 6, assignments: 2, seed: 7 });
    expect((await importBundle(db, bundle)).ok).toBe(true);
    const editor = createEditor(db, bundle.operation.id, deterministic());
    expect((await editor.run('operation.update', { changes: { name: 'Operation Late Edit' }, label: 'Rename' })).ok).toBe(true);

    const { save, saved } = fakeSave(ok({ path: '/home/planner/exports/chosen.cordon' }));
    const note = vi.fn(async (_file: MadeFile) => null);
    const r = await exportOperation(db, bundle.operation.id, 'cordon', save, note);
    expect(r).toEqual({ ok: true, value: 'Exported Cordon operation file to /home/planner/exports/chosen.cordon.' });
    // Noted for the audit trail: the very bytes saved (their hash is taken from these), under the name chosen.
    expect(note).toHaveBeenCalledOnce();
    expect(note.mock.calls[0]![0]).toMatchObject({
      kind: 'cordon',
      operationId: bundle.operation.id,
      fileName: 'chosen.cordon',
      marking: bundle.operation.marking,
    });
    expect(note.mock.calls[0]![0].data).toBe(saved[0]!.data);
    expect(saved[0]!.defaultName).toBe('Operation-Late-Edit.cordon');
    const read = readCordonFile(saved[0]!.data);
    expect(read.ok && read.value.operation.name).toBe('Operation Late Edit');
    expect(read.ok && read.value.features).toHaveLength(bundle.features.length);
  });

  it('says so when the user cancels the save, and when the operation is gone', async () => {
    const { db } = openTestDb();
    const bundle = generateOperation({ units: 1, features: 2, assignments: 0, seed: 2 });
    await importBundle(db, bundle);
    const note = vi.fn(async () => null);
    expect(await exportOperation(db, bundle.operation.id, 'kml', fakeSave(ok(null)).save, note)).toEqual({ ok: true, value: null });
    const missing = fakeSave();
    const r = await exportOperation(db, 'no-such-operation', 'geojson', missing.save, note);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/no longer stored/);
    expect(missing.save).not.toHaveBeenCalled();
    // Nothing was saved, so nothing is noted for the audit trail.
    expect(note).not.toHaveBeenCalled();
  });

  it('still says the file was saved when it could not be noted for the audit trail, and why', async () => {
    const { db } = openTestDb();
    const bundle = generateOperation({ units: 1, features: 2, assignments: 0, seed: 3 });
    await importBundle(db, bundle);
    const r = await exportOperation(db, bundle.operation.id, 'geojson', fakeSave().save, async () => 'The file was made, but could not be noted: disk full');
    expect(r).toEqual({ ok: true, value: 'Exported GeoJSON to chosen.file. The file was made, but could not be noted: disk full' });
  });

  it.each(EXPORT_FORMATS.map((f) => [f]))('encodes %s with a file name and extension the save dialog can filter on', (format) => {
    const bundle = generateOperation({ units: 2, features: 4, assignments: 1, seed: 4 });
    const file = encodeExport(format, bundle);
    expect(file.bytes.length).toBeGreaterThan(100);
    expect(file.fileName.endsWith(`.${file.extension}`)).toBe(true);
  });
});
