/**
 * The IPC contract between the Electron main process and the renderer: one typed map, channels named `domain:verb`.
 * The preload exposes exactly these as `window.desktop` (see electron/preload); main validates every request with the
 * zod schemas below before acting on it.
 */
import { z } from 'zod';
import type { Result } from '../util/result';
import { APP_COMMAND_IDS, type AppCommandId } from '../commands/appCommands';

export const FileFilter = z.object({
  name: z.string().max(100),
  extensions: z.array(z.string().regex(/^[a-z0-9*]{1,10}$/i)).max(20),
});
export type FileFilter = z.infer<typeof FileFilter>;

export const OpenFileRequest = z.object({
  title: z.string().max(200),
  filters: z.array(FileFilter).max(20),
});
export type OpenFileRequest = z.infer<typeof OpenFileRequest>;

export const SaveFileRequest = z.object({
  title: z.string().max(200),
  defaultName: z.string().max(255),
  filters: z.array(FileFilter).max(20),
  data: z.instanceof(Uint8Array),
});
export type SaveFileRequest = z.infer<typeof SaveFileRequest>;

/** Make the briefing pack PDF of an operation: main renders the print view in a hidden window and saves the file. */
export const PrintPdfRequest = z.object({
  operationId: z.string().min(1).max(100),
  copy: z.number().int().min(1).max(9999).nullable(),
  defaultName: z.string().max(255),
});
export type PrintPdfRequest = z.infer<typeof PrintPdfRequest>;

/** Make one decision log's PDF: main prints the log's print view (the verified copy kept in IndexedDB) and saves it. */
export const PrintLogPdfRequest = z.object({
  operationId: z.string().min(1).max(100),
  logId: z.string().regex(/^(gold|silver|bronze-[a-z0-9][a-z0-9-]{0,39})$/, 'a decision log is gold, silver or bronze-<name>'),
  marking: z.enum(['OFFICIAL', 'OFFICIAL-SENSITIVE']),
  upTo: z.iso.datetime({ offset: true }).nullable(),
  defaultName: z.string().max(255),
});
export type PrintLogPdfRequest = z.infer<typeof PrintLogPdfRequest>;

export interface PickedFile {
  name: string;
  data: Uint8Array;
}

/** A command server's address, as in Settings: a full http(s) URL. */
export const ServerUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** A command server token (a secret: never in settings, never in localStorage). */
export const ServerToken = z.string().trim().min(8, 'A token has at least 8 characters.').max(500);

/** Ask for, or forget, the token of one server. There is deliberately no request for all of them. */
export const ServerTokenRequest = z.object({ serverUrl: ServerUrl });
export type ServerTokenRequest = z.infer<typeof ServerTokenRequest>;

export const SetServerTokenRequest = z.object({ serverUrl: ServerUrl, token: ServerToken });
export type SetServerTokenRequest = z.infer<typeof SetServerTokenRequest>;

/**
 * The one key a server's token is kept under, in both modes: origin plus path, without a trailing slash, query or
 * fragment, so `http://127.0.0.1:4870/` and `http://127.0.0.1:4870` share a token and no other server ever gets it.
 * Throws on a string that is not a URL (callers pass a parsed ServerUrl).
 */
