import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../shared/ipc/contract';
import { NATIVE_MENU_SHORTCUT_COMMANDS } from '../renderer/platform/desktop';
import { APP_COMMANDS, type AppCommandSpec } from '../shared/commands/appCommands';
import { buildMenuTemplate } from './menu';

/** Every command of the table that has a shortcut, as the menu should show it. */
const SHORTCUTS = (APP_COMMANDS as readonly AppCommandSpec[]).filter((c) => c.keys?.length);

type Item = MenuItemConstructorOptions;

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(isMac: boolean, isDev = false) {
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate({ isMac, isDev, appName: 'Cordon', send: (command) => sent.push(command) });
  const items = flatten(template);
  const click = (item: Item) => (item.click as unknown as () => void)();
  return { template, items, sent, click };
}

describe.each([
  ['Windows/Linux', false],
  ['macOS', true],
])('menu on %s', (_name, isMac) => {
  it('reaches every MenuCommand from a visible item', () => {
    const { items, sent, click } = build(isMac);
    for (const item of items) if (item.click && item.visible !== false) click(item);
    expect(new Set(sent)).toEqual(new Set(MENU_COMMANDS));
  });

  it('each command item sends exactly its own command', () => {
    const { items, sent, click } = build(isMac);
    for (const item of items.filter((i) => i.click)) {
      sent.length = 0;
      click(item);
      expect(sent).toHaveLength(1);
      expect(MENU_COMMANDS).toContain(sent[0]);
      expect(item.id?.startsWith(sent[0]!)).toBe(true);
    }
  });

  it('shows the shortcut of every command that has one', () => {
    const { items } = build(isMac);
    for (const { id: command, keys, keysInFields } of SHORTCUTS) {
      const item = items.find((i) => i.id === command || i.id === `${command}:mac`);
      expect(item, command).toBeDefined();
      expect(item!.accelerator, command).toBe(keys![0]);
      if (keysInFields) expect(item!.registerAccelerator, command).toBe(false);
      else expect(item!.registerAccelerator, command).toBeUndefined();
    }
  });

  it('has the required accelerators', () => {
    const { items } = build(isMac);
    const acc = (id: string) => items.find((i) => i.id === id || i.id === `${id}:mac`)?.accelerator;
    expect(acc('operation:new')).toBe('CmdOrCtrl+N');
    expect(acc('file:import')).toBe('CmdOrCtrl+I');
    expect(acc('file:export-cordon')).toBe('CmdOrCtrl+E');
    expect(acc('edit:undo')).toBe('CmdOrCtrl+Z');
    expect(acc('edit:redo')).toBe('CmdOrCtrl+Shift+Z');
    expect(SHORTCUTS.find((c) => c.id === 'edit:redo')!.keys).toContain('Ctrl+Y');
    expect(acc('view:command-palette')).toBe('CmdOrCtrl+K');
    expect(acc('view:go-to')).toBe('CmdOrCtrl+G');
    expect(acc('view:settings')).toBe('CmdOrCtrl+,');
  });

  it('has no accelerator twice', () => {
    const { items } = build(isMac, true);
    const accelerators = items.filter((i) => i.accelerator && i.visible !== false).map((i) => i.accelerator);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('uses roles for clipboard, zoom, full screen and quit', () => {
    const roles = new Set(
      build(isMac)
        .items.map((i) => i.role)
        .filter(Boolean),
    );
    for (const role of ['cut', 'copy', 'paste', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'quit']) {
      expect(roles.has(role as Item['role']), role).toBe(true);
    }
  });

  it('offers reload and developer tools only in development', () => {
    const devRoles = ['reload', 'forceReload', 'toggleDevTools'];
    expect(build(isMac, false).items.some((i) => devRoles.includes(i.role ?? ''))).toBe(false);
    expect(devRoles.every((role) => build(isMac, true).items.some((i) => i.role === role))).toBe(true);
  });
});

describe('menu layout', () => {
  it('lists the table’s commands of each menu in table order (Windows/Linux)', () => {
    const { template } = build(false);
    for (const [menu, title] of [
      ['file', 'File'],
      ['view', 'View'],
      ['help', 'Help'],
    ] as const) {
      const submenu = template.find((m) => m.label === `&${title}`)!.submenu as Item[];
      const ids = submenu.filter((i) => i.click).map((i) => i.id);
      expect(ids, title).toEqual(APP_COMMANDS.filter((c) => c.menu === menu).map((c) => c.id));
    }
  });

  it('has File, Edit, View and Help in that order (Windows/Linux)', () => {
    expect(build(false).template.map((m) => m.label?.replace('&', ''))).toEqual(['File', 'Edit', 'View', 'Help']);
  });

  it('tells the renderer which shortcuts the native menu captures', () => {
    const captured = SHORTCUTS.filter((c) => !c.keysInFields).map((c) => c.id);
    expect(new Set(NATIVE_MENU_SHORTCUT_COMMANDS)).toEqual(new Set(captured));
  });
});
