/**
 * Electron main process: the thin adapter. It wires Electron objects to the plain, unit-tested modules beside it
 * (security, protocol, windowState, menu, ipc, serverTokens) and holds no logic of its own worth testing.
 */
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, safeStorage, screen, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { MenuCommand } from '../shared/ipc/contract';
import { createIpcHandlers, registerIpcHandlers } from './ipc';
import { buildMenuTemplate } from './menu';
import { createPrintPort } from './printPdf';
import { MENU_COMMAND_CHANNEL } from './preload/api';
import { findDataDir } from '../scripts/default-basemap.mjs';
import { TileRegistry, createAppProtocolHandler } from './protocol';
import { electronRuntimeConfig } from './runtimeConfig';
import { SERVER_TOKENS_FILE, createServerTokenStore } from './serverTokens';
import { APP_ENTRY_URL, APP_SCHEME, createSecureWindow, hardenSession, hardenWebContents, isTrustedSender } from './security';
import { MIN_HEIGHT, MIN_WIDTH, WINDOW_STATE_FILE, loadWindowState, saveWindowState } from './windowState';

const isDev = !app.isPackaged;
const isMac = process.platform === 'darwin';
/** dist-electron/ (main.cjs and preload.cjs); the renderer is built to dist/renderer beside it. */
const bundleDir = __dirname;
const rendererRoot = path.join(bundleDir, '..', 'dist', 'renderer');
const preloadPath = path.join(bundleDir, 'preload.cjs');

// Must run before `ready`: the app scheme is a standard, secure origin that supports fetch and streaming (Range).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
const tiles = new TileRegistry();

function sendMenuCommand(command: MenuCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (target && !target.isDestroyed()) target.webContents.send(MENU_COMMAND_CHANNEL, command);
}

async function createMainWindow(): Promise<BrowserWindow> {
  const statePath = path.join(app.getPath('userData'), WINDOW_STATE_FILE);
  const state = await loadWindowState(statePath, screen.getAllDisplays());
  const window = createSecureWindow(BrowserWindow, {
    preloadPath,
    devTools: isDev,
    window: {
      ...state.bounds,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      show: false,
      title: 'Cordon',
      backgroundColor: '#14181d',
    },
  });
  if (state.isMaximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const persist = (): void => {
    if (window.isDestroyed()) return;
    void saveWindowState(statePath, { bounds: window.getNormalBounds(), isMaximized: window.isMaximized() });
  };
  const persistSoon = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(persist, 500);
  };
  window.on('resize', persistSoon);
  window.on('move', persistSoon);
  window.on('close', () => {
    clearTimeout(saveTimer);
    persist();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });

  await window.loadURL(APP_ENTRY_URL);
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();

  hardenSession(session.defaultSession);
  // The default street map (CORDON_DATA_DIR, set by npm start, or ../shared/data beside the project), if present.
  const dataRoot = findDataDir(app.getAppPath());
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererRoot, tiles, dataRoot }));

  registerIpcHandlers<IpcMainInvokeEvent, BrowserWindow>(
    ipcMain,
    createIpcHandlers<BrowserWindow>({
      dialog: {
        showOpenDialog: (parent, options) => (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options)),
        showSaveDialog: (parent, options) => (parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options)),
      },
      tiles,
      defaultSaveDir: () => app.getPath('documents'),
      appInfo: () => ({ version: app.getVersion(), platform: process.platform }),
      runtimeConfig: () => electronRuntimeConfig(process.env, dataRoot),
      print: createPrintPort({
        entryUrl: APP_ENTRY_URL,
        createHiddenWindow: () => {
          const win = createSecureWindow(BrowserWindow, { preloadPath, devTools: false, window: { show: false, width: 1280, height: 900 } });
          return {
            loadURL: (url) => win.loadURL(url),
            executeJavaScript: (code) => win.webContents.executeJavaScript(code),
            printToPDF: (options) => win.webContents.printToPDF(options),
            destroy: () => win.destroy(),
          };
        },
      }),
      // Command server tokens, encrypted with safeStorage (usable only after `ready`, which has happened here).
      serverTokens: createServerTokenStore({
        file: path.join(app.getPath('userData'), SERVER_TOKENS_FILE),
        safeStorage: {
          isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
          encryptString: (plainText) => safeStorage.encryptString(plainText),
          decryptString: (encrypted) => safeStorage.decryptString(encrypted),
          ...(process.platform === 'linux' ? { getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend() } : {}),
        },
        log: (message, error) => console.error(message, error ?? ''),
      }),
    }),
    {
      isTrusted: (event) => isTrustedSender(event.senderFrame),
      windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
      log: (message, error) => console.error(message, error),
    },
  );

  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ isMac, isDev, appName: app.getName(), send: sendMenuCommand })));

  mainWindow = await createMainWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      void createMainWindow().then((window) => {
        mainWindow = window;
      });
    }
  });
}

// Every webContents (windows, and anything else that might appear) gets the navigation and window.open guards.
app.on('web-contents-created', (_event, contents) => {
  hardenWebContents(contents);
});

app.on('window-all-closed', () => {
  if (!isMac) app.quit();
});

// One Cordon at a time: a second launch focuses the first window and exits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  start().catch((error: unknown) => {
    console.error('Cordon failed to start', error);
    dialog.showErrorBox('Cordon failed to start', error instanceof Error ? error.message : String(error));
    app.quit();
  });
}
