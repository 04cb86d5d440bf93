/** Saving an operation's logs as the JSONL export that scripts/verify-decision-log.mjs checks. */
import { toJsonl, type Checkpoint, type StoredEntry } from '../../../shared/decisionLog';
import { platform } from '../../platform';

export async function saveLogExport(operationId: string, entries: StoredEntry[], checkpoints: Checkpoint[], publicKey: string): Promise<string | null> {
  const text = toJsonl({ operationId, exportedAt: new Date().toISOString(), publicKey, entries, checkpoints });
  const r = await platform.saveFile({
    title: 'Export decision logs',
    defaultName: `${operationId}-decision-logs.jsonl`,
    filters: [{ name: 'JSON Lines', extensions: ['jsonl'] }],
    data: new TextEncoder().encode(text),
  });
  return r.ok ? null : r.error;
}
