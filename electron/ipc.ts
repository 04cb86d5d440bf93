/**
 * The main-process side of the IPC contract (shared/ipc/contract.ts). The request on every channel is parsed once,
 * with the contract table's schema, before its handler runs (parseIpcRequests); handlers take the parsed request and
 * return a Result: nothing is thrown across the boundary. Dialogs and the file system are
 * injected, so the handlers are unit-tested in plain Node; main.ts passes Electron's dialog and node:fs/promises.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { formatZodError } from '../shared/util/zodError';
import {
  IPC_CHANNELS,
  MAX_OPEN_FILE_BYTES,
  type FileFilter,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type RuntimeConfig,
} from '../shared/ipc/contract';
import { err, ok, type Result } from '../shared/util/result';
import type { ProtectiveMarking } from '../shared/domain/enums';

// ---- ports ------------------------------------------------------------------------------------------------------

/** Electron's dialog, bound to a parent window by the adapter. */
export interface DialogPort<W> {
  showOpenDialog(
    parent: W | null,
    options: { title: string; filters: FileFilter[]; properties: Array<'openFile'> },
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(
    parent: W | null,
    options: { title: string; defaultPath: string; filters: FileFilter[] },
  ): Promise<{ canceled: boolean; filePath?: string | undefined }>;
}

export interface FileHandlePort {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The slice of node:fs/promises the handlers use. */
export interface FsPort {
  stat(file: string): Promise<{ size: number; isFile(): boolean }>;
  open(file: string, flags: 'r' | 'wx'): Promise<FileHandlePort>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: true }): Promise<void>;
}

/** Registers local PMTiles and MBTiles files for serving (protocol.ts TileRegistry). */
export interface TilesPort {
  register(filePath: string): { url: string; name: string; format: 'pmtiles' | 'mbtiles' };
}

/**
 * Renders the briefing pack's print view to PDF bytes (the Electron adapter, electron/printPdf.ts: a hidden sandboxed
 * window from createSecureWindow, printToPDF with the shared header/footer templates). `cancel` aborts a render in
 * progress, which then resolves to an error.
 */
export interface PrintPort {
  render(request: { operationId: string; copy: number | null }): Promise<Result<Uint8Array>>;
  cancel(): void;
  /** One decision log, from its print view (`#/print-log/...`), which prints the verified copy kept in IndexedDB. */
  renderLog(request: { operationId: string; logId: string; marking: ProtectiveMarking; upTo: string | null }): Promise<Result<Uint8Array>>;
}

/** The encrypted per-server token store (serverTokens.ts). */
export interface ServerTokensPort {
  get(serverUrl: string): Promise<Result<string | null>>;
  set(serverUrl: string, token: string): Promise<Result<null>>;
  clear(serverUrl: string): Promise<Result<null>>;
}

export interface IpcDeps<W> {
  dialog: DialogPort<W>;
  fs?: FsPort;
  tiles: TilesPort;
  /** Folder the save dialog starts in (the user's documents). */
  defaultSaveDir: () => string;
  appInfo: () => { version: string; platform: string };
  maxOpenBytes?: number;
  print?: PrintPort;
  serverTokens?: ServerTokensPort;
  /** The command server and default basemap this run was started with (runtimeConfig.ts). */
  runtimeConfig?: () => RuntimeConfig;
}

export interface IpcContext<W> {
  /** The window that asked (parent for dialogs). */
  window: W | null;
}

/** One handler per channel of the contract table, each taking that channel's parsed request. */
export type IpcHandlers<W> = {
  [C in IpcChannel]: (request: IpcRequest<C>, context: IpcContext<W>) => Promise<IpcResponse<C>>;
};

/** The same channels taking the raw request off the wire: what registerIpcHandlers hands to ipcMain. */
export type RawIpcHandlers<W> = {
  [C in IpcChannel]: (request: unknown, context: IpcContext<W>) => Promise<IpcResponse<C>>;
};

