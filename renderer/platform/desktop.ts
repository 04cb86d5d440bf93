/** The Electron platform: a thin wrapper over the preload's `window.desktop` bridge. (Not named electron.ts: the lint rule keeps the renderer from importing anything called "electron".) */
import { RuntimeConfig, type DesktopApi, type MenuCommand } from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/util/result';
import { NATIVE_SHORTCUT_COMMANDS } from '../../shared/commands/appCommands';
import type { Platform } from './types';

/**
 * Menu commands whose accelerators the native menu registers itself (from the app command table). Undo, Redo and
 * Delete are display-only in the menu, so the renderer's keymap handles them.
 */
export const NATIVE_MENU_SHORTCUT_COMMANDS: ReadonlySet<MenuCommand> = NATIVE_SHORTCUT_COMMANDS;

/** A bridge call that somehow rejects (it should not: the preload returns Results) still yields a Result. */
async function guard<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (error) {
    return err(`The desktop bridge failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function createElectronPlatform(desktop: DesktopApi): Platform {
  return {
    kind: 'electron',
    canPickLocalFiles: true,
    nativeMenuShortcuts: NATIVE_MENU_SHORTCUT_COMMANDS,
    openFile: (request) => guard(() => desktop.openFile(request)),
    saveFile: (request) => guard(() => desktop.saveFile(request)),
    pickPmtiles: () => guard(() => desktop.pickPmtiles()),
    appInfo: () => guard(() => desktop.appInfo()),
    // Parsed here too: the page trusts nothing that crosses the bridge unchecked.
    runtimeConfig: async () => {
      const got = await guard(() => desktop.runtimeConfig());
      if (!got.ok) return got;
      const parsed = RuntimeConfig.safeParse(got.value);
      return parsed.success ? ok(parsed.data) : err('The desktop app sent an invalid start-up configuration; built-in defaults are in use.');
    },
    printPdf: (request) => guard(() => desktop.printPdf(request)),
    cancelPrintPdf: () => guard(() => desktop.cancelPrintPdf()),
    tokenStorage: 'encrypted',
    getServerToken: (request) => guard(() => desktop.getServerToken(request)),
    setServerToken: (request) => guard(() => desktop.setServerToken(request)),
    clearServerToken: (request) => guard(() => desktop.clearServerToken(request)),
    onMenuCommand: (listener) => desktop.onMenuCommand(listener),
    printDecisionLogPdf: (request) => guard(() => desktop.printDecisionLogPdf(request)),
  };
}
