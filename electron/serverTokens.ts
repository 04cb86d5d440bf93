/**
 * Command server tokens, kept by the main process: one JSON file in userData mapping each server (serverTokenKey)
 * to its token encrypted with Electron's safeStorage (OS keychain / DPAPI / libsecret), base64-encoded.
 *
 * - Never plaintext: a token is only written when safeStorage can encrypt it (and, on Linux, not with the
 *   "basic_text" backend, whose key is hard-coded in Chromium); otherwise the write is refused with a message.
 * - One server at a time: `get` decrypts and returns only the token of the URL asked; there is no "all tokens".
 * - Validated on read (zod). A damaged file gives a message and is never changed in place: the next write sets it
 *   aside whole (`server-tokens.json.damaged-<time>`) and starts a new file.
 * - Written atomically: a temp file beside the target (mode 0600), fsynced, then renamed over it; on any failure the
 *   temp file is removed and the previous file is untouched. Operations run one after another, so two saves in
 *   flight cannot lose each other's token.
 *
 * Plain module: safeStorage and the file system are injected (main.ts passes Electron's safeStorage and
 * node:fs/promises), so it is unit-tested in Node.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ServerToken, serverTokenKey } from '../shared/ipc/contract';
import { formatZodError } from '../shared/util/zodError';
import { err, ok, type Result } from '../shared/util/result';

export const SERVER_TOKENS_FILE = 'server-tokens.json';

/** Files larger than this are not tokens files (a handful of servers is a few KB). */
const MAX_FILE_BYTES = 1024 * 1024;

type MaybePromise<T> = T | Promise<T>;

/** The slice of Electron's safeStorage used (its sync or async variants, as the adapter chooses). */
export interface SafeStoragePort {
  isEncryptionAvailable(): MaybePromise<boolean>;
  encryptString(plainText: string): MaybePromise<Uint8Array>;
  decryptString(encrypted: Buffer): MaybePromise<string>;
  /** Linux only (safeStorage.getSelectedStorageBackend); absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

export interface TokenFileHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The slice of node:fs/promises used (tests inject failures). */
export interface TokenFs {
  readFile(file: string, encoding: 'utf8'): Promise<string>;
  open(file: string, flags: 'wx', mode: number): Promise<TokenFileHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: true }): Promise<void>;
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
}

export interface ServerTokenStore {
  /** The token saved for this server, or ok(null) when there is none. */
  get(serverUrl: string): Promise<Result<string | null>>;
  /** Encrypt and save the token of this server (replacing any earlier one). */
  set(serverUrl: string, token: string): Promise<Result<null>>;
  /** Forget the token of this server (ok also when there was none). */
  clear(serverUrl: string): Promise<Result<null>>;
}

export interface ServerTokenStoreOptions {
  /** The tokens file (userData/server-tokens.json). */
  file: string;
  safeStorage: SafeStoragePort;
  fs?: TokenFs;
  /** Where unexpected problems are reported (never with a token in them). */
  log?: (message: string, error?: unknown) => void;
  /** For the name of a damaged file set aside; tests pass a fixed clock. */
  now?: () => Date;
}

/** The file on disk: server key -> base64 of the safeStorage-encrypted token. */
export const ServerTokensFile = z.strictObject({
  version: z.literal(1),
  tokens: z.record(z.string().min(1).max(2100), z.base64().min(1).max(20_000)),
});
export type ServerTokensFile = z.infer<typeof ServerTokensFile>;

const EMPTY: ServerTokensFile = { version: 1, tokens: {} };

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;

function describeWriteError(error: unknown, file: string): string {
  switch (errorCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The disk is full: the token was not saved. Free some space and try again.';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Cordon is not allowed to write its tokens file (${file}): the token was not saved.`;
    default:
      return `The token was not saved: writing ${file} failed (${errorCode(error) ?? 'unknown error'}).`;
  }
}

type Loaded = { kind: 'ok'; data: ServerTokensFile } | { kind: 'damaged'; reason: string } | { kind: 'unreadable'; error: string };

