/**
 * The one narrow bridge: builds the `window.desktop` object from an ipcRenderer. Named methods only; nothing of
 * Electron (no ipcRenderer, no event objects) reaches the page. Kept apart from index.ts so it is unit-tested
 * with a fake ipcRenderer.
 */
import type { DesktopApi, IpcChannel, IpcChannels, IpcEvents, MenuCommand } from '../../shared/ipc/contract';
import { err } from '../../shared/util/result';
import { APP_COMMAND_IDS, isAppCommandId } from '../../shared/commands/appCommands';

export const MENU_COMMAND_CHANNEL = 'menu:command' satisfies keyof IpcEvents;

/**
 * The menu commands the bridge lets through: the app command table itself. That module is plain data with no zod
 * (importing contract.ts's schemas would put all of zod into the preload, which runs before every page load).
 */
export const PRELOAD_MENU_COMMANDS: readonly MenuCommand[] = APP_COMMAND_IDS;

/** The slice of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export const isMenuCommand = (value: unknown): value is MenuCommand => isAppCommandId(value);

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
    printDecisionLogPdf: (request) => invoke('pdf:print-log', request),
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