export function serverTokenKey(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** One offline vector tile archive (PMTiles) of the default basemap: a URL the renderer can read by range. */
export const RuntimeBasemapArchive = z.object({ url: z.string().min(1).max(2000), name: z.string().max(300) });
export type RuntimeBasemapArchive = z.infer<typeof RuntimeBasemapArchive>;

/**
 * What the process that started the app knows and the renderer cannot: the command server it started (which may not
 * be on the default port) and the offline street map it found (e.g. ../shared/data). Web mode reads it from the web
 * server's /config.json, Electron from main ('app:runtime-config'); both parse it with this schema. Empty when
 * nothing was started or found: the app then uses its built-in defaults.
 */
export const RuntimeConfig = z.object({
  serverUrl: ServerUrl.optional(),
  /** Archives of the default street basemap, drawn in order: an overview first, the detailed map last (on top). */
  defaultBasemap: z.object({ archives: z.array(RuntimeBasemapArchive).min(1).max(4) }).optional(),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

/** A local basemap file the user picked: PMTiles is read by range, MBTiles is served tile by tile (with a TileJSON). */
export interface PickedBasemap {
  url: string;
  name: string;
  format: 'pmtiles' | 'mbtiles';
}

/** Largest file the main process will read for the renderer (bigger inputs are refused with a message). */
export const MAX_OPEN_FILE_BYTES = 200 * 1024 * 1024;

/** Commands the native menu can send; the renderer runs them. The list is the app command table (shared/commands). */
export const MENU_COMMANDS = APP_COMMAND_IDS;
export type MenuCommand = AppCommandId;

/** The channels and their request/response types. */
export interface IpcChannels {
  'file:open': { request: OpenFileRequest; response: Result<PickedFile | null> };
  'file:save': { request: SaveFileRequest; response: Result<{ path: string } | null> };
  /**
   * Pick a local .pmtiles or .mbtiles file; main serves it under app://cordon/tiles/<token>/ and returns that URL
   * (for MBTiles, the URL of its TileJSON).
   */
  'basemap:pick-pmtiles': { request: null; response: Result<PickedBasemap | null> };
  /** The command server and default basemap the app was started with (see RuntimeConfig). */
  'app:runtime-config': { request: null; response: Result<RuntimeConfig> };
  'app:info': { request: null; response: Result<{ version: string; platform: string }> };
  /** Ask where to save, render the pack (hidden window, printToPDF), write it atomically. ok(null) if the user cancels. */
  'pdf:print': { request: PrintPdfRequest; response: Result<{ path: string } | null> };
  /** Cancel the PDF export in progress (nothing is written). */
  'pdf:cancel': { request: null; response: Result<null> };
  /**
   * The token saved for this one server (decrypted by main with safeStorage), or ok(null) when none is saved.
   * Tokens are only ever handed out one server at a time, for the URL asked.
   */
  'secrets:get-server-token': { request: ServerTokenRequest; response: Result<string | null> };
  /** Save a server's token, encrypted with safeStorage; refused (nothing written) when encryption is unavailable. */
  'secrets:set-server-token': { request: SetServerTokenRequest; response: Result<null> };
  /** Forget a server's token. ok(null) also when none was saved. */
  'secrets:clear-server-token': { request: ServerTokenRequest; response: Result<null> };
  /** Ask where to save, print the decision log's print view (hidden window, printToPDF), write it atomically. */
  'pdf:print-log': { request: PrintLogPdfRequest; response: Result<{ path: string } | null> };
}
export type IpcChannel = keyof IpcChannels;

/** Main -> renderer events. */
export interface IpcEvents {
  'menu:command': MenuCommand;
}

/** What the preload exposes on `window.desktop`. */
export interface DesktopApi {
  readonly kind: 'electron';
  openFile(request: OpenFileRequest): Promise<Result<PickedFile | null>>;
  saveFile(request: SaveFileRequest): Promise<Result<{ path: string } | null>>;
  pickPmtiles(): Promise<Result<PickedBasemap | null>>;
  runtimeConfig(): Promise<Result<RuntimeConfig>>;
  appInfo(): Promise<Result<{ version: string; platform: string }>>;
  printPdf(request: PrintPdfRequest): Promise<Result<{ path: string } | null>>;
  cancelPrintPdf(): Promise<Result<null>>;
  getServerToken(request: ServerTokenRequest): Promise<Result<string | null>>;
  setServerToken(request: SetServerTokenRequest): Promise<Result<null>>;
  clearServerToken(request: ServerTokenRequest): Promise<Result<null>>;
  /** Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  printDecisionLogPdf(request: PrintLogPdfRequest): Promise<Result<{ path: string } | null>>;
}
