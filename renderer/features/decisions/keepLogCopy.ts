/**
 * Each time this screen reads an operation's logs from the command server, every decision log that verifies is kept
 * on this workstation (renderer/data/logCache.ts), so the briefing pack printed later, perhaps with no connection, can
 * carry the decision-log annex. A log that does not verify is not kept: the previous verified copy stays, and the
 * Decisions workspace's "Verify log" is where the fault is named.
 */
import { logKind, verifyLog } from '../../../shared/decisionLog';
import type { LogListResponse } from '../../../shared/protocol';
import { cacheVerifiedLog, type CordonDb } from '../../data';

/** Keeps every decision log of the answer that verifies: how many entries were kept, and the logs that did not verify. */
export async function keepVerifiedLogCopies(db: CordonDb, list: LogListResponse, fetchedAt: string): Promise<{ kept: number; refused: string[] }> {
  // Gold and Silver even when empty: the pack can then say "no decisions logged" rather than "never fetched".
  const logIds = [...new Set(['gold', 'silver', ...list.entries.map((e) => String(e.entry.logId))])].filter((id) => logKind(id) === 'decision');
  const refused: string[] = [];
  let kept = 0;
  for (const logId of logIds) {
    const entries = list.entries.filter((e) => e.entry.logId === logId);
    const v = await verifyLog({
      operationId: list.operationId,
      logId,
      entries,
      checkpoints: list.checkpoints.filter((c) => c.logId === logId),
      publicKey: list.publicKey,
    });
    if (!v.ok) {
      refused.push(logId);
      continue;
    }
    await cacheVerifiedLog(db, {
      operationId: list.operationId,
      logId,
      entries,
      rootHash: v.rootHash,
      checkpoint: v.checkpoint,
      publicKey: list.publicKey,
      fetchedAt,
    });
    kept += entries.length;
  }
  return { kept, refused };
}
