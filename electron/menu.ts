/**
 * The native application menu as a pure template builder, generated from the app command table
 * (shared/commands/appCommands.ts): each of the table's menus lists its commands in table order. Items send a MenuCommand to the
 * focused window (`menu:command`), where the renderer runs it through its command registry; standard behaviour
 * (cut/copy/paste, zoom, full screen, quit) uses Electron roles.
 *
 * Undo, Redo and Delete show their shortcut but do not register it on Windows/Linux (`registerAccelerator: false`):
 * those keys must keep working inside text fields, so the renderer's keymap owns them. On macOS menu key equivalents
 * always fire, so the renderer's handler for edit:* falls back to native editing when a text field has focus.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/ipc/contract';
import { APP_COMMANDS, appCommand, type AppCommandSpec, type CommandMenu } from '../shared/commands/appCommands';

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

export function buildMenuTemplate(options: MenuOptions): Item[] {
  const { isMac, isDev, appName, send } = options;
  const command = (label: string, cmd: MenuCommand, extra: Partial<Item> = {}): Item => {
    const { keys, keysInFields } = appCommand(cmd);
    return {
      id: cmd,
      label,
      click: () => send(cmd),
      ...(keys?.[0] ? { accelerator: keys[0] } : {}),
      ...(keysInFields === 'text' ? { registerAccelerator: false } : {}),
      ...extra,
    };
  };
  /** The table's commands of one menu, with their separators. */
  const commandsOf = (menu: CommandMenu, skip: readonly MenuCommand[] = []): Item[] =>
    APP_COMMANDS.filter((c) => c.menu === menu && !skip.includes(c.id)).flatMap((c): Item[] => [
      ...((c as AppCommandSpec).separatorBefore ? [{ type: 'separator' } satisfies Item] : []),
      command(c.label.replace('Cordon', appName), c.id),
    ]);
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
    submenu: [...commandsOf('file'), ...(isMac ? [] : [separator, { role: 'quit', label: 'E&xit', accelerator: 'Ctrl+Q' } satisfies Item])],
  };

  const editMenu: Item = {
    label: '&Edit',
    submenu: [
      ...commandsOf('edit', ['edit:delete']),
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(isMac ? [{ role: 'pasteAndMatchStyle' } satisfies Item] : []),
      // Delete sits with the clipboard, as in every editor; the rest of the Edit menu comes from the table.
      command('&Delete', 'edit:delete'),
      separator,
      { role: 'selectAll' },
    ],
  };

  const viewMenu: Item = {
    label: '&View',
    submenu: [
      // On macOS Settings lives in the app menu.
      ...commandsOf('view', isMac ? ['view:settings'] : []),
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
    submenu: commandsOf('help'),
  };

  return [...appMenu, fileMenu, editMenu, viewMenu, ...windowMenu, helpMenu];
}
