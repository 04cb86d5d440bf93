/**
 * Keyboard shortcuts for web mode (in Electron the native menu's accelerators send the same commands).
 * Pure mapping so it is unit-tested; typing in a field never triggers a plan command.
 */
import type { MenuCommand } from '../../shared/ipc/contract';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function shortcutFor(e: KeyLike, typingInField: boolean): MenuCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (k === 'z' && !e.shiftKey) return typingInField ? null : 'edit:undo';
    if ((k === 'z' && e.shiftKey) || k === 'y') return typingInField ? null : 'edit:redo';
    if (k === 'g') return 'view:go-to';
    if (k === 'i') return 'file:import';
    if (k === 'e') return 'file:export-cordon';
    if (k === ',') return 'view:settings';
    if (k === 'o') return 'operation:list';
  }
  if (!mod && !e.altKey && !typingInField && (e.key === 'Delete' || e.key === 'Backspace')) return 'edit:delete';
  return null;
}

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}
