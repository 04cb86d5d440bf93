/**
 * One interface for what the desktop gives the renderer, with an Electron implementation (native dialogs and menu,
 * through `window.desktop`) and a web implementation (file input, downloads, no native menu). DOM-only, no React.
 */
import type {
  MenuCommand,
  PickedBasemap,
  RuntimeConfig,
  OpenFileRequest,
  PickedFile,
  PrintPdfRequest,
  PrintLogPdfRequest,
  SaveFileRequest,
  ServerTokenRequest,
  SetServerTokenRequest,
} from '../../shared/ipc/contract';
import type { Result } from '../../shared/util/result';

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

export interface Platform {
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
  /** Let the user choose a file and read it whole. ok(null) when they cancel; an error above the size cap. */
  openFile(request: OpenFileRequest): Promise<Result<PickedFile | null>>;
  /**
   * Save bytes to a file the user chooses. ok(null) when they cancel (Electron). In web mode the browser downloads
   * the file and `path` is just its suggested name.
   */
  saveFile(request: SaveFileRequest): Promise<Result<{ path: string } | null>>;
  /**
   * Pick a local .pmtiles or .mbtiles file and get a URL the map can read it from (see canPickLocalFiles): a PMTiles
   * archive by range, an MBTiles archive as TileJSON and tiles served by main.
   */
  pickPmtiles(): Promise<Result<PickedBasemap | null>>;
  /**
   * What the app was started with: the command server `npm start` launched and the default street map it found
   * (Electron: from main; web: the web server's /config.json). ok({}) when there is nothing to say.
   */
  runtimeConfig(): Promise<Result<RuntimeConfig>>;
  appInfo(): Promise<Result<{ version: string; platform: string }>>;
  /**
   * The briefing pack as a PDF. Electron: main renders the print view in a hidden window, printToPDF with the
   * marking/page-number templates, and writes the chosen file atomically (ok(null) when the user cancels the dialog).
   * Web: opens the print view in a new tab, which draws the maps, then opens the browser's print dialog ("Save as
   * PDF"); nothing is saved until the pack is complete. `path` is then just the suggested name.
   */
  printPdf(request: PrintPdfRequest): Promise<Result<{ path: string } | null>>;
  /** Cancels an Electron PDF export in progress (web: the print tab has its own Cancel button). */
  cancelPrintPdf(): Promise<Result<null>>;
  /**
   * Where command server tokens are kept. 'encrypted' (Electron): by the main process, encrypted with safeStorage,
   * in a file in userData. 'session' (web): in sessionStorage, gone when the tab closes (a browser has no keychain,
   * and a secret never goes to localStorage).
   */
  readonly tokenStorage: 'encrypted' | 'session';
  /** The token saved for this one server, or ok(null) when none is. Never a list of servers' tokens. */
  getServerToken(request: ServerTokenRequest): Promise<Result<string | null>>;
  /** Save this server's token (Electron refuses, with a message, when it cannot encrypt it). */
  setServerToken(request: SetServerTokenRequest): Promise<Result<null>>;
  /** Forget this server's token (ok also when none was saved). */
  clearServerToken(request: ServerTokenRequest): Promise<Result<null>>;
  /** Native menu commands (Electron). Returns an unsubscribe function; in web mode a no-op one. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * One decision log as a PDF. Electron: main prints the log's print view (`#/print-log/...`) in a hidden window with
   * printToPDF, like the briefing pack, and writes the chosen file atomically (ok(null) when the dialog is cancelled).
   * Web: null; the renderer prints the document itself through the browser's print dialog.
   */
  readonly printDecisionLogPdf: ((request: PrintLogPdfRequest) => Promise<Result<{ path: string } | null>>) | null;
}
