import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

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
});
