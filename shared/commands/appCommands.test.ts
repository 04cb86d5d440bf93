import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, WORKSPACES, enabledCommands, isAppCommandId, shortcutText, type AppCommandSpec } from './appCommands';

const table: readonly AppCommandSpec[] = APP_COMMANDS;
const ids = (workspace: (typeof WORKSPACES)[number], hasOperation: boolean) => enabledCommands({ workspace, hasOperation }).map((c) => c.id);

describe('app command table', () => {
  it('names each command once and gives each shortcut to one command', () => {
    expect(new Set(table.map((c) => c.id)).size).toBe(table.length);
    const keys = table.flatMap((c) => c.keys ?? []);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('offers every command somewhere, and the palette, settings and About everywhere', () => {
    for (const c of table)
      expect(
        WORKSPACES.some((w) => ids(w, true).includes(c.id as never)),
        c.id,
      ).toBe(true);
    for (const w of WORKSPACES) for (const id of ['view:command-palette', 'view:settings', 'help:about'] as const) expect(ids(w, false)).toContain(id);
  });

  it('offers the exports in every workspace that shows an open operation, and never without one', () => {
    const exports = ['file:export-cordon', 'file:export-geojson', 'file:export-kml', 'file:export-tak'];
    for (const w of ['plan', 'brief', 'live'] as const) expect(ids(w, true)).toEqual(expect.arrayContaining(exports));
    for (const w of WORKSPACES) for (const id of exports) expect(ids(w, false)).not.toContain(id);
    for (const id of exports) expect(ids('operations', true)).not.toContain(id);
  });

  it('offers plan-only commands (import, delete, go to) only in the Plan workspace', () => {
    for (const w of ['operations', 'brief', 'live'] as const)
      for (const id of ['file:import', 'edit:delete', 'view:go-to']) expect(ids(w, true)).not.toContain(id);
    expect(ids('plan', true)).toEqual(expect.arrayContaining(['file:import', 'edit:delete', 'view:go-to']));
  });

  it('recognises its own ids only', () => {
    expect(isAppCommandId('help:about')).toBe(true);
    expect(isAppCommandId('help:About')).toBe(false);
    expect(isAppCommandId({ id: 'help:about' })).toBe(false);
  });

  it('spells shortcuts the way each platform does', () => {
    expect(shortcutText('CmdOrCtrl+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(shortcutText('CmdOrCtrl+K', true)).toBe('⌘+K');
  });
});
