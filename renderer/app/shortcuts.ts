/**
 * The keymap, generated from the app command table's accelerators (shared/commands/appCommands.ts): web mode runs
 * every shortcut here, Electron every one its native menu does not capture (Platform.nativeMenuShortcuts). Pure, so it
 * is unit-tested; typing in a field never triggers undo, redo or delete (the field owns those keys).
 */
import { APP_COMMANDS, type AppCommandSpec } from '../../shared/commands/appCommands';
import type { MenuCommand } from '../../shared/ipc/contract';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Chord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

/** Electron accelerator syntax ("CmdOrCtrl+Shift+Z") to a chord. Ctrl and Cmd both count as the platform modifier. */
export function parseAccelerator(accelerator: string): Chord {
  const parts = accelerator.split('+');
  const key = parts.pop()!.toLowerCase();
  const has = (...names: string[]) => parts.some((p) => names.includes(p));
  return { mod: has('CmdOrCtrl', 'CommandOrControl', 'Ctrl', 'Control', 'Cmd', 'Command'), shift: has('Shift'), alt: has('Alt', 'Option'), key };
}

const KEYMAP: readonly { chord: Chord; command: MenuCommand; textOwned: boolean }[] = APP_COMMANDS.flatMap((c) =>
  ((c as AppCommandSpec).keys ?? []).map((k) => ({ chord: parseAccelerator(k), command: c.id, textOwned: (c as AppCommandSpec).keysInFields === 'text' })),
);

export function shortcutFor(e: KeyLike, typingInField: boolean): MenuCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  const hit = KEYMAP.find(({ chord }) => chord.key === key && chord.mod === mod && chord.shift === e.shiftKey && chord.alt === e.altKey);
  if (!hit || (typingInField && hit.textOwned)) return null;
  return hit.command;
}

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}
