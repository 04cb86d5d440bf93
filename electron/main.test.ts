/**
 * Smoke test of the thin adapter with a fake `electron` module (the real binary cannot be downloaded here):
 * it must register the privileged scheme, harden the session and every webContents, register the IPC channels,
 * install the menu and open one window built from the secure webPreferences factory on the app origin.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const windows: Array<{ options: Record<string, unknown>; url?: string; listeners: Map<string, unknown> }> = [];
  const state = {
    userData: '',
    lock: true,
    appListeners,
    windows,
    schemes: [] as unknown[],
    handledSchemes: [] as string[],
    ipcChannels: [] as string[],
    ipcListeners: new Map<string, (event: unknown, request: unknown) => Promise<unknown>>(),
    menuTemplate: undefined as unknown,
    permissionHandlerSet: false,
    headersHookSet: false,
    sandboxEnabled: false,
    quit: vi.fn(),
  };
  class BrowserWindow {
    static getFocusedWindow = () => null;
    static getAllWindows = () => windows;
    static fromWebContents = () => null;
    record: (typeof windows)[number];
    webContents = { send: vi.fn() };
    constructor(options: Record<string, unknown>) {
      this.record = { options, listeners: new Map() };
      windows.push(this.record);
    }
    maximize() {}
    once(name: string, listener: unknown) {
      this.record.listeners.set(name, listener);
    }
    on(name: string, listener: unknown) {
      this.record.listeners.set(name, listener);
    }
    async loadURL(url: string) {
      this.record.url = url;
    }
    isDestroyed() {
      return false;
    }
  }
  const electron = {
    app: {
      isPackaged: true,
      enableSandbox: () => (state.sandboxEnabled = true),
      on: (name: string, listener: (...args: unknown[]) => void) => appListeners.set(name, listener),
      whenReady: () => Promise.resolve(),
      requestSingleInstanceLock: () => state.lock,
      quit: state.quit,
      getPath: () => state.userData,
      getName: () => 'Cordon',
      getVersion: () => '0.1.0',
      getAppPath: () => state.userData,
    },
    BrowserWindow,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: { template: unknown }) => (state.menuTemplate = menu.template),
    },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, request: unknown) => Promise<unknown>) => {
        state.ipcChannels.push(channel);
        state.ipcListeners.set(channel, listener);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
      handle: (scheme: string) => state.handledSchemes.push(scheme),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.from(`enc:${plain}`),
      decryptString: (encrypted: Buffer) => encrypted.toString().replace(/^enc:/, ''),
      getSelectedStorageBackend: () => 'gnome_libsecret',
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => (state.permissionHandlerSet = true),
        setPermissionCheckHandler: () => undefined,
        webRequest: { onHeadersReceived: () => (state.headersHookSet = true) },
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
let userData: string;

afterAll(async () => {
  await rm(userData, { recursive: true, force: true });
});

describe('electron/main adapter', () => {
  // main.ts starts the app when imported, once: every test below looks at that one start (in any order).
  beforeAll(async () => {
    userData = await mkdtemp(path.join(os.tmpdir(), 'cordon-main-'));
    state.userData = userData;
    await import('./main');
    await vi.waitFor(() => expect(state.windows).toHaveLength(1));
    await vi.waitFor(() => expect(state.windows[0]!.url).toBe('app://cordon/index.html'));
  });

  it('starts securely', () => {
    expect(state.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, stream: true }) },
    ]);
    expect(state.schemes[0]).not.toHaveProperty('privileges.bypassCSP');
    expect(state.sandboxEnabled).toBe(true);
    expect(state.handledSchemes).toEqual(['app']);
    expect(state.permissionHandlerSet).toBe(true);
    expect(state.headersHookSet).toBe(true);
    expect(state.ipcChannels.sort()).toEqual([
      'app:info',
      'app:runtime-config',
      'basemap:pick-pmtiles',
      'file:open',
      'file:save',
      'pdf:cancel',
      'pdf:print',
      'pdf:print-log',
      'secrets:clear-server-token',
      'secrets:get-server-token',
      'secrets:set-server-token',
    ]);
    expect(state.appListeners.has('web-contents-created')).toBe(true);
    expect(state.appListeners.has('second-instance')).toBe(true);
    expect(Array.isArray(state.menuTemplate)).toBe(true);

    const prefs = state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(state.windows[0]!.options.show).toBe(false);
  });

  it('keeps server tokens in userData, encrypted with safeStorage, for app senders only', async () => {
    const event = (url: string) => ({ senderFrame: { url }, sender: {} });
    const set = state.ipcListeners.get('secrets:set-server-token')!;
    const get = state.ipcListeners.get('secrets:get-server-token')!;
    const request = { serverUrl: 'http://127.0.0.1:4870', token: 'controller-secret' };
    expect(await set(event('https://evil.example/'), request)).toEqual({ ok: false, error: 'Refused: this request did not come from Cordon.' });
    expect(await set(event('app://cordon/index.html'), request)).toEqual({ ok: true, value: null });
    const saved = JSON.parse(await readFile(path.join(userData, 'server-tokens.json'), 'utf8')) as { tokens: Record<string, string> };
    expect(Buffer.from(saved.tokens['http://127.0.0.1:4870']!, 'base64').toString()).toBe('enc:controller-secret');
    expect(await get(event('app://cordon/index.html'), { serverUrl: 'http://127.0.0.1:4870/' })).toEqual({ ok: true, value: 'controller-secret' });
  });

  it('hardens every new webContents', () => {
    const on = vi.fn();
    const setWindowOpenHandler = vi.fn();
    state.appListeners.get('web-contents-created')!({}, { on, setWindowOpenHandler });
    expect(on.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
    expect(setWindowOpenHandler).toHaveBeenCalled();
  });
});
