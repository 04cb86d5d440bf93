import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, type AppCommandSpec } from '../../shared/commands/appCommands';
import { parseAccelerator, shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('maps the usual editing shortcuts', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), false)).toBe('edit:undo');
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('edit:redo');
    expect(shortcutFor(key('y', { metaKey: true }), false)).toBe('edit:redo');
    expect(shortcutFor(key('Delete'), false)).toBe('edit:delete');
    expect(shortcutFor(key('g', { ctrlKey: true }), false)).toBe('view:go-to');
  });
  it('leaves typing alone: Delete and undo inside a field belong to the field', () => {
    expect(shortcutFor(key('Delete'), true)).toBeNull();
    expect(shortcutFor(key('Backspace'), true)).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(key('g', { ctrlKey: true }), true)).toBe('view:go-to');
  });
  it('opens the command palette with Ctrl+K or Cmd+K, even from a field', () => {
    expect(shortcutFor(key('k', { ctrlKey: true }), false)).toBe('view:command-palette');
    expect(shortcutFor(key('k', { metaKey: true }), true)).toBe('view:command-palette');
  });
  it('ignores keys that are not a command: plain letters, extra modifiers', () => {
    expect(shortcutFor(key('z'), false)).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(key('e', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });
  it('answers every shortcut in the command table with its own command', () => {
    for (const command of APP_COMMANDS as readonly AppCommandSpec[]) {
      for (const accelerator of command.keys ?? []) {
        const chord = parseAccelerator(accelerator);
        const pressed = key(chord.key === 'delete' ? 'Delete' : chord.key === 'backspace' ? 'Backspace' : chord.key, {
          ctrlKey: chord.mod,
          shiftKey: chord.shift,
          altKey: chord.alt,
        });
        expect(shortcutFor(pressed, false), accelerator).toBe(command.id);
      }
    }
  });
});
