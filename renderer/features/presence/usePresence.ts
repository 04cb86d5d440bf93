/**
 * "Who else has this operation open": tells the command server this window has `operationId` open in `workspace`
 * with `selection` selected (again on every change and after every reconnection), and returns everyone else the
 * server says is present. Its own connection (the token from Settings), like the Plan's versions. Offline it returns
 * nobody: a list of names from before the link dropped would say people are here who may have gone.
 */
import { useEffect, useMemo, useState } from 'react';
import { connectLive, type LiveConnection } from '../../net/liveClient';
import { leavePresence, updatePresence } from '../../net/presenceApi';
import type { ServerSetting } from '../settings/settings';
import { useServerLink } from '../settings/useServerLink';
import { othersOf, type Person, type Workspace } from './presence';

/** The server takes at most this many selected ids. */
const MAX_SELECTION = 50;
const ignore = () => undefined;

export function usePresence(operationId: string | null, workspace: Workspace, selection: readonly string[], server: ServerSetting): Person[] {
  // Token problems are reported by the workspace's own link; presence says nothing rather than say it twice.
  const link = useServerLink(server, ignore);
  const [conn, setConn] = useState<LiveConnection | null>(null);
  const [connected, setConnected] = useState(false);
  const [people, setPeople] = useState<{ operationId: string; people: Person[] } | null>(null);

  useEffect(() => {
    if (!link) return;
    const c = connectLive({ url: link.server.url, token: link.token, ...(link.server.userName ? { userName: link.server.userName } : {}) });
    setConn(c);
    const offLink = c.onLink((l) => setConnected(l.phase === 'connected'));
    const offPresence = c.onPresence((n) => setPeople(n));
    return () => {
      offLink();
      offPresence();
      c.close();
      setConn(null);
      setConnected(false);
    };
  }, [link]);

  // A new selection or workspace is a new update; the server coalesces bursts for everyone else.
  const selectionKey = selection.slice(0, MAX_SELECTION).join('\u0000');
  useEffect(() => {
    if (!conn || !connected || !operationId) return;
    let current = true;
    const ids = selectionKey ? selectionKey.split('\u0000') : [];
    void updatePresence(conn, { operationId, workspace, selection: ids }).then((r) => {
      if (current && r.ok) setPeople(r.value);
    });
    return () => {
      current = false;
    };
  }, [conn, connected, operationId, workspace, selectionKey]);

  // Leaving the operation (another one opened, the workspace closed) takes this window off everyone's list.
  useEffect(() => {
    if (!conn || !connected || !operationId) return;
    return () => void leavePresence(conn, operationId);
  }, [conn, connected, operationId]);

  return useMemo(
    () => (connected && conn && people && people.operationId === operationId ? othersOf(people.people, conn.connectionId()) : []),
    [connected, conn, people, operationId],
  );
}
