/** The Electron platform: a thin wrapper over the preload's `window.desktop` bridge. (Not named electron.ts: the lint rule keeps the renderer from importing anything called "electron".) */
import type { DesktopApi, MenuCommand } from '../../shared/ipc/contract';
import { err, type Result } from '../../shared/util/result';
import type { Platform } from './types';

/**
 * Menu commands whose accelerators the native menu registers itself (electron/menu.ts; a unit test there keeps the
 * two in step). Undo, Redo and Delete are display-only in the menu, so the renderer's keymap handles them.
 */
export const NATIVE_MENU_SHORTCUT_COMMANDS: ReadonlySet<MenuCommand> = new Set<MenuCommand>([
  'operation:new',
  'operation:list',
  'file:import',
  'file:export-cordon',
  'view:go-to',
  'view:plan',
  'view:settings',
]);

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
    printPdf: (request) => guard(() => desktop.printPdf(request)),
    cancelPrintPdf: () => guard(() => desktop.cancelPrintPdf()),
    tokenStorage: 'encrypted',
    getServerToken: (request) => guard(() => desktop.getServerToken(request)),
    setServerToken: (request) => guard(() => desktop.setServerToken(request)),
    clearServerToken: (request) => guard(() => desktop.clearServerToken(request)),
    onMenuCommand: (listener) => desktop.onMenuCommand(listener),
  };
}
