/**
 * The IPC contract between the Electron main process and the renderer: one typed map (IPC_CHANNELS, below), channels
 * named `domain:verb`. The preload exposes exactly these as `window.desktop` (see electron/preload); main validates
 * every request with the zod schemas below before acting on it.
 */
import { z } from 'zod';
import { APP_COMMAND_IDS, type AppCommandId } from '../commands/appCommands';
import type { MENU_COMMAND_CHANNEL, IPC_METHODS, IpcChannel, IpcMethod } from './methods';

export { IPC_METHODS, MENU_COMMAND_CHANNEL, type IpcChannel, type IpcMethod } from './methods';

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

/**
 * File contents. Typed as any Uint8Array (z.instanceof would narrow it to an ArrayBuffer-backed one, which a Node
 * Buffer or a TextEncoder result does not type-check as), checked as one at run time.
 */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected the file contents as bytes (a Uint8Array)');

export const SaveFileRequest = z.object({
  title: z.string().max(200),
  defaultName: z.string().max(255),
  filters: z.array(FileFilter).max(20),
  data: Bytes,
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

export const PickedFile = z.object({ name: z.string(), data: Bytes });
export type PickedFile = z.infer<typeof PickedFile>;

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
export const PickedBasemap = z.object({ url: z.string(), name: z.string(), format: z.enum(['pmtiles', 'mbtiles']) });
export type PickedBasemap = z.infer<typeof PickedBasemap>;

export const AppInfo = z.object({ version: z.string(), platform: z.string() });
export type AppInfo = z.infer<typeof AppInfo>;

/** Largest file the main process will read for the renderer (bigger inputs are refused with a message). */
export const MAX_OPEN_FILE_BYTES = 200 * 1024 * 1024;

/** Commands the native menu can send; the renderer runs them. The list is the app command table (shared/commands). */
export const MENU_COMMANDS = APP_COMMAND_IDS;
export type MenuCommand = AppCommandId;

/** A Result<T> as a schema, so a handler's answer can be checked against the table (in tests). */
const resultOf = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: z.string() })]);

/** Channels that take no request: null (or nothing at all) and never anything else. */
export const NoRequest = z.null().optional();

const SavedPath = z.object({ path: z.string() }).nullable();
/** A PDF main made and wrote: its size and SHA-256 go into the audit trail's record of the export. */
const SavedPdf = z
  .object({
    path: z.string(),
    bytes: z.number().int().min(0).optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .nullable();

/**
 * The one IPC table: each channel's request and response schema. Main parses every request with it before a handler
 * runs (electron/ipc.ts) and the tests check every response against it; `DesktopApi` and the renderer's `Platform`
 * methods are derived from it (IpcMethods below). The channel names by method live in methods.ts (zod-free, for the
 * preload); `satisfies` keeps the two tables to exactly the same channels.
 */
export const IPC_CHANNELS = {
  'file:open': { request: OpenFileRequest, response: resultOf(PickedFile.nullable()) },
  'file:save': { request: SaveFileRequest, response: resultOf(SavedPath) },
  'basemap:pick-pmtiles': { request: NoRequest, response: resultOf(PickedBasemap.nullable()) },
  'app:runtime-config': { request: NoRequest, response: resultOf(RuntimeConfig) },
  'app:info': { request: NoRequest, response: resultOf(AppInfo) },
  'pdf:print': { request: PrintPdfRequest, response: resultOf(SavedPdf) },
  'pdf:cancel': { request: NoRequest, response: resultOf(z.null()) },
  'secrets:get-server-token': { request: ServerTokenRequest, response: resultOf(z.string().nullable()) },
  'secrets:set-server-token': { request: SetServerTokenRequest, response: resultOf(z.null()) },
  'secrets:clear-server-token': { request: ServerTokenRequest, response: resultOf(z.null()) },
  'pdf:print-log': { request: PrintLogPdfRequest, response: resultOf(SavedPdf) },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;

/** What a handler in main receives (parsed: defaults applied, strings trimmed). */
export type IpcRequest<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['request']>;
/** What the renderer may send on a channel. */
export type IpcRequestInput<C extends IpcChannel> = z.input<(typeof IPC_CHANNELS)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['response']>;

/** One bridge method: no argument for a channel that takes no request. */
export type IpcCall<C extends IpcChannel> = [IpcRequestInput<C>] extends [null | undefined]
  ? () => Promise<IpcResponse<C>>
  : (request: IpcRequestInput<C>) => Promise<IpcResponse<C>>;

/** The invoke methods of `window.desktop`, and of the renderer's Platform, derived from the two tables. */
export type IpcMethods = { [M in IpcMethod]: IpcCall<(typeof IPC_METHODS)[M]> };

/** Main -> renderer events. */
export interface IpcEvents {
  [MENU_COMMAND_CHANNEL]: MenuCommand;
}

/** What the preload exposes on `window.desktop`: the table's methods plus the menu command subscription. */
export interface DesktopApi extends IpcMethods {
  readonly kind: 'electron';
  /** Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
