/**
 * Who is signed in to the command server in use, kept like the old server token (Electron safeStorage, session
 * storage in web mode: settings/serverToken.ts), checked with the server at start and whenever the server changes,
 * and ended at once when the server ends the session (accountLink: an admin disabled the account, ...).
 * `onTokenChanged` tells the app to reconnect Live with the new token.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountView } from '../../../shared/protocol';
import { openAccountLink, type AccountLink } from '../../net/accountLink';
import { loadRuntimeConfig } from '../../platform/runtimeConfig';
import { forgetServerToken, readServerToken, writeServerToken } from '../settings/serverToken';
import type { ServerSetting } from '../settings/settings';
import { effectiveServer } from '../settings/useServerLink';
import { authInfo, login, logout, me } from './accountApi';
import { devSignIn, markSignedOut } from './devSignIn';
import { workstationId } from './workstation';

export type AccountState =
  | { kind: 'checking' }
  | { kind: 'unreachable'; error: string }
  | { kind: 'signedOut'; why: string | null }
  | { kind: 'signedIn'; user: AccountView; expiresAt: string };

export interface Account {
  state: AccountState;
  serverUrl: string | null;
  /** The account's connection (admin requests), while signed in. */
  link: AccountLink | null;
  signIn(userName: string, password: string): Promise<string | null>;
  signOut(): Promise<void>;
}

export function useAccount(server: ServerSetting, onTokenChanged: () => void): Account {
  const [state, setState] = useState<AccountState>({ kind: 'checking' });
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  const [session, setSession] = useState<{ url: string; token: string } | null>(null);
  const [link, setLink] = useState<AccountLink | null>(null);
  const changed = useRef(onTokenChanged);
  useEffect(() => {
    changed.current = onTokenChanged;
  }, [onTokenChanged]);

  // Which server, and whether our saved session there is still good.
  useEffect(() => {
    let current = true;
    void (async () => {
      setState({ kind: 'checking' });
      const runtime = server.auto ? await loadRuntimeConfig() : { config: {} };
      const url = effectiveServer(server, runtime.config).url;
      const read = await readServerToken(url, undefined, { autoSignIn: devSignIn });
      if (!current) return;
      setServerUrl(url);
      if (read.saved) {
        const r = await me(url, read.token);
        if (!current) return;
        if (r.ok) {
          setSession({ url, token: read.token });
          setState({ kind: 'signedIn', user: r.value.user, expiresAt: r.value.expiresAt });
          return;
        }
        // A token typed in Settings may be a service account's (a config token, not a person's session): the server
        // knows no session for it, but it is still good for Live. Only a session token that the server refuses has ended.
        if (r.status === 401 && !read.token.startsWith('cds_')) {
          setState({ kind: 'signedOut', why: null });
          return;
        }
        if (r.status === 401) {
          await forgetServerToken(url);
          if (current) setState({ kind: 'signedOut', why: 'your session has ended: sign in again' });
          return;
        }
        setState({ kind: 'unreachable', error: r.error });
        return;
      }
      const info = await authInfo(url);
      if (!current) return;
      setState(info.ok ? { kind: 'signedOut', why: null } : { kind: 'unreachable', error: info.error });
    })();
    return () => {
      current = false;
    };
    // Keyed on the address, not the setting object: Settings (and a sign-in) hand over a new object to reconnect Live.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [server.url, server.auto]);

  // The account's own link while signed in: the server signs this screen out through it.
  useEffect(() => {
    if (!session) return;
    const l = openAccountLink({
      url: session.url,
      token: session.token,
      workstation: workstationId(),
      onSignedOut: (why) => {
        void forgetServerToken(session.url).then(() => changed.current());
        setSession(null);
        setState({ kind: 'signedOut', why });
      },
    });
    setLink(l);
    return () => {
      l.close();
      setLink(null);
    };
  }, [session]);

  const signIn = useCallback(
    async (userName: string, password: string) => {
      if (!serverUrl) return 'no command server is set (Settings)';
      const r = await login(serverUrl, userName, password, workstationId());
      if (!r.ok) return r.error;
      const problem = await writeServerToken(serverUrl, r.value.token);
      if (problem) return `signed in, but the session could not be kept: ${problem}`;
      markSignedOut(serverUrl, false);
      setSession({ url: serverUrl, token: r.value.token });
      setState({ kind: 'signedIn', user: r.value.user, expiresAt: r.value.expiresAt });
      changed.current();
      return null;
    },
    [serverUrl],
  );

  const signOut = useCallback(async () => {
    if (!serverUrl) return;
    if (session) await logout(serverUrl, session.token);
    await forgetServerToken(serverUrl);
    // Not straight back in as the development user: they meant to sign out.
    markSignedOut(serverUrl, true);
    setSession(null);
    setState({ kind: 'signedOut', why: null });
    changed.current();
  }, [serverUrl, session]);

  return { state, serverUrl, link, signIn, signOut };
}
