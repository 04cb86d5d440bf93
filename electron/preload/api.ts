/**
 * The one narrow bridge: builds the `window.desktop` object from an ipcRenderer. Named methods only; nothing of
 * Electron (no ipcRenderer, no event objects) reaches the page. Kept apart from index.ts so it is unit-tested
 * with a fake ipcRenderer.
 */
import type { DesktopApi, IpcMethods, MenuCommand } from '../../shared/ipc/contract';
import { IPC_METHODS, MENU_COMMAND_CHANNEL } from '../../shared/ipc/methods';
import { err } from '../../shared/util/result';
import { APP_COMMAND_IDS, isAppCommandId } from '../../shared/commands/appCommands';

export { MENU_COMMAND_CHANNEL };

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
  const invoke = async (channel: string, request: unknown): Promise<unknown> => {
    try {
      return await ipc.invoke(channel, request);
    } catch {
      return err(`Cordon could not reach its main process (${channel}).`);
    }
  };

  // One method per channel of the table (shared/ipc/methods.ts); a method without a request sends null. Main parses
  // every request, so the bridge passes it on as it is. The table's types (IpcMethods) say what each one takes.
  const methods = Object.fromEntries(
    Object.entries(IPC_METHODS).map(([method, channel]) => [method, (request?: unknown) => invoke(channel, request ?? null)]),
  ) as unknown as IpcMethods;

  return {
    kind: 'electron',
    ...methods,
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
