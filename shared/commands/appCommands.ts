/**
 * The one table of app commands: id, label, menu, keyboard shortcuts and where each is enabled. The native menu
 * (electron/menu.ts), the web-mode keymap (renderer/app/commands/keymap.ts), the preload's allow-list
 * (electron/preload/api.ts) and the command palette are all generated from it; what each command runs is the
 * renderer's handler table (renderer/app/commands/handlers.ts), typed so that every id here has one.
 *
 * Deliberately free of zod and of anything else heavy: the sandboxed preload imports this module as it is.
 */

/** The app's screens. A command is offered (palette, keys) only in the workspaces it lists. */
export const WORKSPACES = ['operations', 'plan', 'brief', 'live', 'decisions'] as const;
export type Workspace = (typeof WORKSPACES)[number];

export type CommandMenu = 'file' | 'edit' | 'view' | 'help';

export interface AppCommandSpec {
  readonly id: string;
  /** Menu label; `&` marks the Windows/Linux mnemonic and is dropped everywhere else. */
  readonly label: string;
  /** What the palette says under the label: a planner reads this to find the action. */
  readonly description: string;
  readonly menu: CommandMenu;
  /** A separator goes above this item in its menu. */
  readonly separatorBefore?: true;
  /**
   * Electron accelerator syntax; the first is shown in the menu, every one works from the keyboard. Keys with
   * `keysInFields: 'text'` (undo, redo, delete) belong to a text field while one has focus, so the native menu only
   * displays them and the renderer's keymap runs them outside fields.
   */
  readonly keys?: readonly string[];
  readonly keysInFields?: 'text';
  readonly enabledIn: readonly Workspace[];
  /** Needs an open operation (one is chosen), on top of the workspace. */
  readonly needsOperation?: true;
}

const ALL: readonly Workspace[] = WORKSPACES;
const ON_OPERATION: readonly Workspace[] = ['plan', 'brief', 'live', 'decisions'];

