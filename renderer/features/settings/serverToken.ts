/**
 * The command server token is a secret, so it is not a setting: it never goes to localStorage. It is kept per server
 * (the URL in Settings) through the platform:
 * - Electron: by the main process, encrypted with safeStorage (electron/serverTokens.ts), behind the
 *   `secrets:*-server-token` IPC channels; the renderer only ever gets the token of the server it asks about.
 * - Web mode: in sessionStorage (renderer/platform/web.ts), so it is gone when the tab closes and is never written to
 *   disk by us.
 * Until someone enters a token for a server, the development token of a local server is used.
 */
import { ServerToken } from '../../../shared/ipc/contract';
import { platform as currentPlatform, type Platform } from '../../platform';

export { ServerToken };

/** The controller token of the command server's development config (server/config.ts DEV_TOKENS). */
export const DEV_SERVER_TOKEN = 'cordon-dev-controller';

/** The part of the platform this module uses (tests pass a web platform with a fake sessionStorage). */
export type TokenPlatform = Pick<Platform, 'getServerToken' | 'setServerToken' | 'clearServerToken'>;

export interface ServerTokenRead {
  /** The token to connect with: the saved one, else the development token. */
  token: string;
  /** True when a token is saved for this server. */
  saved: boolean;
  /** Why the saved token could not be read (the development token is then used), else null. */
  problem: string | null;
}

/**
 * The token to connect to this server with. Never rejects. With `autoSignIn` (features/account/devSignIn.ts), a
 * server with no saved token may sign this tab in by itself (a development server on loopback): its session token is
 * saved and used, so Live's first connection already carries it.
 */
export async function readServerToken(
  serverUrl: string,
  platform: TokenPlatform = currentPlatform,
  o: { autoSignIn?: (serverUrl: string) => Promise<string | null> } = {},
): Promise<ServerTokenRead> {
  const result = await platform.getServerToken({ serverUrl });
  if (!result.ok) return { token: DEV_SERVER_TOKEN, saved: false, problem: result.error };
  if (result.value !== null) return { token: result.value, saved: true, problem: null };
  const session = (await o.autoSignIn?.(serverUrl).catch(() => null)) ?? null;
  if (session && (await platform.setServerToken({ serverUrl, token: session })).ok) return { token: session, saved: true, problem: null };
  return { token: DEV_SERVER_TOKEN, saved: false, problem: null };
}

/** Saves this server's token; returns a message when it is not a valid token or could not be saved, else null. */
export async function writeServerToken(serverUrl: string, token: string, platform: TokenPlatform = currentPlatform): Promise<string | null> {
  const parsed = ServerToken.safeParse(token);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid token.';
  const result = await platform.setServerToken({ serverUrl, token: parsed.data });
  return result.ok ? null : result.error;
}

/** Forgets this server's token (the development token is used again); returns a message on failure, else null. */
export async function forgetServerToken(serverUrl: string, platform: TokenPlatform = currentPlatform): Promise<string | null> {
  const result = await platform.clearServerToken({ serverUrl });
  return result.ok ? null : result.error;
}
