/**
 * The web platform (no Electron): a hidden file input to open files, a Blob download to save them, no native menu,
 * and server tokens in sessionStorage (see below). The browser objects are injected (defaulting to the real ones)
 * so the logic is unit-tested in Node.
 */
import {
  MAX_OPEN_FILE_BYTES,
  RuntimeConfig,
  ServerToken,
  ServerTokenRequest,
  SetServerTokenRequest,
  serverTokenKey,
  type FileFilter,
  type MenuCommand,
} from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/util/result';
import { formatZodError, type IssueLike } from '../../shared/util/zodError';
// Only the version field is bundled (Vite tree-shakes JSON named imports).
import { version as APP_VERSION } from '../../package.json';
import type { Platform } from './types';

/** The `accept` attribute for a file input: ".geojson,.json"; empty (anything) when a filter allows "*". */
export function acceptAttribute(filters: readonly FileFilter[]): string {
  const extensions = filters.flatMap((filter) => filter.extensions);
  if (extensions.length === 0 || extensions.includes('*')) return '';
  return [...new Set(extensions.map((ext) => `.${ext.toLowerCase()}`))].join(',');
}

const formatMb = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** The size cap, with a message a planner can act on. */
export function checkFileSize(name: string, size: number, maxBytes: number = MAX_OPEN_FILE_BYTES): Result<void> {
  if (size > maxBytes) return err(`${name} is too large to open (${formatMb(size)}; the limit is ${formatMb(maxBytes)}).`);
  return ok(undefined);
}

/** A file name the browser will accept for a download (no folders, control or reserved characters). */
export function sanitizeDownloadName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned.slice(0, 200) || 'download';
}

/** The MIME type a download is labelled with, from its extension. */
export function downloadMimeType(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'geojson':
      return 'application/geo+json';
    case 'json':
      return 'application/json';
    case 'kml':
      return 'application/vnd.google-earth.kml+xml';
    case 'csv':
      return 'text/csv';
    case 'pdf':
      return 'application/pdf';
    default:
      return 'application/octet-stream';
  }
}

/** The few file-like fields web.ts reads (a DOM File has them). */
export interface FileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Browser capabilities web.ts uses; tests pass fakes. */
export interface WebEnvironment {
  document: Pick<Document, 'createElement' | 'body'>;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  setTimeout(callback: () => void, ms: number): unknown;
  maxOpenBytes?: number;
  version?: string;
  /** window.open (tests pass a fake). */
  open?: (url: string) => unknown;
  location?: string;
  /** fetch, for /config.json (tests pass a fake). */
  fetch?: (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'json'>>;
  /** Where web mode keeps server tokens: sessionStorage, or null when the page has none (tests pass a fake). */
  sessionStorage?: TokenStorage | null;
}

export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** sessionStorage when the page has one, else null (storage disabled, workers, Node). */
export function sessionStore(): TokenStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Web mode keeps each server's token in sessionStorage under its serverTokenKey: a browser has no safeStorage, and a
 * secret never goes to localStorage, so the token lasts as long as the tab and is never written to disk by us.
 * (Electron keeps tokens in its main process instead, encrypted: electron/serverTokens.ts.)
 */
export const WEB_TOKEN_PREFIX = 'cordon.serverToken:';
const webTokenKey = (serverUrl: string): string => `${WEB_TOKEN_PREFIX}${serverTokenKey(serverUrl)}`;

const invalidRequest = (issues: readonly IssueLike[]): string => `Invalid request: ${formatZodError({ issues }, { root: 'request' })}`;

/** The print view's hash (kept in step with renderer/features/brief/printRoute.ts, which parses it). */
export function printViewHash(operationId: string, copy: number | null): string {
  return `#/print/${encodeURIComponent(operationId)}?${copy ? `copy=${copy}&` : ''}furniture=css&autoprint=1`;
}

const browserEnvironment = (): WebEnvironment => ({
  document,
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  sessionStorage: sessionStore(),
});

/** Read a picked file, enforcing the size cap before reading it into memory. */
export async function readPickedFile(file: FileLike, maxBytes: number = MAX_OPEN_FILE_BYTES): Promise<Result<{ name: string; data: Uint8Array }>> {
  const size = checkFileSize(file.name, file.size, maxBytes);
  if (!size.ok) return size;
  try {
    return ok({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) });
  } catch {
    return err(`Could not read ${file.name}.`);
  }
}

const NO_SHORTCUTS: ReadonlySet<MenuCommand> = new Set();

