/**
 * The one narrow bridge: builds the `window.desktop` object from an ipcRenderer. Named methods only; nothing of
 * Electron (no ipcRenderer, no event objects) reaches the page. Kept apart from index.ts so it is unit-tested
 * with a fake ipcRenderer.
 */
import type { DesktopApi, IpcChannel, IpcChannels, IpcEvents, MenuCommand } from '../../shared/ipc/contract';
import { err } from '../../shared/util/result';

export const MENU_COMMAND_CHANNEL = 'menu:command' satisfies keyof IpcEvents;

/**
 * The menu commands the bridge lets through. This mirrors MENU_COMMANDS from shared/ipc/contract.ts rather than
 * importing it: contract.ts builds zod schemas at module level, and importing it would put all of zod (~450 KB) into
 * the preload, which runs before every page load. The compiler checks this list covers every MenuCommand (below),
 * and a unit test checks it equals MENU_COMMANDS.
 */
export const PRELOAD_MENU_COMMANDS = [
  'operation:new',
  'operation:list',
  'file:import',
  'file:export-cordon',
  'file:export-geojson',
  'file:export-kml',
  'edit:undo',
  'edit:redo',
  'edit:delete',
  'view:go-to',
  'view:plan',
  'view:settings',
  'help:about',
] as const satisfies readonly MenuCommand[];
type MissingMenuCommand = Exclude<MenuCommand, (typeof PRELOAD_MENU_COMMANDS)[number]>;
// A compile error here means a MenuCommand was added to the contract but not to PRELOAD_MENU_COMMANDS.
const _everyMenuCommandListed: [MissingMenuCommand] extends [never] ? true : MissingMenuCommand = true;
void _everyMenuCommandListed;

/** The slice of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const menuCommands: ReadonlySet<string> = new Set(PRELOAD_MENU_COMMANDS);
export const isMenuCommand = (value: unknown): value is MenuCommand => typeof value === 'string' && menuCommands.has(value);

export function createDesktopApi(ipc: IpcRendererPort): DesktopApi {
  /** Invoke a channel; a rejected invoke (main not ready, handler missing) still comes back as a Result. */
  const invoke = async <C extends IpcChannel>(channel: C, request: IpcChannels[C]['request']): Promise<IpcChannels[C]['response']> => {
    try {
      return (await ipc.invoke(channel, request)) as IpcChannels[C]['response'];
    } catch {
      return err(`Cordon could not reach its main process (${channel}).`) as IpcChannels[C]['response'];
    }
  };

  return {
    kind: 'electron',
    openFile: (request) => invoke('file:open', request),
    saveFile: (request) => invoke('file:save', request),
    pickPmtiles: () => invoke('basemap:pick-pmtiles', null),
    runtimeConfig: () => invoke('app:runtime-config', null),
    appInfo: () => invoke('app:info', null),
    printPdf: (request) => invoke('pdf:print', request),
    cancelPrintPdf: () => invoke('pdf:cancel', null),
    // One server's token at a time; main checks the sender, validates the request and decrypts.
    getServerToken: (request) => invoke('secrets:get-server-token', request),
    setServerToken: (request) => invoke('secrets:set-server-token', request),
    clearServerToken: (request) => invoke('secrets:clear-server-token', request),
    onMenuCommand: (listener) => {
      const wrapped = (_event: unknown, command: unknown): void => {
        if (isMenuCommand(command)) listener(command);
      };
      ipc.on(MENU_COMMAND_CHANNEL, wrapped);
      return () => {
        ipc.removeListener(MENU_COMMAND_CHANNEL, wrapped);
      };
    },
  };
}
