/**
 * The encrypted server token store, against a real temp folder and a fake of Electron's safeStorage (the Electron
 * binary cannot run here). The fake "encrypts" by XOR with a key plus a marker, so the file holds no plaintext and
 * decryption of anything else fails, as the real one does.
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import * as realFs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SERVER_TOKENS_FILE, createServerTokenStore, type SafeStoragePort, type TokenFs } from './serverTokens';

const MARK = Buffer.from('v10');
const xor = (bytes: Uint8Array): Buffer => Buffer.from(bytes.map((b, i) => b ^ ((0x5a + i) % 256)));

function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const state = { available: options.available ?? true, key: 0 };
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => state.available),
    encryptString: vi.fn((plain: string) => {
      if (!state.available) throw new Error('Encryption is not available.');
      return Buffer.concat([MARK, Buffer.from([state.key]), xor(Buffer.from(plain, 'utf8'))]);
    }),
    decryptString: vi.fn((encrypted: Buffer) => {
      if (!encrypted.subarray(0, 3).equals(MARK) || encrypted[3] !== state.key)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(encrypted.subarray(4)).toString('utf8');
    }),
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend! } : {}),
  } satisfies SafeStoragePort;
  return { safeStorage, state };
}

const nodeFs = realFs as unknown as TokenFs;
const A = 'http://127.0.0.1:4870';
const B = 'https://command.example.org';
const TOKEN_A = 'controller-secret-alpha';
const TOKEN_B = 'controller-secret-bravo';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-tokens-'));
  file = path.join(dir, SERVER_TOKENS_FILE);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function storeWith(safe = fakeSafeStorage().safeStorage, extra: { fs?: TokenFs } = {}) {
  const log = vi.fn();
  const store = createServerTokenStore({ file, safeStorage: safe, log, now: () => new Date('2025-06-01T10:20:30.456Z'), ...extra });
  return { store, log };
}

describe('server token store: encrypt and decrypt', () => {
  it('has no token for a server until one is saved, without creating a file', async () => {
    const { store } = storeWith();
    expect(await store.get(A)).toEqual({ ok: true, value: null });
    expect(await readdir(dir)).toEqual([]);
  });

  it('saves a token encrypted and gives it back, for that server only', async () => {
    const { safeStorage } = fakeSafeStorage();
    const { store } = storeWith(safeStorage);
    expect(await store.set(A, `  ${TOKEN_A} `)).toEqual({ ok: true, value: null });
    expect(await store.get(A)).toEqual({ ok: true, value: TOKEN_A });
    expect(await store.get(B)).toEqual({ ok: true, value: null });
    expect(safeStorage.encryptString).toHaveBeenCalledWith(TOKEN_A);

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(TOKEN_A);
    expect(text).not.toContain('controller');
    const json = JSON.parse(text) as { version: number; tokens: Record<string, string> };
    expect(json.version).toBe(1);
    expect(Object.keys(json.tokens)).toEqual([A]);
    expect(Buffer.from(json.tokens[A]!, 'base64').subarray(0, 3)).toEqual(MARK);
  });

  it('keys by server: a trailing slash or upper-case host is the same server; another path or port is not', async () => {
    const { store } = storeWith();
    await store.set('http://LOCALHOST:4870/', TOKEN_A);
    expect(await store.get('http://localhost:4870')).toEqual({ ok: true, value: TOKEN_A });
    expect(await store.get('http://localhost:4870/?x=1#y')).toEqual({ ok: true, value: TOKEN_A });
    expect(await store.get('http://localhost:4871')).toEqual({ ok: true, value: null });
    expect(await store.get('https://localhost:4870')).toEqual({ ok: true, value: null });
    expect(await store.get('http://localhost:4870/other')).toEqual({ ok: true, value: null });
  });

  it('keeps each server’s token apart, replaces one, and forgets only the one asked', async () => {
    const { store } = storeWith();
    await store.set(A, TOKEN_A);
    await store.set(B, TOKEN_B);
    await store.set(A, 'controller-secret-alpha-2');
    expect(await store.get(A)).toEqual({ ok: true, value: 'controller-secret-alpha-2' });
    expect(await store.clear(A)).toEqual({ ok: true, value: null });
    expect(await store.get(A)).toEqual({ ok: true, value: null });
    expect(await store.get(B)).toEqual({ ok: true, value: TOKEN_B });
    expect(await store.clear('http://never-saved.example')).toEqual({ ok: true, value: null });
  });

  it('writes the file readable by the user only', async () => {
    if (process.platform === 'win32') return;
    const { store } = storeWith();
    await store.set(A, TOKEN_A);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a token that is too short, without encrypting or writing', async () => {
    const { safeStorage } = fakeSafeStorage();
    const { store } = storeWith(safeStorage);
    expect(await store.set(A, 'short')).toEqual({ ok: false, error: 'A token has at least 8 characters.' });
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not lose a token when saves overlap (they run one after another)', async () => {
    const { store } = storeWith();
    const urls = Array.from({ length: 12 }, (_, i) => `http://10.0.0.${i + 1}:4870`);
    const results = await Promise.all(urls.map((url, i) => store.set(url, `token-number-${i}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    for (const [i, url] of urls.entries()) expect(await store.get(url)).toEqual({ ok: true, value: `token-number-${i}` });
  });
});

describe('server token store: encryption unavailable', () => {
  it('refuses to save, with a clear message, and never writes plaintext', async () => {
    const { safeStorage } = fakeSafeStorage({ available: false });
    const { store } = storeWith(safeStorage);
    const result = await store.set(A, TOKEN_A);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not saved: encryption is not available.*never stores a token unencrypted/);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves an existing file as it was', async () => {
    const fake = fakeSafeStorage();
    const { store } = storeWith(fake.safeStorage);
    await store.set(A, TOKEN_A);
    const before = await readFile(file, 'utf8');
    fake.state.available = false;
    expect((await store.set(B, TOKEN_B)).ok).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses Linux’s basic_text backend (a hard-coded key is not encryption)', async () => {
    const { safeStorage } = fakeSafeStorage({ backend: 'basic_text' });
    const { store } = storeWith(safeStorage);
    const result = await store.set(A, TOKEN_A);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/no system keychain/);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual([]);
    expect((await storeWith(fakeSafeStorage({ backend: 'gnome_libsecret' }).safeStorage).store.set(A, TOKEN_A)).ok).toBe(true);
  });

  it('reports an encryption failure without writing', async () => {
    const { safeStorage } = fakeSafeStorage();
    safeStorage.encryptString.mockImplementation(() => {
      throw new Error('keychain locked');
    });
    const { store } = storeWith(safeStorage);
    expect(await store.set(A, TOKEN_A)).toEqual({ ok: false, error: 'The token was not saved: the system keychain could not encrypt it.' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('says so when a saved token can no longer be decrypted (keychain changed), and still serves the others', async () => {
    const fake = fakeSafeStorage();
    const { store } = storeWith(fake.safeStorage);
    await store.set(A, TOKEN_A);
    fake.state.key = 1; // a new keychain key: A's ciphertext no longer decrypts
    await store.set(B, TOKEN_B);
    const result = await store.get(A);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/token for http:\/\/127\.0\.0\.1:4870 could not be decrypted.*Enter the token again/);
      expect(result.error).not.toContain(TOKEN_A);
    }
    expect(await store.get(B)).toEqual({ ok: true, value: TOKEN_B });
    // Saving it again repairs it.
    await store.set(A, TOKEN_A);
    expect(await store.get(A)).toEqual({ ok: true, value: TOKEN_A });
  });
});

describe('server token store: a damaged file', () => {
  const damaged = [
    ['not JSON', '{"version": 1, "tokens": {'],
    ['empty', ''],
    ['the wrong version', JSON.stringify({ version: 2, tokens: {} })],
    ['a plaintext token (not base64)', JSON.stringify({ version: 1, tokens: { [A]: 'controller secret!' } })],
    ['unknown fields', JSON.stringify({ version: 1, tokens: {}, plaintext: { [A]: TOKEN_A } })],
    ['an array', '[]'],
  ] as const;

  it.each(damaged)('gives a clear message and leaves it untouched (%s)', async (_label, content) => {
    await writeFile(file, content);
    const { store } = storeWith();
    const result = await store.get(A);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/saved server tokens \(.*server-tokens\.json\) are damaged \(.+\)\. The file has not been changed/);
    expect(await readFile(file, 'utf8')).toBe(content);
    expect(await readdir(dir)).toEqual([SERVER_TOKENS_FILE]);
  });

  it('is set aside whole (not overwritten in part) when a token is saved, and a new file is started', async () => {
    const content = JSON.stringify({ version: 1, tokens: { [B]: 'bm90IGEgcmVhbCB0b2tlbg==' }, extra: true });
    await writeFile(file, content);
    const { store, log } = storeWith();
    expect(await store.set(A, TOKEN_A)).toEqual({ ok: true, value: null });
    const aside = `${SERVER_TOKENS_FILE}.damaged-2025-06-01T10-20-30-456Z`;
    expect((await readdir(dir)).sort()).toEqual([SERVER_TOKENS_FILE, aside].sort());
    expect(await readFile(path.join(dir, aside), 'utf8')).toBe(content);
    expect(await store.get(A)).toEqual({ ok: true, value: TOKEN_A });
    expect(await store.get(B)).toEqual({ ok: true, value: null });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('set aside'));
  });

  it('is set aside when a token is forgotten', async () => {
    await writeFile(file, 'garbage');
    const { store } = storeWith();
    expect(await store.clear(A)).toEqual({ ok: true, value: null });
    expect(await readdir(dir)).toEqual([`${SERVER_TOKENS_FILE}.damaged-2025-06-01T10-20-30-456Z`]);
    expect(await store.get(A)).toEqual({ ok: true, value: null });
  });

  it('is kept, with a message, when it cannot be set aside', async () => {
    await writeFile(file, 'garbage');
    const fs: TokenFs = { ...nodeFs, rename: async () => Promise.reject(Object.assign(new Error('busy'), { code: 'EBUSY' })) };
    const { store } = storeWith(undefined, { fs });
    const result = await store.set(A, TOKEN_A);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/are damaged.*could not set it aside \(EBUSY\): remove it/);
    expect(await readFile(file, 'utf8')).toBe('garbage');
    expect(await readdir(dir)).toEqual([SERVER_TOKENS_FILE]);
  });

  it('says so when the file cannot be read at all, and does not replace it', async () => {
    await realFs.mkdir(file); // a folder where the file should be: EISDIR
    const { store } = storeWith();
    const got = await store.get(A);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.error).toMatch(/could not read its saved server tokens/);
    expect((await store.set(A, TOKEN_A)).ok).toBe(false);
    expect((await stat(file)).isDirectory()).toBe(true);
  });
});

describe('server token store: atomic writes', () => {
  it('leaves no temp file behind after a save', async () => {
    const { store } = storeWith();
    await store.set(A, TOKEN_A);
    await store.set(B, TOKEN_B);
    expect(await readdir(dir)).toEqual([SERVER_TOKENS_FILE]);
  });

  it('creates the userData folder if needed', async () => {
    file = path.join(dir, 'nested', 'userData', SERVER_TOKENS_FILE);
    const { store } = storeWith();
    expect((await store.set(A, TOKEN_A)).ok).toBe(true);
    expect(await store.get(A)).toEqual({ ok: true, value: TOKEN_A });
  });

  it('keeps the earlier file intact, and no temp file, when the disk fills mid-write', async () => {
    const { store } = storeWith();
    await store.set(A, TOKEN_A);
    const before = await readFile(file, 'utf8');
    const fs: TokenFs = {
      ...nodeFs,
      open: async (target, flags, mode) => {
        const handle = await nodeFs.open(target, flags, mode);
        return {
          sync: () => handle.sync(),
          close: () => handle.close(),
          writeFile: async (data, encoding) => {
            await handle.writeFile(data.slice(0, 7), encoding); // a partial write, then the disk is full
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
        };
      },
    };
    const failing = storeWith(undefined, { fs }).store;
    expect(await failing.set(B, TOKEN_B)).toEqual({ ok: false, error: 'The disk is full: the token was not saved. Free some space and try again.' });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual([SERVER_TOKENS_FILE]);
    expect(await store.get(A)).toEqual({ ok: true, value: TOKEN_A });
  });

  it('keeps the earlier file intact when the final rename fails', async () => {
    const { store } = storeWith();
    await store.set(A, TOKEN_A);
    const before = await readFile(file, 'utf8');
    const fs: TokenFs = { ...nodeFs, rename: async () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) };
    const result = await storeWith(undefined, { fs }).store.set(B, TOKEN_B);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not allowed to write its tokens file/);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual([SERVER_TOKENS_FILE]);
  });

  it('writes the whole file to a temp file, fsyncs it, then renames it over the target', async () => {
    const calls: string[] = [];
    const fs: TokenFs = {
      ...nodeFs,
      open: async (target, flags, mode) => {
        calls.push(`open ${path.basename(target)} ${flags} ${mode.toString(8)}`);
        const handle = await nodeFs.open(target, flags, mode);
        return {
          writeFile: async (data, encoding) => {
            calls.push('write');
            await handle.writeFile(data, encoding);
          },
          sync: async () => {
            calls.push('sync');
            await handle.sync();
          },
          close: async () => {
            calls.push('close');
            await handle.close();
          },
        };
      },
      rename: async (from, to) => {
        calls.push(`rename ${path.basename(from)} -> ${path.basename(to)}`);
        await nodeFs.rename(from, to);
      },
    };
    await storeWith(undefined, { fs }).store.set(A, TOKEN_A);
    expect(calls).toHaveLength(5);
    expect(calls[0]).toMatch(/^open \.server-tokens\.json\.[0-9a-f]{12}\.tmp wx 600$/);
    expect(calls.slice(1, 4)).toEqual(['write', 'sync', 'close']);
    expect(calls[4]).toMatch(/^rename \.server-tokens\.json\.[0-9a-f]{12}\.tmp -> server-tokens\.json$/);
  });
});