export function createWebPlatform(getEnv: () => WebEnvironment = browserEnvironment): Platform {
  return {
    kind: 'web',
    canPickLocalFiles: false,
    nativeMenuShortcuts: NO_SHORTCUTS,

    openFile: (request) => {
      const env = getEnv();
      const input = env.document.createElement('input');
      input.type = 'file';
      input.accept = acceptAttribute(request.filters);
      input.style.display = 'none';
      input.setAttribute('aria-hidden', 'true');
      env.document.body.append(input);
      return new Promise((resolve) => {
        let settled = false;
        const finish = (file: FileLike | null): void => {
          if (settled) return;
          settled = true;
          input.remove();
          if (!file) return resolve(ok(null));
          void readPickedFile(file, env.maxOpenBytes).then(resolve);
        };
        // "change" with a file, or "cancel" (Chromium 113+, Firefox 91+, Safari 16.4+) when the user closes the picker.
        input.addEventListener('change', () => finish(input.files?.[0] ?? null));
        input.addEventListener('cancel', () => finish(null));
        input.click();
      });
    },

    saveFile: async (request) => {
      const env = getEnv();
      const name = sanitizeDownloadName(request.defaultName);
      try {
        const blob = new Blob([request.data as Uint8Array<ArrayBuffer>], { type: downloadMimeType(name) });
        const url = env.createObjectURL(blob);
        const anchor = env.document.createElement('a');
        anchor.href = url;
        anchor.download = name;
        anchor.rel = 'noopener';
        anchor.style.display = 'none';
        env.document.body.append(anchor);
        anchor.click();
        anchor.remove();
        // Revoking at once can cancel the download in some browsers; give it time to start.
        env.setTimeout(() => env.revokeObjectURL(url), 60_000);
        return ok({ path: name });
      } catch (error) {
        return err(`Could not save ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    pickPmtiles: async () => ok(null),

    appInfo: async () => ok({ version: getEnv().version ?? APP_VERSION, platform: 'web' }),

    // The web server that `npm start` runs says which command server it started and which street map it found; any
    // other server (a plain static host, the e2e fixture) has no /config.json and the built-in defaults apply.
    runtimeConfig: async () => {
      const env = getEnv();
      const get = env.fetch ?? ((url: string) => fetch(url, { cache: 'no-store' }));
      const url = new URL('config.json', (env.location ?? window.location.href).split('#')[0]).href;
      try {
        const response = await get(url);
        if (response.status === 404) return ok({});
        if (!response.ok) return err(`The web server's config.json answered ${response.status}; built-in defaults are in use.`);
        const parsed = RuntimeConfig.safeParse(await response.json());
        return parsed.success
          ? ok(parsed.data)
          : err(`The web server's config.json is invalid (${invalidRequest(parsed.error.issues)}); built-in defaults are in use.`);
      } catch {
        return err("The web server's config.json could not be read; built-in defaults are in use.");
      }
    },

    printPdf: async (request) => {
      const env = getEnv();
      const open = env.open ?? ((url: string) => window.open(url, '_blank'));
      const href = env.location ?? window.location.href;
      const url = `${href.split('#')[0]}${printViewHash(request.operationId, request.copy)}`;
      // No 'noopener': it would make window.open return null, and we could not tell a blocked pop-up from success.
      const tab = open(url);
      if (!tab) return err('The browser blocked the print view. Allow pop-ups for Cordon and try again.');
      return ok({ path: sanitizeDownloadName(request.defaultName) });
    },

    cancelPrintPdf: async () => ok(null),

    // A browser prints the decision log from a frame of the page itself (renderer/features/decisions/printLog.ts).
    printDecisionLogPdf: null,

    tokenStorage: 'session',

    getServerToken: async (request) => {
      const parsed = ServerTokenRequest.safeParse(request);
      if (!parsed.success) return err(invalidRequest(parsed.error.issues));
      try {
        const token = ServerToken.safeParse(getEnv().sessionStorage?.getItem(webTokenKey(parsed.data.serverUrl)) ?? null);
        return ok(token.success ? token.data : null);
      } catch {
        return err('This browser did not let Cordon read its session storage.');
      }
    },

    setServerToken: async (request) => {
      const parsed = SetServerTokenRequest.safeParse(request);
      if (!parsed.success) return err(invalidRequest(parsed.error.issues));
      const storage = getEnv().sessionStorage;
      if (!storage) return err('This browser has no session storage for Cordon, so the token cannot be kept.');
      try {
        storage.setItem(webTokenKey(parsed.data.serverUrl), parsed.data.token);
        return ok(null);
      } catch {
        return err('This browser did not let Cordon keep the token in its session storage.');
      }
    },

    clearServerToken: async (request) => {
      const parsed = ServerTokenRequest.safeParse(request);
      if (!parsed.success) return err(invalidRequest(parsed.error.issues));
      try {
        getEnv().sessionStorage?.removeItem(webTokenKey(parsed.data.serverUrl));
        return ok(null);
      } catch {
        return err('This browser did not let Cordon change its session storage.');
      }
    },

    onMenuCommand: () => () => undefined,
  };
}
