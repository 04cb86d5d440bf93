/**
 * An operation's logs as this screen knows them: the server's entries and checkpoints, and the outbox of entries
 * written here that the server has not yet confirmed. Writing always goes through the outbox first (IndexedDB), so an
 * entry written while the link is down, or while the app is closed and reopened, is sent when the link returns.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { verifyLog, type Checkpoint, type EntryDraft, type StoredEntry, type VerifyResult } from '../../../shared/decisionLog';
import { err, ok, type Result } from '../../../shared/util/result';
import { pendingLogDrafts, queueLogDraft, removeLogDraft, type CordonDb } from '../../data';
import { connectLogs, type LogConnection } from '../../net/logClient';
import type { LinkState } from '../../net/link';
import type { LogListResponse } from '../../../shared/protocol';
import type { ServerLink } from '../settings/useServerLink';
import { keepVerifiedLogCopies } from './keepLogCopy';

export interface LogBook {
  link: LinkState;
  entries: StoredEntry[];
  checkpoints: Checkpoint[];
  publicKey: string | null;
  outbox: EntryDraft[];
  problem: string | null;
  /** When the decision logs were last kept on this computer (verified) for the briefing pack; null: not this session. */
  copyKept: { at: string; entries: number } | null;
  /** Kept in the outbox, then sent; resolves with the stored entry, or ok(null) when it waits for the link. */
  write: (draft: EntryDraft) => Promise<Result<StoredEntry | null>>;
  verify: (logId: string) => Promise<VerifyResult>;
  refresh: () => Promise<void>;
}

export function useLogBook(db: CordonDb, link: ServerLink, operationId: string): LogBook {
  const [conn, setConn] = useState<LogConnection | null>(null);
  const [state, setState] = useState<LinkState>({ phase: 'connecting', since: Date.now() });
  const [entries, setEntries] = useState<StoredEntry[]>([]);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);
  const [publicKey, setPublicKey] = useState<string | null>(null);
  const [outbox, setOutbox] = useState<EntryDraft[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [copyKept, setCopyKept] = useState<{ at: string; entries: number } | null>(null);
  const sending = useRef(false);
  const keeping = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    const c = connectLogs({ url: link.server.url, token: link.token, ...(link.server.userName ? { userName: link.server.userName } : {}) });
    setConn(c);
    const off = c.onLink(setState);
    return () => {
      off();
      c.close();
      setConn(null);
    };
  }, [link]);

  const loadOutbox = useCallback(async () => {
    const p = await pendingLogDrafts(db, operationId);
    setOutbox(p.drafts);
    if (p.unreadable > 0) setProblem(`${p.unreadable} entry(ies) kept on this computer can no longer be read and were not sent.`);
    return p.drafts;
  }, [db, operationId]);

  // A verified copy for the briefing pack, which prints offline (keepLogCopy.ts). Failing to keep it stops nothing here.
  const keepCopies = useCallback(
    (list: LogListResponse) => {
      const at = new Date().toISOString();
      // One after another, in the order read: an older answer never overwrites a newer copy.
      const run = keeping.current.then(() => keepVerifiedLogCopies(db, list, at));
      keeping.current = run.then(
        () => undefined,
        () => undefined,
      );
      return run.then(
        (r) => setCopyKept({ at, entries: r.kept }),
        (e: unknown) => setProblem(`The decision logs could not be kept on this computer for the briefing pack: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    [db],
  );

  const refresh = useCallback(async () => {
    if (!conn) return;
    const r = await conn.list(operationId);
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    setEntries(r.value.entries);
    setCheckpoints(r.value.checkpoints);
    setPublicKey(r.value.publicKey);
    setProblem(null);
    void keepCopies(r.value);
  }, [conn, operationId, keepCopies]);

  /** Sends every outbox draft, oldest first; stops at the first that fails for lack of a link. */
  const flush = useCallback(async () => {
    if (!conn || sending.current) return;
    sending.current = true;
    try {
      for (const d of await loadOutbox()) {
        const r = await conn.append(d);
        if (!r.ok) {
          if (/^Not connected|did not answer/.test(r.error)) break;
          // Refused by the server (e.g. no longer allowed): keep it, and say so rather than drop what was written.
          setProblem(`An entry written here was refused by the server: ${r.error}`);
          continue;
        }
        await removeLogDraft(db, d.entryId);
      }
    } finally {
      sending.current = false;
    }
    await loadOutbox();
    await refresh();
  }, [conn, db, loadOutbox, refresh]);

  useEffect(() => {
    void loadOutbox();
  }, [loadOutbox]);
  useEffect(() => {
    if (state.phase === 'connected') void flush();
  }, [state.phase, flush]);

  const write = useCallback(
    async (draft: EntryDraft): Promise<Result<StoredEntry | null>> => {
      await queueLogDraft(db, draft);
      await loadOutbox();
      if (!conn || state.phase !== 'connected') return ok(null);
      const r = await conn.append(draft);
      if (!r.ok) {
        if (/^Not connected|did not answer/.test(r.error)) return ok(null);
        await removeLogDraft(db, draft.entryId);
        await loadOutbox();
        return err(r.error);
      }
      await removeLogDraft(db, draft.entryId);
      await loadOutbox();
      await refresh();
      return ok(r.value);
    },
    [conn, db, loadOutbox, refresh, state.phase],
  );

  const verify = useCallback(
    async (logId: string): Promise<VerifyResult> => {
      // Fetched afresh: verification judges what the server holds now, not what this screen read earlier.
      if (!conn) return { ok: false, firstBadSeq: null, reason: 'Not connected to the command server.' };
      const r = await conn.list(operationId);
      if (!r.ok) return { ok: false, firstBadSeq: null, reason: r.error };
      setEntries(r.value.entries);
      setCheckpoints(r.value.checkpoints);
      setPublicKey(r.value.publicKey);
      // Kept before answering: printing (Electron prints the kept copy) follows a verification.
      await keepCopies(r.value);
      return verifyLog({
        operationId,
        logId,
        entries: r.value.entries.filter((e) => e.entry.logId === logId),
        checkpoints: r.value.checkpoints.filter((c) => c.logId === logId),
        publicKey: r.value.publicKey,
      });
    },
    [conn, operationId, keepCopies],
  );

  return { link: state, entries, checkpoints, publicKey, outbox, problem, copyKept, write, verify, refresh };
}
