/**
 * readServerToken with an automatic sign-in (a development server on loopback): the session token it gets is saved
 * and used; a saved token is never replaced by one; a failed sign-in leaves things as they were.
 */
import { describe, expect, it } from 'vitest';
import { createWebPlatform, type TokenStorage, type WebEnvironment } from '../../platform/web';
import { DEV_SERVER_TOKEN, readServerToken, writeServerToken } from './serverToken';

const LOCAL = 'http://127.0.0.1:4870';

function webMode() {
  const m = new Map<string, string>();
  const storage: TokenStorage = { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  return createWebPlatform(() => ({ sessionStorage: storage }) as WebEnvironment);
}

describe('server token with an automatic sign-in', () => {
  it('saves and uses the session token a development server gives, and asks only when none is saved', async () => {
    const platform = webMode();
    const asked: string[] = [];
    const autoSignIn = (url: string) => {
      asked.push(url);
      return Promise.resolve('cds_session-token-from-dev-login');
    };
    expect(await readServerToken(LOCAL, platform, { autoSignIn })).toEqual({ token: 'cds_session-token-from-dev-login', saved: true, problem: null });
    expect(await readServerToken(LOCAL, platform, { autoSignIn })).toEqual({ token: 'cds_session-token-from-dev-login', saved: true, problem: null });
    expect(asked).toEqual([LOCAL]);
  });

  it('keeps a token the person saved, and falls back as before when the sign-in fails or is not offered', async () => {
    const platform = webMode();
    const failing = () => Promise.reject(new Error('unreachable'));
    expect(await readServerToken(LOCAL, platform, { autoSignIn: failing })).toEqual({ token: DEV_SERVER_TOKEN, saved: false, problem: null });
    expect(await readServerToken(LOCAL, platform, { autoSignIn: () => Promise.resolve(null) })).toEqual({
      token: DEV_SERVER_TOKEN,
      saved: false,
      problem: null,
    });
    await writeServerToken(LOCAL, 'cds_typed-by-the-person', platform);
    expect((await readServerToken(LOCAL, platform, { autoSignIn: () => Promise.resolve('cds_other') })).token).toBe('cds_typed-by-the-person');
  });
});
