/** Saving an operation's logs as the JSONL export that scripts/verify-decision-log.mjs checks. */
import { toJsonl, type Checkpoint, type StoredEntry } from '../../../shared/decisionLog';
import type { ProtectiveMarking } from '../../../shared/domain';
import { baseName } from '../../app/commands/exportOperation';
import { platform } from '../../platform';
import { recordMadeFile } from '../exports/exportRecorder';

/** Saves the export; answers a problem to show (null: saved, or cancelled). The saved file is noted for the audit trail. */
export async function saveLogExport(
  operationId: string,
  marking: ProtectiveMarking,
  entries: StoredEntry[],
  checkpoints: Checkpoint[],
  publicKey: string,
): Promise<string | null> {
  const text = toJsonl({ operationId, exportedAt: new Date().toISOString(), publicKey, entries, checkpoints });
  const data = new TextEncoder().encode(text);
  const defaultName = `${operationId}-decision-logs.jsonl`;
  const r = await platform.saveFile({ title: 'Export decision logs', defaultName, filters: [{ name: 'JSON Lines', extensions: ['jsonl'] }], data });
  if (!r.ok) return r.error;
  if (!r.value) return null;
  const logs = new Set(entries.map((e) => String(e.entry.logId))).size;
  return recordMadeFile({
    kind: 'decision-log-jsonl',
    operationId,
    fileName: baseName(r.value.path) || defaultName,
    data,
    marking,
    note: `${entries.length} entries in ${logs} log${logs === 1 ? '' : 's'}`,
  });
}
