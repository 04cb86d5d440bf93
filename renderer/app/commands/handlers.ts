/**
 * What each app command runs. Typed as a Record over the command table's ids, so a command added to the table without
 * a handler does not compile (and handlers.test.ts checks each one reaches the action it names). Handlers only call
 * the context: the App supplies it with its screen state, the session and the dialogs.
 */
import type { Workspace } from '../../../shared/commands/appCommands';
import type { MenuCommand } from '../../../shared/ipc/contract';
import type { PlanCommands } from '../commandBus';
import type { ExportFormat } from './exportOperation';

export interface CommandContext {
  showWorkspace(workspace: Workspace): void;
  /** Show the operations list with the new-operation dialog open. */
  newOperation(): void;
  openSettings(): void;
  openAbout(): void;
  openPalette(): void;
  undo(): void;
  redo(): void;
  exportOperation(format: ExportFormat): void;
  /** The Plan workspace's commands, or null while it is not mounted. */
  plan(): PlanCommands | null;
  report(error: string): void;
}

export type CommandHandlers = Readonly<Record<MenuCommand, () => void>>;

export function createCommandHandlers(ctx: CommandContext): CommandHandlers {
  // The table enables these only in the Plan workspace; the message covers a press that races its unmounting.
  const inPlan = (run: (plan: PlanCommands) => void) => () => {
    const plan = ctx.plan();
    if (plan) run(plan);
    else ctx.report('That command works in the Plan workspace: open it first (Ctrl+1).');
  };
  return {
    'operation:new': () => ctx.newOperation(),
    'operation:list': () => ctx.showWorkspace('operations'),
    'file:import': inPlan((p) => p.importFile()),
    'file:export-cordon': () => ctx.exportOperation('cordon'),
    'file:export-geojson': () => ctx.exportOperation('geojson'),
    'file:export-kml': () => ctx.exportOperation('kml'),
    'file:export-tak': () => ctx.exportOperation('tak'),
    'edit:undo': () => ctx.undo(),
    'edit:redo': () => ctx.redo(),
    'edit:delete': inPlan((p) => p.deleteSelection()),
    'view:command-palette': () => ctx.openPalette(),
    'view:go-to': inPlan((p) => p.openGoTo()),
    'view:plan': () => ctx.showWorkspace('plan'),
    'view:brief': () => ctx.showWorkspace('brief'),
    'view:live': () => ctx.showWorkspace('live'),
    'view:decisions': () => ctx.showWorkspace('decisions'),
    'view:settings': () => ctx.openSettings(),
    'help:about': () => ctx.openAbout(),
  };
}
