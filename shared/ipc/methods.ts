/**
 * The IPC channels by the name the renderer calls them (`window.desktop.openFile` -> 'file:open'). Plain data with no
 * zod: the preload builds its bridge from this table alone, and zod must not reach the preload bundle (it runs before
 * every page load). The request and response schemas of each channel are in contract.ts (IPC_CHANNELS), which a type
 * check there keeps to exactly these channels.
 */
export const IPC_METHODS = {
  /** Let the user choose a file and read it whole. ok(null) when they cancel; an error above the size cap. */
  openFile: 'file:open',
  /**
   * Save bytes to a file the user chooses. ok(null) when they cancel (Electron). In web mode the browser downloads
   * the file and `path` is just its suggested name.
   */
  saveFile: 'file:save',
  /**
   * Pick a local .pmtiles or .mbtiles file and get a URL the map can read it from: a PMTiles archive by range, an
   * MBTiles archive as TileJSON and tiles served by main (app://cordon/tiles/<token>/). Web mode: ok(null).
   */
  pickPmtiles: 'basemap:pick-pmtiles',
  /**
   * What the app was started with: the command server `npm start` launched and the default street map it found
   * (Electron: from main; web: the web server's /config.json). ok({}) when there is nothing to say.
   */
  runtimeConfig: 'app:runtime-config',
  appInfo: 'app:info',
  /**
   * The briefing pack as a PDF. Electron: main asks where to save, renders the print view in a hidden window
   * (printToPDF with the marking/page-number templates) and writes the file atomically; ok(null) if the user cancels.
   * Web: opens the print view in a new tab and the browser's print dialog; `path` is then just the suggested name.
   */
  printPdf: 'pdf:print',
  /** Cancel the Electron PDF export in progress (nothing is written). Web: the print tab has its own Cancel button. */
  cancelPrintPdf: 'pdf:cancel',
  /**
   * The token saved for this one server, or ok(null) when none is (Electron: decrypted by main with safeStorage).
   * Tokens are only ever handed out one server at a time, for the URL asked; never a list.
   */
  getServerToken: 'secrets:get-server-token',
  /** Save this server's token (Electron refuses, with a message and nothing written, when it cannot encrypt it). */
  setServerToken: 'secrets:set-server-token',
  /** Forget this server's token (ok also when none was saved). */
  clearServerToken: 'secrets:clear-server-token',
  /**
   * One decision log as a PDF (Electron): main asks where to save, prints the log's print view (the verified copy kept
   * in IndexedDB) in a hidden window with printToPDF, and writes the file atomically; ok(null) if the user cancels.
   */
  printDecisionLogPdf: 'pdf:print-log',
} as const;

export type IpcMethod = keyof typeof IPC_METHODS;
export type IpcChannel = (typeof IPC_METHODS)[IpcMethod];

/** Main -> renderer: a native menu command for the renderer to run. */
export const MENU_COMMAND_CHANNEL = 'menu:command';
