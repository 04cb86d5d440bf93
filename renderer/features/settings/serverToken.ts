/**
 * The command server token is a secret, so it is not a setting: it never goes to localStorage.
 *
 * Web mode (and, for now, Electron): the token lives in sessionStorage, so it is gone when the window closes and is
 * never written to disk by us. Until someone enters one, the development token of a local server is used.
 *
 * TODO(lead): in Electron the token belongs in the main process, encrypted with `safeStorage`, behind two IPC
 * channels (e.g. `secret:get-server-token` / `secret:set-server-token` in shared/ipc/contract.ts); this module is the
 * one place to switch over (read it through `platform` when `platform.kind === 'electron'`).
 */
import { z } from 'zod';

/** The controller token of the command server's development config (server/config.ts DEV_TOKENS). */
export const DEV_SERVER_TOKEN = 'cordon-dev-controller';
export const ServerToken = z.string().trim().min(8, 'A token has at least 8 characters.').max(500);
const KEY = 'cordon.serverToken';

export function readServerToken(storage: Pick<Storage, 'getItem'> | null): string {
  const raw = storage?.getItem(KEY) ?? null;
  const parsed = ServerToken.safeParse(raw);
  return parsed.success ? parsed.data : DEV_SERVER_TOKEN;
}

/** Stores a token for this session; returns a message when it is not a valid token. */
export function writeServerToken(storage: Pick<Storage, 'setItem'> | null, token: string): string | null {
  const parsed = ServerToken.safeParse(token);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid token.';
  storage?.setItem(KEY, parsed.data);
  return null;
}

/** sessionStorage when the page has one (a browser or Electron window), else nothing (tests, workers). */
export function sessionStore(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
