/**
 * The Electron security baseline (ARCHITECTURE.md) as plain functions, so every rule is unit-tested without Electron.
 * main.ts only wires these into Electron objects; it never builds webPreferences or policies of its own.
 *
 * The app is served from its own privileged scheme, `app://cordon/`, never from file:// (file:// pages share one
 * origin with the whole disk and cannot be told apart in CSP or origin checks).
 */

import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'cordon';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** Local PMTiles archives the user picked are served same-origin under this path (see protocol.ts). */
export const TILES_PATH_PREFIX = '/tiles/';

/**
 * The Content-Security-Policy of every app page. Each exception beyond 'self' is there for a reason:
 * - style-src 'unsafe-inline': MapLibre and React set inline `style` attributes (element positions, popups, markers).
 *   Scripts stay strict: no 'unsafe-inline', no 'unsafe-eval' in script-src.
 * - img-src data: blob:: MapLibre builds sprite/icon images from data and blob URLs; our SVG symbols may be data URLs.
 * - worker-src blob:: MapLibre may start its web worker from a blob URL (with setWorkerUrl it is 'self').
 * - connect-src http://127.0.0.1:* ws://127.0.0.1:*: the local command server (socket.io: HTTP long-poll then ws).
 * - connect-src https: wss:: the online basemap option (remote style, tiles and glyphs over TLS) and a command server
 *   on another machine; its URL is a setting, so it cannot be pinned here. Plain http:/ws: elsewhere is refused.
 * - font-src data:: fonts inlined by the CSS bundle.
 * Local PMTiles files are served from 'self' (app://cordon/tiles/...), so they need no exception.
 * object-src, base-uri, frame-src and form-action are closed: the app embeds nothing and submits no forms.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self' http://127.0.0.1:* ws://127.0.0.1:* https: wss:"],
  ['font-src', "'self' data:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-src', "'none'"],
  ['form-action', "'none'"],
];
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** The webPreferences every window gets (Electron's WebPreferences, narrowed to the values we allow). */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  disableBlinkFeatures: 'Auxclick';
  devTools: boolean;
}

/** Window options other than webPreferences (bounds, title, ...); `webPreferences` cannot be passed in. */
export type WindowOptions = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

/** BrowserWindow, or a fake of it in tests. */
export type WindowConstructor<W> = new (options: WindowOptions & { webPreferences: SecureWebPreferences }) => W;

/**
 * The window factory: the only place in the app that constructs a BrowserWindow, with the webPreferences written
 * out literally here (so the security scan reads them; main.ts calls this and never `new BrowserWindow` itself).
 * - sandbox + contextIsolation + no Node integration: the page gets only what the preload bridges, and cannot reach
 *   Node even through the preload's globals.
 * - webSecurity, no insecure content, no <webview>, no experimental Blink features, no navigation by dropping a
 *   file onto the window; Auxclick disabled so middle-click cannot open windows; spellcheck off (no dictionary
 *   downloads, no text sent anywhere); devTools only in development.
 */
export function createSecureWindow<W>(BrowserWindow: WindowConstructor<W>, options: { preloadPath: string; devTools: boolean; window: WindowOptions }): W {
  return new BrowserWindow({
    ...options.window,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
    },
  });
}

/** The origin of a URL, or null when it does not parse. `new URL('app://cordon/x').origin` is "null" in Node, so
 * we compare scheme and host ourselves. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** True for URLs of the app's own origin (app://cordon/...). */
export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}

/** Navigation guard: a window may only navigate within the app's origin. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * window.open / target=_blank policy. The app opens no second windows and no links, so everything is denied;
 * external links, if ever needed, must go through a named IPC method that validates them.
 */
export function windowOpenDecision(_details: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permission requests (camera, geolocation, notifications, ...) are all denied. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** Permission checks are all denied too. */
export function permissionCheckHandler(): boolean {
  return false;
}

/** Response headers with our CSP set (replacing any CSP the response carried, whatever its header case). */
export function withSecurityHeaders(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'x-content-type-options') continue;
    out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

/** The IPC sender check: only frames showing the app's own origin may call main. */
export function isTrustedSender(frame: { url: string } | null | undefined): boolean {
  return frame != null && isAppUrl(frame.url);
}

// ---- wiring helpers, typed structurally so tests can pass fakes -------------------------------------------------

interface PreventableEvent {
  preventDefault(): void;
}

export interface HardenableWebContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Navigation guard, window.open handler and webview refusal for one webContents. */
export function hardenWebContents(contents: HardenableWebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenDecision);
}

export interface HardenableSession {
  setPermissionRequestHandler(handler: typeof permissionRequestHandler): void;
  setPermissionCheckHandler(handler: typeof permissionCheckHandler): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; resourceType: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/**
 * Session-wide rules: deny every permission, and put our CSP on every document response the session loads.
 * (The app protocol also sets the CSP header itself, see protocol.ts, in case webRequest does not see custom schemes.)
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler(permissionRequestHandler);
  session.setPermissionCheckHandler(permissionCheckHandler);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
    } else {
      callback({});
    }
  });
}
