/**
 * The renderer's token module over the web platform (web mode: sessionStorage, per server), with a fake
 * sessionStorage; and its handling of a platform that fails (as Electron's main process may).
 */
import { describe, expect, it } from 'vitest';
import { createWebPlatform, WEB_TOKEN_PREFIX, type TokenStorage, type WebEnvironment } from '../../platform/web';
import { DEV_SERVER_TOKEN, forgetServerToken, readServerToken, writeServerToken, type TokenPlatform } from './serverToken';

const LOCAL = 'http://127.0.0.1:4870';
const REMOTE = 'https://command.example.org';

function memory() {
  const m = new Map<string, string>();
  const storage: TokenStorage = {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
  return { storage, m };
}

function webMode(storage: TokenStorage | null = memory().storage) {
  return createWebPlatform(() => ({ sessionStorage: storage }) as WebEnvironment);
}

describe('server token (web mode)', () => {
  it('keeps tokens in session storage', () => {
    expect(webMode().tokenStorage).toBe('session');
  });

  it('falls back to the development token until one is entered', async () => {
    expect(await readServerToken(LOCAL, webMode())).toEqual({ token: DEV_SERVER_TOKEN, saved: false, problem: null });
    expect(await readServerToken(LOCAL, webMode(null))).toEqual({ token: DEV_SERVER_TOKEN, saved: false, problem: null });
  });

  it('stores a valid token for this server, for the session, and refuses a short one', async () => {
    const { storage, m } = memory();
    const platform = webMode(storage);
    expect(await writeServerToken(LOCAL, '  controller-secret-1 ', platform)).toBeNull();
    expect(await readServerToken(LOCAL, platform)).toEqual({ token: 'controller-secret-1', saved: true, problem: null });
    expect([...m.entries()]).toEqual([[`${WEB_TOKEN_PREFIX}${LOCAL}`, 'controller-secret-1']]);
    expect(await writeServerToken(LOCAL, 'short', platform)).toMatch(/8 characters/);
    expect((await readServerToken(LOCAL, platform)).token).toBe('controller-secret-1');
  });

  it('gives a server only its own token', async () => {
    const platform = webMode();
    await writeServerToken(LOCAL, 'controller-secret-1', platform);
    expect(await readServerToken(REMOTE, platform)).toEqual({ token: DEV_SERVER_TOKEN, saved: false, problem: null });
    expect((await readServerToken(`${LOCAL}/`, platform)).token).toBe('controller-secret-1');
    await writeServerToken(REMOTE, 'remote-secret-2', platform);
    expect((await readServerToken(REMOTE, platform)).token).toBe('remote-secret-2');
    expect((await readServerToken(LOCAL, platform)).token).toBe('controller-secret-1');
  });

  it('forgets a server’s token, going back to the development token', async () => {
    const { storage, m } = memory();
    const platform = webMode(storage);
    await writeServerToken(LOCAL, 'controller-secret-1', platform);
    await writeServerToken(REMOTE, 'remote-secret-2', platform);
    expect(await forgetServerToken(LOCAL, platform)).toBeNull();
    expect(await readServerToken(LOCAL, platform)).toEqual({ token: DEV_SERVER_TOKEN, saved: false, problem: null });
    expect(m.size).toBe(1);
    expect(await forgetServerToken(LOCAL, platform)).toBeNull();
  });

  it('ignores a tampered session value and refuses a bad server URL', async () => {
    const { storage } = memory();
    storage.setItem(`${WEB_TOKEN_PREFIX}${LOCAL}`, 'abc');
    expect((await readServerToken(LOCAL, webMode(storage))).token).toBe(DEV_SERVER_TOKEN);
    expect(await writeServerToken('file:///etc/passwd', 'controller-secret-1', webMode(storage))).toMatch(/^Invalid request: serverUrl/);
  });

  it('says so when the browser gives no session storage, or refuses to write it', async () => {
    expect(await writeServerToken(LOCAL, 'controller-secret-1', webMode(null))).toMatch(/no session storage/);
    const full: TokenStorage = {
      ...memory().storage,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(await writeServerToken(LOCAL, 'controller-secret-1', webMode(full))).toMatch(/did not let Cordon keep the token/);
  });
});

describe('server token over a failing platform', () => {
  const failing: TokenPlatform = {
    getServerToken: async () => ({ ok: false, error: 'Cordon’s saved server tokens are damaged.' }),
    setServerToken: async () => ({ ok: false, error: 'The token was not saved: encryption is not available on this computer.' }),
    clearServerToken: async () => ({ ok: false, error: 'Saved server tokens are not available.' }),
  };

  it('uses the development token and passes the problem on', async () => {
    expect(await readServerToken(LOCAL, failing)).toEqual({ token: DEV_SERVER_TOKEN, saved: false, problem: 'Cordon’s saved server tokens are damaged.' });
    expect(await writeServerToken(LOCAL, 'controller-secret-1', failing)).toBe('The token was not saved: encryption is not available on this computer.');
    expect(await forgetServerToken(LOCAL, failing)).toBe('Saved server tokens are not available.');
  });
});