export function createServerTokenStore(options: ServerTokenStoreOptions): ServerTokenStore {
  const { file, safeStorage } = options;
  const fs: TokenFs = options.fs ?? (nodeFs as unknown as TokenFs);
  const now = options.now ?? (() => new Date());
  const name = path.basename(file);

  const damagedMessage = (reason: string): string =>
    `Cordon's saved server tokens (${file}) are damaged (${reason}). The file has not been changed; saving a token in Settings sets it aside and starts a new one.`;

  // One operation at a time: each read-modify-write sees the previous one's result.
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  async function load(): Promise<Loaded> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { kind: 'ok', data: EMPTY };
      options.log?.(`Reading ${name} failed`, error);
      return { kind: 'unreadable', error: `Cordon could not read its saved server tokens (${file}: ${errorCode(error) ?? 'unknown error'}).` };
    }
    if (text.length > MAX_FILE_BYTES) return { kind: 'damaged', reason: 'far too large' };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'damaged', reason: 'not JSON' };
    }
    const parsed = ServerTokensFile.safeParse(json);
    if (!parsed.success) {
      // The path names a server key at most, never a token (tokens are encrypted in the file anyway).
      return { kind: 'damaged', reason: formatZodError(parsed.error, { max: 1, root: 'file' }) };
    }
    return { kind: 'ok', data: parsed.data };
  }

  async function writeAtomic(data: ServerTokensFile): Promise<Result<null>> {
    const temp = path.join(path.dirname(file), `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    let handle: TokenFileHandle | undefined;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      handle = await fs.open(temp, 'wx', 0o600);
      await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
      await handle.sync();
      await handle.close();
      handle = undefined;
      await fs.rename(temp, file);
      return ok(null);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await fs.rm(temp, { force: true }).catch(() => undefined);
      options.log?.(`Writing ${name} failed`, error);
      return err(describeWriteError(error, file));
    }
  }

  /** Move a damaged file aside, whole, so the next write starts afresh without losing what was there. */
  async function setAside(reason: string): Promise<Result<null>> {
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const aside = `${file}.damaged-${stamp}`;
    try {
      await fs.rename(file, aside);
      options.log?.(`${name} was damaged (${reason}); set aside as ${path.basename(aside)}`);
      return ok(null);
    } catch (error) {
      options.log?.(`Setting ${name} aside failed`, error);
      return err(`${damagedMessage(reason)} Cordon could not set it aside (${errorCode(error) ?? 'unknown error'}): remove it to save tokens again.`);
    }
  }

  /** Load for a write: a damaged file is set aside and replaced by an empty one. */
  async function loadForWrite(): Promise<Result<ServerTokensFile>> {
    const loaded = await load();
    if (loaded.kind === 'ok') return ok(loaded.data);
    if (loaded.kind === 'unreadable') return err(loaded.error);
    const moved = await setAside(loaded.reason);
    return moved.ok ? ok(EMPTY) : moved;
  }

  /** Null when safeStorage can encrypt for real, else why not. */
  async function encryptionProblem(): Promise<string | null> {
    let available = false;
    try {
      available = await safeStorage.isEncryptionAvailable();
    } catch (error) {
      options.log?.('safeStorage.isEncryptionAvailable failed', error);
    }
    if (!available) {
      return 'The token was not saved: encryption is not available on this computer (no system keychain is unlocked). Cordon never stores a token unencrypted.';
    }
    let backend: string | undefined;
    try {
      backend = safeStorage.getSelectedStorageBackend?.();
    } catch {
      backend = undefined;
    }
    if (backend === 'basic_text') {
      return 'The token was not saved: no system keychain (GNOME Keyring / KWallet) was found, so it could not be encrypted securely. Cordon never stores a token unencrypted.';
    }
    return null;
  }

  return {
    get: (serverUrl) =>
      serialize(async () => {
        const key = serverTokenKey(serverUrl);
        const loaded = await load();
        if (loaded.kind === 'unreadable') return err(loaded.error);
        if (loaded.kind === 'damaged') return err(damagedMessage(loaded.reason));
        const sealed = Object.hasOwn(loaded.data.tokens, key) ? loaded.data.tokens[key] : undefined;
        if (sealed === undefined) return ok(null);
        let plain: string;
        try {
          plain = await safeStorage.decryptString(Buffer.from(sealed, 'base64'));
        } catch (error) {
          options.log?.(`Decrypting the token of ${key} failed`, error);
          return err(
            `The saved token for ${key} could not be decrypted (the system keychain may be locked or have changed). Enter the token again in Settings.`,
          );
        }
        const token = ServerToken.safeParse(plain);
        if (!token.success) return err(`The saved token for ${key} is not a valid token. Enter the token again in Settings.`);
        return ok(token.data);
      }),

    set: (serverUrl, rawToken) =>
      serialize(async () => {
        const key = serverTokenKey(serverUrl);
        const token = ServerToken.safeParse(rawToken);
        if (!token.success) return err(token.error.issues[0]?.message ?? 'That is not a valid token.');
        const problem = await encryptionProblem();
        if (problem) return err(problem);
        let sealed: string;
        try {
          sealed = Buffer.from(await safeStorage.encryptString(token.data)).toString('base64');
        } catch (error) {
          options.log?.('safeStorage.encryptString failed', error);
          return err('The token was not saved: the system keychain could not encrypt it.');
        }
        if (sealed.length === 0) return err('The token was not saved: the system keychain could not encrypt it.');
        const current = await loadForWrite();
        if (!current.ok) return current;
        return writeAtomic({ version: 1, tokens: { ...current.value.tokens, [key]: sealed } });
      }),

    clear: (serverUrl) =>
      serialize(async () => {
        const key = serverTokenKey(serverUrl);
        const loaded = await load();
        if (loaded.kind === 'unreadable') return err(loaded.error);
        // A damaged file holds no token we can read: setting it aside forgets them all, and keeps the file.
        if (loaded.kind === 'damaged') return setAside(loaded.reason);
        if (!Object.hasOwn(loaded.data.tokens, key)) return ok(null);
        const tokens = { ...loaded.data.tokens };
        delete tokens[key];
        return writeAtomic({ version: 1, tokens });
      }),
  };
}
