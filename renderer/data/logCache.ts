/**
 * A verified copy of an operation's decision logs, kept in IndexedDB (tables `logCache` and `logCacheHeads`) so that
 * the briefing pack, which prints with no server connection, can carry the decision-log annex. Only a log that has
 * just passed "Verify log" is written, whole, in one transaction: a half-written or unverified copy is never kept.
 * Reading parses every row again and verifies the copy against its stored checkpoint and key, so a copy changed on
 * this disk is reported rather than printed.
 */
import { Checkpoint, LogEntry, StoredEntry, verifyLog } from '../../shared/decisionLog';
import type { CordonDb, LogCacheHeadRecord } from './db';

export interface VerifiedLog {
  operationId: string;
  logId: string;
  entries: readonly StoredEntry[];
  rootHash: string;
  checkpoint: Checkpoint | null;
  publicKey: string;
  fetchedAt: string;
}

/** Replaces this workstation's copy of one log with a copy the caller has just verified. */
export async function cacheVerifiedLog(db: CordonDb, log: VerifiedLog): Promise<void> {
  await db.transaction('rw', db.logCache, db.logCacheHeads, async () => {
    await db.logCache.where('[operationId+logId]').equals([log.operationId, log.logId]).delete();
    await db.logCache.bulkPut(
      log.entries.map((s) => ({
        entryId: String(s.entry.entryId),
        operationId: log.operationId,
        logId: log.logId,
        seq: Number(s.entry.seq),
        stored: s,
      })),
    );
    const head: LogCacheHeadRecord = {
      operationId: log.operationId,
      logId: log.logId,
      size: log.entries.length,
      rootHash: log.rootHash,
      checkpoint: log.checkpoint,
      publicKey: log.publicKey,
      fetchedAt: log.fetchedAt,
    };
    await db.logCacheHeads.put(head);
  });
}

export interface CachedLog {
  logId: string;
  /** Entries in number order. */
  entries: LogEntry[];
  rootHash: string;
  checkpoint: Checkpoint | null;
  fetchedAt: string;
}

export interface CachedLogs {
  logs: CachedLog[];
  /** Logs whose copy here no longer verifies (changed or damaged on this disk), each with why: not printed. */
  problems: string[];
  /** The newest fetch of any log of the operation, or null when none was ever kept here. */
  lastFetched: string | null;
}

/** The operation's cached logs, each verified again before it is handed out. */
export async function readCachedLogs(db: CordonDb, operationId: string): Promise<CachedLogs> {
  const heads = await db.logCacheHeads.where('operationId').equals(operationId).toArray();
  const rows = await db.logCache.where('operationId').equals(operationId).toArray();
  const logs: CachedLog[] = [];
  const problems: string[] = [];
  let lastFetched: string | null = null;
  for (const head of heads.sort((a, b) => (a.logId < b.logId ? -1 : 1))) {
    if (!lastFetched || head.fetchedAt > lastFetched) lastFetched = head.fetchedAt;
    const checkpoint = head.checkpoint === null ? null : Checkpoint.safeParse(head.checkpoint);
    const stored = rows.filter((r) => r.logId === head.logId).sort((a, b) => a.seq - b.seq);
    const parsed = stored.map((r) => StoredEntry.safeParse(r.stored));
    if ((checkpoint && !checkpoint.success) || parsed.some((p) => !p.success) || stored.length !== head.size) {
      problems.push(`${head.logId}: the copy kept on this workstation cannot be read`);
      continue;
    }
    const entries = parsed.map((p) => p.data!);
    const v = await verifyLog({
      operationId,
      logId: head.logId,
      entries,
      checkpoints: checkpoint ? [checkpoint.data] : [],
      publicKey: head.publicKey,
    });
    if (!v.ok || v.rootHash !== head.rootHash) {
      problems.push(`${head.logId}: the copy kept on this workstation does not verify (${v.ok ? 'its root has changed' : v.reason})`);
      continue;
    }
    const decoded = entries.map((e) => LogEntry.safeParse(e.entry));
    if (decoded.some((d) => !d.success)) {
      problems.push(`${head.logId}: the copy kept on this workstation cannot be read`);
      continue;
    }
    logs.push({ logId: head.logId, entries: decoded.map((d) => d.data!), rootHash: v.rootHash, checkpoint: v.checkpoint, fetchedAt: head.fetchedAt });
  }
  return { logs, problems, lastFetched };
}
