/**
 * The command server's sign-in endpoints (server/auth/httpAuth.ts), over fetch. Every answer is parsed with the
 * shared schemas; every failure comes back as a message a person can act on, never a throw.
 */
import { AuthInfo, LoginResponse, SessionInfo, type AccountView } from '../../../shared/protocol';
import type { Result } from '../../../shared/util/result';

const base = (serverUrl: string) => serverUrl.replace(/\/+$/, '');

async function call<T>(url: string, init: RequestInit, parse: (json: unknown) => T | null): Promise<Result<T> & { status?: number }> {
  let r: Response;
  try {
    r = await fetch(url, { ...init, cache: 'no-store' });
  } catch {
    return { ok: false, error: 'the command server cannot be reached (check the address in Settings)' };
  }
  let json: unknown = null;
  try {
    json = await r.json();
  } catch {
    // an answer without JSON: said below
  }
  if (!r.ok) {
    const said = json && typeof json === 'object' && 'error' in json && typeof json.error === 'string' ? json.error : `HTTP ${r.status}`;
    return { ok: false, error: said, status: r.status };
  }
  const value = parse(json);
  return value === null ? { ok: false, error: 'the command server gave an answer this app does not understand', status: r.status } : { ok: true, value };
}

export const authInfo = (serverUrl: string) => call(`${base(serverUrl)}/api/auth`, {}, (j) => AuthInfo.safeParse(j).data ?? null);

export function login(serverUrl: string, userName: string, password: string, workstation: string) {
  return call(
    `${base(serverUrl)}/api/login`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName, password, workstation }) },
    (j) => LoginResponse.safeParse(j).data ?? null,
  );
}

export const me = (serverUrl: string, token: string) =>
  call(`${base(serverUrl)}/api/me`, { headers: { authorization: `Bearer ${token}` } }, (j) => SessionInfo.safeParse(j).data ?? null);

export const logout = (serverUrl: string, token: string) =>
  call(`${base(serverUrl)}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }, () => true);

/** The development server's controller (server/auth/demoUsers.ts), used only on loopback when the server offers it. */
export const DEV_SIGN_IN = { userName: 'controller', password: 'cordon-dev-controller' } as const;

export const isLoopbackUrl = (serverUrl: string) => {
  try {
    const host = new URL(serverUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
};

/** "Jane Smith (Insp 4521)". */
export const who = (u: Pick<AccountView, 'name' | 'rank' | 'collar'>) => `${u.name} (${u.rank} ${u.collar})`;
