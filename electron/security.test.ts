import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  createSecureWindow,
  type SecureWebPreferences,
  type WindowOptions,
  hardenSession,
  hardenWebContents,
  isNavigationAllowed,
  isTrustedSender,
  permissionCheckHandler,
  permissionRequestHandler,
  windowOpenDecision,
  withSecurityHeaders,
  type HardenableSession,
  type HardenableWebContents,
} from './security';

const BASELINE = {
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
} as const;

describe('window factory', () => {
  function build(devTools: boolean, window: WindowOptions = { width: 800, height: 600, title: 'Cordon' }) {
    let received: (WindowOptions & { webPreferences: SecureWebPreferences }) | undefined;
    class FakeWindow {
      constructor(options: WindowOptions & { webPreferences: SecureWebPreferences }) {
        received = options;
      }
    }
    const created = createSecureWindow(FakeWindow, { preloadPath: '/app/dist-electron/preload.cjs', devTools, window });
    return { created, options: received!, FakeWindow };
  }

  it.each([true, false])('gives every window the security baseline (devTools %s)', (devTools) => {
    const { created, options, FakeWindow } = build(devTools);
    expect(created).toBeInstanceOf(FakeWindow);
    const prefs = options.webPreferences;
    expect(prefs).toMatchObject(BASELINE);
    expect(prefs.devTools).toBe(devTools);
    expect(prefs.preload).toBe('/app/dist-electron/preload.cjs');
    expect(prefs.disableBlinkFeatures).toContain('Auxclick');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(options).toMatchObject({ width: 800, height: 600, title: 'Cordon' });
  });

  it('cannot be talked out of the baseline by window options', () => {
    const sneaky = { width: 1, webPreferences: { nodeIntegration: true, sandbox: false } } as unknown as WindowOptions;
    expect(build(false, sneaky).options.webPreferences).toMatchObject(BASELINE);
  });

  it('is the only place in electron/ that constructs a window', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8') }));
    const constructing = sources.filter(({ text }) => /new (BrowserWindow|BrowserView|WebContentsView)\(/.test(text)).map(({ file }) => file);
    expect(constructing).toEqual(['security.ts']);
    expect(sources.find(({ file }) => file === 'main.ts')!.text).toMatch(/createSecureWindow\(BrowserWindow,/);
  });
});

describe('Content-Security-Policy', () => {
  const directive = (name: string) => CSP_DIRECTIVES.find(([n]) => n === name)?.[1];

  it("has default-src 'self' and no 'unsafe-eval' anywhere", () => {
    expect(directive('default-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
  });

  it('keeps scripts to the app itself', () => {
    expect(directive('script-src')).toBe("'self'");
    expect(directive('object-src')).toBe("'none'");
    expect(directive('base-uri')).toBe("'none'");
  });

  it('allows what the map and the command server need, and no plain remote http', () => {
    expect(directive('worker-src')).toContain('blob:');
    const connect = directive('connect-src')!.split(' ');
    expect(connect).toEqual(expect.arrayContaining(["'self'", 'http://127.0.0.1:*', 'ws://127.0.0.1:*', 'https:', 'wss:']));
    expect(connect).not.toContain('http:');
    expect(connect).not.toContain('ws:');
    expect(connect).not.toContain('*');
  });

  it('replaces any CSP a response carried', () => {
    const headers = withSecurityHeaders({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
  });
});

describe('navigation and window.open', () => {
  it.each([
    ['app://cordon/index.html', true],
    ['app://cordon/plan?x=1#y', true],
    ['app://evil/index.html', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:5173/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('navigation to %s allowed: %s', (url, allowed) => {
    expect(isNavigationAllowed(url)).toBe(allowed);
  });

  it('denies window.open, even to the app', () => {
    expect(windowOpenDecision({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(windowOpenDecision({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
  });

  it('wires the guards onto a webContents', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) => listeners.set(name, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => (openHandler = handler),
    } as unknown as HardenableWebContents;
    hardenWebContents(contents);

    const foreign = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(own, 'app://cordon/index.html');
    expect(own.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    listeners.get('will-redirect')!(redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('permissions and session', () => {
  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'unknown']) {
      const callback = vi.fn();
      permissionRequestHandler({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(permissionCheckHandler()).toBe(false);
  });

  it('installs the handlers and the CSP header on documents', () => {
    let headersListener: Parameters<HardenableSession['webRequest']['onHeadersReceived']>[0] | undefined;
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: (listener: typeof headersListener) => (headersListener = listener) },
    } as unknown as HardenableSession;
    hardenSession(session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(permissionRequestHandler);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(permissionCheckHandler);

    const doc = vi.fn();
    headersListener!({ url: 'app://cordon/index.html', resourceType: 'mainFrame', responseHeaders: {} }, doc);
    expect(doc.mock.calls[0]![0].responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    const image = vi.fn();
    headersListener!({ url: 'https://tiles.example/1.png', resourceType: 'image', responseHeaders: {} }, image);
    expect(image).toHaveBeenCalledWith({});
  });
});

describe('IPC sender check', () => {
  it('trusts only frames of the app origin', () => {
    expect(isTrustedSender({ url: 'app://cordon/index.html' })).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ url: 'app://cordon.evil/index.html' })).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html' })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
