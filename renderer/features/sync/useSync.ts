/**
 * The open operation's sync with the planning cell (issue 11): whether it is shared, the engine that keeps it in
 * step while this screen is open, the link state, and the server's conflicts (open and resolved) for the panel.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { SyncConflict } from '../../../shared/protocol/sync';
import { err, ok, type Result } from '../../../shared/util/result';
import { getSyncState, markShared, type CordonDb, type SyncStateRecord } from '../../data';
import { listConflicts, resolveConflict, shareOperation } from '../../net/syncClient';
import type { ServerSetting } from '../settings/settings';
import { SyncEngine, type SyncStatus } from './syncEngine';
import { linkWord, useSyncLink, type SyncLink, type SyncLinkWord } from './useSyncLink';

export interface Sync {
  /** Null while reading; false for a local-only operation. */
  shared: SyncStateRecord | false | null;
  link: SyncLink;
  word: SyncLinkWord;
  status: SyncStatus | null;
  conflicts: SyncConflict[];
  /** Who the server takes this workstation's user for (null until known). */
  me: string | null;
  share: (bundle: OperationBundle) => Promise<Result<number>>;
  resolve: (conflictId: string, keep: 'mine' | 'theirs') => Promise<Result<SyncConflict>>;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(navigator.onLine);
    window.addEventListener('online', on);
    window.addEventListener('offline', on);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', on);
    };
  }, []);
  return online;
}

export function useSync(db: CordonDb, server: ServerSetting, operationId: string | null, report: (e: string) => void): Sync {
  const link = useSyncLink(server, report);
  const online = useOnline();
  const { connection, connected } = link;
  const [shared, setShared] = useState<SyncStateRecord | false | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [conflicts, setConflicts] = useState<SyncConflict[]>([]);
  const [conflictStamp, setConflictStamp] = useState(0);

  useEffect(() => {
    setShared(null);
    if (!operationId) return;
    let current = true;
    void getSyncState(db, operationId).then((s) => current && setShared(s ?? false));
    return () => {
      current = false;
    };
  }, [db, operationId]);

  const sharedHere = !!shared && !!link.serverUrl && shared.serverUrl === link.serverUrl;
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  /**
   * Who the server takes this user for, as a fallback to tell "mine" from "theirs" in a conflict (the panel reads it
   * from this workstation's row first). Not known on this connection yet: the Live snapshot's `you` would say.
   */
  const me: string | null = null;

  useEffect(() => {
    if (!connection || !operationId || !sharedHere) return;
    const e = new SyncEngine({ db, operationId, transport: connection, onStatus: setStatus, onConflictsChanged: () => setConflictStamp((n) => n + 1) });
    setEngine(e);
    // The server puts this connection in the operation's sync room (its sync:head notices) when the engine pulls.
    const offHead = connection.onSyncHead((n) => e.onHead(n));
    const offLink = connection.onLink((l) => {
      e.setConnected(l.phase === 'connected');
      if (l.phase === 'connected') setConflictStamp((n) => n + 1);
    });
    return () => {
      offHead();
      offLink();
      e.stop();
      setEngine(null);
    };
  }, [db, connection, operationId, sharedHere]);

  useEffect(() => {
    if (!connection || !connected || !operationId || !sharedHere) return;
    let current = true;
    void listConflicts(connection, operationId, true).then((r) => {
      if (current && r.ok) setConflicts(r.value);
    });
    return () => {
      current = false;
    };
  }, [connection, connected, operationId, sharedHere, conflictStamp]);

  const share = useCallback(
    async (bundle: OperationBundle): Promise<Result<number>> => {
      if (!connection || !link.serverUrl) return err('Not connected to the command server.');
      const r = await shareOperation(connection, bundle);
      if (!r.ok) return r;
      await markShared(db, bundle.operation.id, link.serverUrl, r.value.seq, new Date().toISOString());
      setShared((await getSyncState(db, bundle.operation.id)) ?? false);
      return ok(r.value.seq);
    },
    [connection, link.serverUrl, db],
  );

  const resolve = useCallback(
    async (conflictId: string, keep: 'mine' | 'theirs') => {
      if (!connection || !operationId) return err('Not connected to the command server.');
      const r = await resolveConflict(connection, operationId, conflictId, keep);
      setConflictStamp((n) => n + 1);
      if (r.ok) void engine?.kick();
      return r;
    },
    [connection, operationId, engine],
  );

  return { shared, link, word: linkWord(link.link, online), status: sharedHere ? status : null, conflicts: sharedHere ? conflicts : [], me, share, resolve };
}
