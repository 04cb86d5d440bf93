/**
 * App commands by name (the closed MenuCommand union of the command table, shared/commands/appCommands.ts). The native
 * menu, the keyboard, the palette and buttons all dispatch here; the App runs each through its handler table
 * (commands/handlers.ts). The Plan workspace, while mounted, provides the commands only it can carry out.
 */
import type { MenuCommand } from '../../shared/ipc/contract';

type Runner = (command: MenuCommand) => void;
let runner: Runner | null = null;

export function dispatchCommand(command: MenuCommand): void {
  runner?.(command);
}

/** The App installs the one runner; returns the uninstall. */
export function setCommandRunner(next: Runner): () => void {
  runner = next;
  return () => {
    if (runner === next) runner = null;
  };
}

/** What the Plan workspace does for the table's plan-only commands (selection, map and import preview are its state). */
export interface PlanCommands {
  importFile(): void;
  deleteSelection(): void;
  openGoTo(): void;
}

let plan: PlanCommands | null = null;

export function providePlanCommands(port: PlanCommands): () => void {
  plan = port;
  return () => {
    if (plan === port) plan = null;
  };
}

export const planCommands = (): PlanCommands | null => plan;
