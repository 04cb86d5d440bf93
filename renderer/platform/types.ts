/**
 * One interface for what the desktop gives the renderer, with an Electron implementation (native dialogs and menu,
 * through `window.desktop`) and a web implementation (file input, downloads, no native menu). DOM-only, no React.
 */
import type {
  IpcMethods,
  MenuCommand,
  PickedBasemap,
  RuntimeConfig,
  OpenFileRequest,
  PickedFile,
  PrintPdfRequest,
  SaveFileRequest,
  ServerTokenRequest,
  SetServerTokenRequest,
} from '../../shared/ipc/contract';

export type {
  MenuCommand,
  PickedBasemap,
  RuntimeConfig,
  OpenFileRequest,
  PickedFile,
  PrintPdfRequest,
  SaveFileRequest,
  ServerTokenRequest,
  SetServerTokenRequest,
};

/**
 * The file, basemap, PDF, app and token methods are the IPC table's (shared/ipc/methods.ts documents each one and
 * what web mode does instead): derived from it, so the Electron and web implementations answer exactly the contract.
 */
export interface Platform extends Omit<IpcMethods, 'printDecisionLogPdf'> {
  readonly kind: 'electron' | 'web';
  /**
   * True when the user can pick a local file that the app then reads by byte range (PMTiles basemaps): Electron only.
   * In web mode `pickPmtiles` resolves ok(null) and the UI asks for a URL instead.
   */
  readonly canPickLocalFiles: boolean;
  /**
   * Commands whose keyboard shortcuts the native menu captures before the page sees the key (Electron on
   * Windows/Linux). The renderer's keymap must skip these and handle every other shortcut itself, in both modes:
   * Undo, Redo and Delete are deliberately not captured by the menu, so that text fields keep their native editing.
   * Empty in web mode.
   */
  readonly nativeMenuShortcuts: ReadonlySet<MenuCommand>;
  /**
   * Where command server tokens are kept. 'encrypted' (Electron): by the main process, encrypted with safeStorage,
   * in a file in userData. 'session' (web): in sessionStorage, gone when the tab closes (a browser has no keychain,
   * and a secret never goes to localStorage).
   */
  readonly tokenStorage: 'encrypted' | 'session';
  /** Native menu commands (Electron). Returns an unsubscribe function; in web mode a no-op one. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * One decision log as a PDF. Electron: main prints the log's print view (`#/print-log/...`) in a hidden window with
   * printToPDF, like the briefing pack, and writes the chosen file atomically (ok(null) when the dialog is cancelled).
   * Web: null; the renderer prints the document itself through the browser's print dialog.
   */
  readonly printDecisionLogPdf: IpcMethods['printDecisionLogPdf'] | null;
}
