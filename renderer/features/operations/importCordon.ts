/** Import a `.cordon` operation file: read and validate it whole, then store it in one transaction. */
import type { Result } from '../../../shared/util/result';
import { getOperation, importBundle, type CordonDb } from '../../data';
import { platform } from '../../platform';
import { readCordonFile } from '../io/cordonFile';

/** Null when the user cancelled the file dialog. */
export async function importCordonFile(db: CordonDb): Promise<Result<{ id: string; name: string }> | null> {
  const picked = await platform.openFile({ title: 'Import operation', filters: [{ name: 'Cordon operation', extensions: ['cordon'] }] });
  if (!picked.ok) return picked;
  if (!picked.value) return null;
  // The file's own name leads the message ("harbour.cordon: it is marked SECRET. ..."), not a generic "The operation file".
  const parsed = readCordonFile(picked.value.data, picked.value.name);
  if (!parsed.ok) return parsed;
  // Bringing back an operation that is still here makes a copy rather than overwriting the planner's current work.
  const exists = (await getOperation(db, parsed.value.operation.id)) !== null;
  const stored = await importBundle(db, parsed.value, { mode: exists ? 'copy' : 'new', label: `Import ${picked.value.name}` });
  if (!stored.ok) return stored;
  return { ok: true, value: { id: stored.value.operationId, name: parsed.value.operation.name + (exists ? ' (copy)' : '') } };
}
