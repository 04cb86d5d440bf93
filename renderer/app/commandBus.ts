/**
 * App commands (menu items, shortcuts, toolbar buttons) by name. The native menu, the keyboard and buttons all
 * dispatch here; the workspace that can carry a command out subscribes. Names are the closed MenuCommand union.
 */
import type { MenuCommand } from '../../shared/ipc/contract';

type Listener = (command: MenuCommand) => void;
const listeners = new Set<Listener>();

export function dispatchCommand(command: MenuCommand): void {
  for (const l of [...listeners]) l(command);
}

export function onCommand(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
