/**
 * The export of an operation's logs: JSON Lines, one object a line, that a standalone verifier
 * (scripts/verify-decision-log.mjs, plain Node) can check years later without Cordon:
 *   {"type":"header","format":"cordon-decision-log","version":1,"operationId":...,"exportedAt":...,"publicKey":<hex>}
 *   {"type":"entry","logId":...,"hash":<hex>,"entry":{...}}        every entry of every log, in log then sequence order
 *   {"type":"checkpoint", ...the signed checkpoint}                 every checkpoint of every log
 */
import type { Checkpoint, StoredEntry } from './schema';

export const EXPORT_FORMAT = 'cordon-decision-log';

export interface LogExport {
  operationId: string;
  exportedAt: string;
  publicKey: string;
  entries: readonly StoredEntry[];
  checkpoints: readonly Checkpoint[];
}

export function toJsonl(x: LogExport): string {
  const lines: unknown[] = [
    { type: 'header', format: EXPORT_FORMAT, version: 1, operationId: x.operationId, exportedAt: x.exportedAt, publicKey: x.publicKey },
  ];
  const sorted = [...x.entries].sort((a, b) =>
    String(a.entry.logId) === String(b.entry.logId) ? Number(a.entry.seq) - Number(b.entry.seq) : String(a.entry.logId) < String(b.entry.logId) ? -1 : 1,
  );
  for (const e of sorted) lines.push({ type: 'entry', logId: e.entry.logId, hash: e.hash, entry: e.entry });
  for (const c of x.checkpoints) lines.push({ type: 'checkpoint', ...c });
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
