/**
 * The IPC table (shared/ipc/contract.ts IPC_CHANNELS, with the method names in shared/ipc/methods.ts) against what
 * is built from it: every channel has a handler in main and a method on the preload bridge, and a malformed request
 * on any channel is refused with the one zod formatter's message before its handler runs.
 */
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type IpcChannel } from '../shared/ipc/contract';
import { formatZodError } from '../shared/util/zodError';
import { createDesktopApi } from './preload/api';
import { createIpcHandlers, registerIpcHandlers, type IpcDeps } from './ipc';

type Listener = (event: { trusted: boolean }, request: unknown) => Promise<unknown>;

const tableChannels = Object.keys(IPC_CHANNELS).sort();

/** Deps whose every entry records that it was used: a refused request must reach none of them. */
function recordingDeps() {
  const touched: string[] = [];
  const spy = (name: string) =>
    vi.fn(() => {
      touched.push(name);
      throw new Error(`${name} must not run for a refused request`);
    });
  const deps: IpcDeps<null> = {
    dialog: { showOpenDialog: spy('dialog.showOpenDialog'), showSaveDialog: spy('dialog.showSaveDialog') },
    fs: { stat: spy('fs.stat'), open: spy('fs.open'), rename: spy('fs.rename'), rm: spy('fs.rm') },
    tiles: { register: spy('tiles.register') },
    defaultSaveDir: spy('defaultSaveDir'),
    appInfo: spy('appInfo'),
    runtimeConfig: spy('runtimeConfig'),
    print: { render: spy('print.render'), renderLog: spy('print.renderLog'), cancel: spy('print.cancel') },
    serverTokens: { get: spy('serverTokens.get'), set: spy('serverTokens.set'), clear: spy('serverTokens.clear') },
  };
  return { deps, touched };
}

function registerAll() {
  const { deps, touched } = recordingDeps();
  const registered = new Map<string, Listener>();
  const log = vi.fn();
  registerIpcHandlers<{ trusted: boolean }, null>({ handle: (channel, listener) => registered.set(channel, listener) }, createIpcHandlers(deps), {
    isTrusted: (event) => event.trusted,
    windowOf: () => null,
    log,
  });
  return { registered, touched, log };
}

/**
 * One malformed request per channel and what its refusal must name. Keyed by the table's channels, so a channel
 * added to the table without a case here does not compile.
 */
const MALFORMED: Record<IpcChannel, { request: unknown; names: RegExp }> = {
  'file:open': { request: { title: 42, filters: [] }, names: /^Invalid request: title: / },
  'file:save': {
    request: { title: 'Export', defaultName: 'op.cordon', filters: [], data: 'not bytes' },
    names: /^Invalid request: data: Expected the file contents as bytes/,
  },
  'basemap:pick-pmtiles': { request: { path: '/etc/passwd' }, names: /^Invalid request: request: / },
  'app:runtime-config': { request: { serverUrl: 'http://127.0.0.1:4870' }, names: /^Invalid request: request: / },
  'app:info': { request: 'version please', names: /^Invalid request: request: / },
  'pdf:print': { request: { operationId: '', copy: 1, defaultName: 'pack.pdf' }, names: /^Invalid request: operationId: / },
  'pdf:cancel': { request: {}, names: /^Invalid request: request: / },
  'secrets:get-server-token': { request: { serverUrl: 'file:///etc/passwd' }, names: /^Invalid request: serverUrl: / },
  'secrets:set-server-token': {
    request: { serverUrl: 'http://127.0.0.1:4870', token: 'short' },
    names: /^Invalid request: token: A token has at least 8 characters\.$/,
  },
  'secrets:clear-server-token': { request: { serverUrl: ['http://127.0.0.1:4870', 'http://other.example'] }, names: /^Invalid request: serverUrl: / },
  'pdf:print-log': {
    request: { operationId: 'op-1', logId: 'control-room', marking: 'OFFICIAL', upTo: null, defaultName: 'log.pdf' },
    names: /^Invalid request: logId: a decision log is gold, silver or bronze-<name>/,
  },
};

describe('the IPC table', () => {
  it('has a handler in main for every channel, and main registers exactly the table', () => {
    expect(Object.keys(createIpcHandlers(recordingDeps().deps)).sort()).toEqual(tableChannels);
    expect([...registerAll().registered.keys()].sort()).toEqual(tableChannels);
  });

  it('has a preload method for every channel, each invoking its own channel', async () => {
    const invoked: string[] = [];
    const api = createDesktopApi({
      invoke: async (channel) => {
        invoked.push(channel);
        return { ok: true, value: null };
      },
      on: () => undefined,
      removeListener: () => undefined,
    });
    const methods = Object.entries(api).filter(([name]) => name !== 'kind' && name !== 'onMenuCommand');
    for (const [, method] of methods) await (method as (request?: unknown) => Promise<unknown>)({});
    expect(invoked.sort()).toEqual(tableChannels);
    expect(methods).toHaveLength(tableChannels.length);
  });

  it.each(tableChannels as IpcChannel[])('refuses a malformed %s request with the zod message, before its handler runs', async (channel) => {
    const { registered, touched, log } = registerAll();
    const { request, names } = MALFORMED[channel];
    const answer = await registered.get(channel)!({ trusted: true }, request);
    const zodError = IPC_CHANNELS[channel].request.safeParse(request).error;
    expect(zodError).toBeDefined();
    expect(answer).toEqual({ ok: false, error: `Invalid request: ${formatZodError(zodError!, { root: 'request' })}` });
    expect((answer as { error: string }).error).toMatch(names);
    expect(touched).toEqual([]);
    expect(log).not.toHaveBeenCalled();
  });
});
