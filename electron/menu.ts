/**
 * The native application menu as a pure template builder. Items that belong to the app send a MenuCommand to the
 * focused window (`menu:command`), where the renderer runs it through its command registry; standard behaviour
 * (cut/copy/paste, zoom, full screen, quit) uses Electron roles.
 *
 * Undo, Redo and Delete show their shortcut but do not register it on Windows/Linux (`registerAccelerator: false`):
 * those keys must keep working inside text fields, so the renderer's keymap owns them. On macOS menu key equivalents
 * always fire, so the renderer's handler for edit:* falls back to native editing when a text field has focus.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/ipc/contract';

export interface MenuOptions {
  /** process.platform === 'darwin' */
  isMac: boolean;
  /** Development build: adds reload and developer tools. */
  isDev: boolean;
  appName: string;
  /** Deliver a command to the focused window. */
  send: (command: MenuCommand) => void;
}

type Item = MenuItemConstructorOptions;

/**
 * Every keyboard shortcut of the menu's commands (Electron accelerator syntax). The first one is shown in the menu.
 * Shortcuts marked `rendererOwned` are display-only in the native menu: the renderer's keymap must handle them
 * (it does so in web mode anyway), including the alternatives (Ctrl+Y for Redo on Windows/Linux).
 */
export const MENU_SHORTCUTS: Readonly<Partial<Record<MenuCommand, { keys: readonly string[]; rendererOwned?: true }>>> = {
  'operation:new': { keys: ['CmdOrCtrl+N'] },
  'operation:list': { keys: ['CmdOrCtrl+O'] },
  'file:import': { keys: ['CmdOrCtrl+I'] },
  'file:export-cordon': { keys: ['CmdOrCtrl+E'] },
  'edit:undo': { keys: ['CmdOrCtrl+Z'], rendererOwned: true },
  'edit:redo': { keys: ['CmdOrCtrl+Shift+Z', 'Ctrl+Y'], rendererOwned: true },
  'edit:delete': { keys: ['Delete'], rendererOwned: true },
  'view:go-to': { keys: ['CmdOrCtrl+G'] },
  'view:plan': { keys: ['CmdOrCtrl+1'] },
  'view:settings': { keys: ['CmdOrCtrl+,'] },
};

export function buildMenuTemplate(options: MenuOptions): Item[] {
  const { isMac, isDev, appName, send } = options;
  const command = (label: string, cmd: MenuCommand, extra: Partial<Item> = {}): Item => {
    const shortcut = MENU_SHORTCUTS[cmd];
    return {
      id: cmd,
      label,
      click: () => send(cmd),
      ...(shortcut ? { accelerator: shortcut.keys[0] } : {}),
      ...(shortcut?.rendererOwned ? { registerAccelerator: false } : {}),
      ...extra,
    };
  };
  const separator: Item = { type: 'separator' };

  const appMenu: Item[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            command(`About ${appName}`, 'help:about', { id: 'help:about:mac' }),
            separator,
            command('Settings…', 'view:settings', { id: 'view:settings:mac' }),
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const fileMenu: Item = {
    label: '&File',
    submenu: [
      command('&New operation', 'operation:new'),
      command('&Open operation…', 'operation:list'),
      separator,
      command('&Import…', 'file:import'),
      command('&Export operation (.cordon)…', 'file:export-cordon'),
      command('Export &GeoJSON…', 'file:export-geojson'),
      command('Export &KML…', 'file:export-kml'),
      ...(isMac ? [] : [separator, { role: 'quit', label: 'E&xit', accelerator: 'Ctrl+Q' } satisfies Item]),
    ],
  };

  const editMenu: Item = {
    label: '&Edit',
    submenu: [
      command('&Undo', 'edit:undo'),
      command('&Redo', 'edit:redo'),
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(isMac ? [{ role: 'pasteAndMatchStyle' } satisfies Item] : []),
      command('&Delete', 'edit:delete'),
      separator,
      { role: 'selectAll' },
    ],
  };

  const viewMenu: Item = {
    label: '&View',
    submenu: [
      command('&Go to…', 'view:go-to'),
      command('&Plan', 'view:plan'),
      ...(isMac ? [] : [command('&Settings', 'view:settings')]),
      separator,
      ...(isDev ? [{ role: 'reload' } satisfies Item, { role: 'forceReload' } satisfies Item, { role: 'toggleDevTools' } satisfies Item, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: Item[] = isMac ? [{ role: 'windowMenu' }] : [];

  const helpMenu: Item = {
    label: '&Help',
    role: 'help',
    submenu: [command(`&About ${appName}`, 'help:about')],
  };

  return [...appMenu, fileMenu, editMenu, viewMenu, ...windowMenu, helpMenu];
}