// ---- helpers ----------------------------------------------------------------------------------------------------

/** The refusal a malformed request gets: the one zod formatter, naming what is wrong. */
export const describeInvalidRequest = (error: { readonly issues: Parameters<typeof formatZodError>[0]['issues'] }): string =>
  `Invalid request: ${formatZodError(error, { root: 'request' })}`;

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;

const formatMb = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** A message a planner can act on, for a failed read or write. */
export function describeFsError(error: unknown, action: 'read' | 'save', file: string): string {
  const name = path.basename(file);
  switch (errorCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `The disk is full: ${name} was not saved. Free some space and try again.`;
    case 'EACCES':
    case 'EPERM':
      return action === 'save' ? `Cordon is not allowed to save in that folder (${path.dirname(file)}).` : `Cordon is not allowed to read ${name}.`;
    case 'EROFS':
      return `That disk is read-only: ${name} was not saved.`;
    case 'ENOENT':
      return action === 'save' ? `That folder no longer exists (${path.dirname(file)}).` : `${name} no longer exists.`;
    case 'EISDIR':
      return `${name} is a folder, not a file.`;
    case 'EBUSY':
      return `${name} is in use by another program.`;
    default:
      return action === 'save'
        ? `Could not save ${name} (${errorCode(error) ?? 'unknown error'}).`
        : `Could not read ${name} (${errorCode(error) ?? 'unknown error'}).`;
  }
}

/** Read a whole file, refusing files larger than maxBytes (checked before and while reading). */
export async function readFileCapped(fs: FsPort, file: string, maxBytes: number): Promise<Result<Uint8Array>> {
  let info;
  try {
    info = await fs.stat(file);
  } catch (error) {
    return err(describeFsError(error, 'read', file));
  }
  if (!info.isFile()) return err(`${path.basename(file)} is not a file.`);
  if (info.size > maxBytes) {
    return err(`${path.basename(file)} is too large to open (${formatMb(info.size)}; the limit is ${formatMb(maxBytes)}).`);
  }
  let handle: FileHandlePort | undefined;
  try {
    handle = await fs.open(file, 'r');
    // Read until end of file, growing the buffer if the file grew since stat, and never beyond maxBytes + 1 bytes.
    let buffer = new Uint8Array(Math.min(info.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) return err(`${path.basename(file)} is too large to open (the limit is ${formatMb(maxBytes)}).`);
        const grown = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
        grown.set(buffer);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes) return err(`${path.basename(file)} is too large to open (the limit is ${formatMb(maxBytes)}).`);
    return ok(buffer.slice(0, total));
  } catch (error) {
    return err(describeFsError(error, 'read', file));
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Write a file atomically: write and fsync a temp file in the same folder, then rename it over the target.
 * On any failure the temp file is removed and an existing target is untouched.
 */
/** A written PDF's path with its size and SHA-256, for the audit trail's record of the export (renderer/features/exports). */
function writtenPdf(written: Result<{ path: string }>, pdf: Uint8Array): Result<{ path: string; bytes: number; sha256: string }> {
  if (!written.ok) return written;
  return ok({ ...written.value, bytes: pdf.byteLength, sha256: createHash('sha256').update(pdf).digest('hex') });
}

export async function writeFileAtomic(fs: FsPort, file: string, data: Uint8Array): Promise<Result<{ path: string }>> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandlePort | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, file);
    return ok({ path: file });
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    return err(describeFsError(error, 'save', file));
  }
}

/** A safe file name for the save dialog's default (no folders, no control or reserved characters). */
export function sanitizeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned.slice(0, 200) || 'untitled';
}

const PMTILES_MAGIC = 'PMTiles';
/** Every SQLite database (and so every MBTiles archive) starts with these 16 bytes. */
const SQLITE_MAGIC = 'SQLite format 3\0';

// ---- handlers ---------------------------------------------------------------------------------------------------

