/**
 * A command-server connection for sync (its own, like the versions one): the signed-in user's token from Settings,
 * and the link state in words for the status bar.
 */
import { useEffect, useState } from 'react';
import { connectLive, type LiveConnection, type LinkState } from '../../net/liveClient';
import type { ServerSetting } from '../settings/settings';
import { useServerLink } from '../settings/useServerLink';

export type SyncLinkWord = 'connected' | 'connecting' | 'offline' | 'unreachable' | 'refused';

/** "offline" when this computer has no network at all; "server unreachable" when it has but the server does not answer. */
export function linkWord(link: LinkState | null, online: boolean): SyncLinkWord {
  if (!link) return 'connecting';
  if (link.phase === 'connected') return 'connected';
  if (link.phase === 'rejected') return 'refused';
  if (!online) return 'offline';
  return link.phase === 'connecting' ? 'connecting' : 'unreachable';
}

export interface SyncLink {
  connection: LiveConnection | null;
  serverUrl: string | null;
  link: LinkState | null;
  connected: boolean;
}

export function useSyncLink(server: ServerSetting, report: (e: string) => void, enabled = true): SyncLink {
  const serverLink = useServerLink(server, report);
  const [connection, setConnection] = useState<LiveConnection | null>(null);
  const [link, setLink] = useState<LinkState | null>(null);
  useEffect(() => {
    if (!serverLink || !enabled) return;
    const c = connectLive({
      url: serverLink.server.url,
      token: serverLink.token,
      ...(serverLink.server.userName ? { userName: serverLink.server.userName } : {}),
    });
    setConnection(c);
    const off = c.onLink(setLink);
    return () => {
      off();
      c.close();
      setConnection(null);
      setLink(null);
    };
  }, [serverLink, enabled]);
  return { connection, serverUrl: serverLink?.server.url ?? null, link, connected: link?.phase === 'connected' };
}
