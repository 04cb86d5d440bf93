/**
 * Signing in by itself on a development server, as the development token used to: only on loopback, only when the
 * server says it has the development users (GET /api/auth), and never right after the person signed out of that
 * server in this tab (they meant it). One attempt at a time per server, so that Settings, Live and the account bar
 * asking together make one session, not three.
 */
import { authInfo, DEV_SIGN_IN, isLoopbackUrl, login } from './accountApi';
import { workstationId } from './workstation';

const SIGNED_OUT = 'cordon.signedOut:';
const inFlight = new Map<string, Promise<string | null>>();

export const markSignedOut = (serverUrl: string, out: boolean) => {
  if (out) sessionStorage.setItem(SIGNED_OUT + serverUrl, '1');
  else sessionStorage.removeItem(SIGNED_OUT + serverUrl);
};

/** A session token for the development controller, or null when this server is not one to sign in to by ourselves. */
export function devSignIn(serverUrl: string): Promise<string | null> {
  if (!isLoopbackUrl(serverUrl) || sessionStorage.getItem(SIGNED_OUT + serverUrl)) return Promise.resolve(null);
  let p = inFlight.get(serverUrl);
  if (!p) {
    p = (async () => {
      const info = await authInfo(serverUrl);
      if (!info.ok || !info.value.devUsers || info.value.kind !== 'password') return null;
      const r = await login(serverUrl, DEV_SIGN_IN.userName, DEV_SIGN_IN.password, workstationId());
      return r.ok ? r.value.token : null;
    })().finally(() => inFlight.delete(serverUrl));
    inFlight.set(serverUrl, p);
  }
  return p;
}