export function createIpcHandlers<W>(deps: IpcDeps<W>): IpcHandlers<W> {
  const fs = deps.fs ?? (nodeFs as unknown as FsPort);
  const maxOpenBytes = deps.maxOpenBytes ?? MAX_OPEN_FILE_BYTES;

  return {
    'file:open': async (request, { window }) => {
      const picked = await deps.dialog.showOpenDialog(window, { title: request.title, filters: request.filters, properties: ['openFile'] });
      const file = picked.filePaths[0];
      if (picked.canceled || !file) return ok(null);
      const data = await readFileCapped(fs, file, maxOpenBytes);
      if (!data.ok) return data;
      return ok({ name: path.basename(file), data: data.value });
    },

    'file:save': async (request, { window }) => {
      const { title, defaultName, filters, data } = request;
      const picked = await deps.dialog.showSaveDialog(window, {
        title,
        defaultPath: path.join(deps.defaultSaveDir(), sanitizeFileName(defaultName)),
        filters,
      });
      if (picked.canceled || !picked.filePath) return ok(null);
      return writeFileAtomic(fs, picked.filePath, data);
    },

    'basemap:pick-pmtiles': async (_none, { window }) => {
      const picked = await deps.dialog.showOpenDialog(window, {
        title: 'Choose an offline basemap',
        filters: [{ name: 'Vector tile archives (PMTiles, MBTiles)', extensions: ['pmtiles', 'mbtiles'] }],
        properties: ['openFile'],
      });
      const file = picked.filePaths[0];
      if (picked.canceled || !file) return ok(null);
      let handle: FileHandlePort | undefined;
      try {
        handle = await fs.open(file, 'r');
        const mbtiles = file.toLowerCase().endsWith('.mbtiles');
        const magic = mbtiles ? SQLITE_MAGIC : PMTILES_MAGIC;
        const head = new Uint8Array(magic.length);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        if (bytesRead < head.length || new TextDecoder().decode(head) !== magic) {
          return err(`${path.basename(file)} is not ${mbtiles ? 'an MBTiles' : 'a PMTiles'} archive.`);
        }
      } catch (error) {
        return err(describeFsError(error, 'read', file));
      } finally {
        await handle?.close().catch(() => undefined);
      }
      const { url, name, format } = deps.tiles.register(file);
      return ok({ url, name, format });
    },

    'pdf:print': async (request, { window }) => {
      if (!deps.print) return err('PDF export is not available.');
      const picked = await deps.dialog.showSaveDialog(window, {
        title: 'Save the briefing pack',
        defaultPath: path.join(deps.defaultSaveDir(), sanitizeFileName(request.defaultName)),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (picked.canceled || !picked.filePath) return ok(null);
      // Render completely first; only a finished PDF is written (atomically), so a failure leaves no partial file.
      const pdf = await deps.print.render({ operationId: request.operationId, copy: request.copy });
      if (!pdf.ok) return pdf;
      return writtenPdf(await writeFileAtomic(fs, picked.filePath, pdf.value), pdf.value);
    },

    'pdf:cancel': async () => {
      deps.print?.cancel();
      return ok(null);
    },

    // Server tokens: one server per request (the URL asked), never a list; the store encrypts with safeStorage.
    'secrets:get-server-token': async (request) => {
      if (!deps.serverTokens) return err('Saved server tokens are not available.');
      return deps.serverTokens.get(request.serverUrl);
    },

    'secrets:set-server-token': async (request) => {
      if (!deps.serverTokens) return err('Saved server tokens are not available: the token was not saved.');
      return deps.serverTokens.set(request.serverUrl, request.token);
    },

    'secrets:clear-server-token': async (request) => {
      if (!deps.serverTokens) return err('Saved server tokens are not available.');
      return deps.serverTokens.clear(request.serverUrl);
    },

    'app:runtime-config': async () => {
      return ok(deps.runtimeConfig?.() ?? {});
    },

    'app:info': async () => {
      return ok(deps.appInfo());
    },

    // The decision log goes the briefing pack's way: a hidden window of the app's own origin and printToPDF. The
    // renderer's frame-based print (web mode) is not used here: the app's CSP keeps frame-src 'none'.
    'pdf:print-log': async (request, { window }) => {
      if (!deps.print) return err('PDF export is not available.');
      const picked = await deps.dialog.showSaveDialog(window, {
        title: 'Save the decision log',
        defaultPath: path.join(deps.defaultSaveDir(), sanitizeFileName(request.defaultName)),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (picked.canceled || !picked.filePath) return ok(null);
      const { operationId, logId, marking, upTo } = request;
      const pdf = await deps.print.renderLog({ operationId, logId, marking, upTo });
      if (!pdf.ok) return pdf;
      return writtenPdf(await writeFileAtomic(fs, picked.filePath, pdf.value), pdf.value);
    },
  };
}

// ---- registration -----------------------------------------------------------------------------------------------

export interface IpcMainPort<E> {
  handle(channel: string, listener: (event: E, request: unknown) => Promise<unknown>): void;
}

export interface RegisterOptions<E, W> {
  /** The sender check (security.isTrustedSender on event.senderFrame). */
  isTrusted: (event: E) => boolean;
  windowOf: (event: E) => W | null;
  /** Where unexpected errors are reported (never to the renderer in full). */
  log?: (message: string, error: unknown) => void;
}

export interface ParseOptions {
  /**
   * Also check each handler's answer against the table (tests): an answer outside its schema throws, naming the
   * channel, instead of reaching the renderer. Off in the app, where the handlers' types already say it.
   */
  checkResponses?: boolean;
}

/**
 * The handlers behind the one parse step: each request is parsed with its channel's schema from the contract table
 * (IPC_CHANNELS) and refused, with the zod message, before its handler runs.
 */
export function parseIpcRequests<W>(handlers: IpcHandlers<W>, options: ParseOptions = {}): RawIpcHandlers<W> {
  const wrap = <C extends IpcChannel>(channel: C) => {
    const schemas = IPC_CHANNELS[channel];
    // The generic lookup loses the pairing of handler and schema for one C; the table's types keep it per channel.
    const handler = handlers[channel] as unknown as (request: unknown, context: IpcContext<W>) => Promise<IpcResponse<C>>;
    return async (raw: unknown, context: IpcContext<W>): Promise<IpcResponse<C>> => {
      const parsed = schemas.request.safeParse(raw);
      if (!parsed.success) return err(describeInvalidRequest(parsed.error)) as IpcResponse<C>;
      const response = await handler(parsed.data, context);
      if (options.checkResponses) {
        const checked = schemas.response.safeParse(response);
        if (!checked.success) throw new Error(`IPC ${channel} answered outside its schema: ${formatZodError(checked.error, { root: 'response' })}`);
      }
      return response;
    };
  };
  const raw: Partial<Record<IpcChannel, unknown>> = {};
  for (const channel of Object.keys(IPC_CHANNELS) as IpcChannel[]) raw[channel] = wrap(channel);
  return raw as RawIpcHandlers<W>;
}

/** Wrap each handler with the sender check, the request parse and a last-resort catch, and register it. */
export function registerIpcHandlers<E, W>(ipcMain: IpcMainPort<E>, handlers: IpcHandlers<W>, options: RegisterOptions<E, W> & ParseOptions): void {
  const parsing = parseIpcRequests(handlers, options);
  for (const channel of Object.keys(parsing) as IpcChannel[]) {
    const handler = parsing[channel] as (request: unknown, context: IpcContext<W>) => Promise<Result<unknown>>;
    ipcMain.handle(channel, async (event, request): Promise<Result<unknown>> => {
      if (!options.isTrusted(event)) return err('Refused: this request did not come from Cordon.');
      try {
        return await handler(request, { window: options.windowOf(event) });
      } catch (error) {
        options.log?.(`IPC ${channel} failed`, error);
        return err('Something went wrong in Cordon. Please try again.');
      }
    });
  }
}