export const APP_COMMANDS = [
  {
    id: 'operation:new',
    label: '&New operation',
    description: 'Start a new operation from the operations list',
    menu: 'file',
    keys: ['CmdOrCtrl+N'],
    enabledIn: ALL,
  },
  { id: 'operation:list', label: '&Open operation…', description: 'Show the list of operations', menu: 'file', keys: ['CmdOrCtrl+O'], enabledIn: ALL },
  {
    id: 'file:import',
    label: '&Import…',
    description: 'Import GeoJSON, KML, KMZ, GPX, CSV, Shapefile or GeoPackage into the plan',
    menu: 'file',
    separatorBefore: true,
    keys: ['CmdOrCtrl+I'],
    enabledIn: ['plan'],
    needsOperation: true,
  },
  {
    id: 'file:export-cordon',
    label: '&Export operation (.cordon)…',
    description: 'Save the whole operation as a .cordon file',
    menu: 'file',
    keys: ['CmdOrCtrl+E'],
    enabledIn: ON_OPERATION,
    needsOperation: true,
  },
  {
    id: 'file:export-geojson',
    label: 'Export &GeoJSON…',
    description: 'Save the plan features as GeoJSON',
    menu: 'file',
    enabledIn: ON_OPERATION,
    needsOperation: true,
  },
  {
    id: 'file:export-kml',
    label: 'Export &KML…',
    description: 'Save the plan features as KML (Google Earth)',
    menu: 'file',
    enabledIn: ON_OPERATION,
    needsOperation: true,
  },
  {
    id: 'file:export-tak',
    label: 'Export &TAK data package…',
    description: 'Save the plan as a TAK data package (.zip)',
    menu: 'file',
    enabledIn: ON_OPERATION,
    needsOperation: true,
  },
  {
    id: 'edit:undo',
    label: '&Undo',
    description: 'Undo the last edit to the operation',
    menu: 'edit',
    keys: ['CmdOrCtrl+Z'],
    keysInFields: 'text',
    enabledIn: ['plan', 'brief'],
    needsOperation: true,
  },
  {
    id: 'edit:redo',
    label: '&Redo',
    description: 'Redo the edit just undone',
    menu: 'edit',
    keys: ['CmdOrCtrl+Shift+Z', 'Ctrl+Y'],
    keysInFields: 'text',
    enabledIn: ['plan', 'brief'],
    needsOperation: true,
  },
  {
    id: 'edit:delete',
    label: '&Delete',
    description: 'Delete the selected plan feature',
    menu: 'edit',
    keys: ['Delete', 'Backspace'],
    keysInFields: 'text',
    enabledIn: ['plan'],
    needsOperation: true,
  },
  {
    id: 'view:command-palette',
    label: '&Command palette…',
    description: 'Search every command you can run here',
    menu: 'view',
    keys: ['CmdOrCtrl+K'],
    enabledIn: ALL,
  },
  {
    id: 'view:go-to',
    label: '&Go to…',
    description: 'Move the map to a grid reference, coordinates or place',
    menu: 'view',
    keys: ['CmdOrCtrl+G'],
    enabledIn: ['plan'],
    needsOperation: true,
  },
  {
    id: 'view:plan',
    label: '&Plan',
    description: 'Open the Plan workspace',
    menu: 'view',
    separatorBefore: true,
    keys: ['CmdOrCtrl+1'],
    enabledIn: ALL,
    needsOperation: true,
  },
  {
    id: 'view:brief',
    label: '&Brief',
    description: 'Open the Brief workspace (order, risks, briefing pack)',
    menu: 'view',
    keys: ['CmdOrCtrl+2'],
    enabledIn: ALL,
    needsOperation: true,
  },
  { id: 'view:live', label: '&Live', description: 'Open the Live workspace (unit positions and alerts)', menu: 'view', keys: ['CmdOrCtrl+3'], enabledIn: ALL },
  {
    id: 'view:decisions',
    label: '&Decisions',
    description: "Open the Decisions workspace (commanders' decision logs)",
    menu: 'view',
    keys: ['CmdOrCtrl+4'],
    enabledIn: ALL,
  },
  { id: 'view:settings', label: '&Settings…', description: 'Basemap, theme and command server', menu: 'view', keys: ['CmdOrCtrl+,'], enabledIn: ALL },
  { id: 'help:about', label: '&About Cordon', description: 'Version, licence notices and map credits', menu: 'help', enabledIn: ALL },
] as const satisfies readonly AppCommandSpec[];

export type AppCommandId = (typeof APP_COMMANDS)[number]['id'];
export type AppCommand = AppCommandSpec & { readonly id: AppCommandId };

export const APP_COMMAND_IDS: readonly AppCommandId[] = APP_COMMANDS.map((c) => c.id);

const byId = new Map<string, AppCommand>(APP_COMMANDS.map((c) => [c.id, c]));
export const isAppCommandId = (value: unknown): value is AppCommandId => typeof value === 'string' && byId.has(value);

export function appCommand(id: AppCommandId): AppCommand {
  return byId.get(id)!;
}

/** The label without its mnemonic marker: what the palette and tooltips show. */
export const plainLabel = (command: AppCommandSpec): string => command.label.replace(/&(.)/g, '$1');

export interface CommandScope {
  workspace: Workspace;
  hasOperation: boolean;
}

export function isEnabled(command: AppCommandSpec, scope: CommandScope): boolean {
  return command.enabledIn.includes(scope.workspace) && (!command.needsOperation || scope.hasOperation);
}

/** Every command that can run right now, in table order (the palette's list). */
export const enabledCommands = (scope: CommandScope): AppCommand[] => APP_COMMANDS.filter((c) => isEnabled(c, scope));

/** Commands whose shortcut the native menu registers itself (the keymap in the page must then leave it alone). */
export const NATIVE_SHORTCUT_COMMANDS: ReadonlySet<AppCommandId> = new Set(
  APP_COMMANDS.filter((c: AppCommandSpec) => c.keys?.length && !c.keysInFields).map((c) => c.id),
);

/** An accelerator as people read it on this platform: CmdOrCtrl becomes ⌘ on a Mac and Ctrl elsewhere. */
export function shortcutText(accelerator: string, isMac: boolean): string {
  return accelerator.replace('CmdOrCtrl', isMac ? '⌘' : 'Ctrl');
}
