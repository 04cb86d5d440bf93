import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as realFs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIpcHandlers, parseIpcRequests, registerIpcHandlers, sanitizeFileName, type DialogPort, type FsPort, type IpcDeps } from './ipc';

type Win = { id: number };
const nodeFs = realFs as unknown as FsPort;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fakeDialog(picks: { open?: string[] | null; save?: string | null } = {}) {
  const dialog: DialogPort<Win> & { openCalls: unknown[]; saveCalls: unknown[] } = {
    openCalls: [],
    saveCalls: [],
    showOpenDialog: async (parent, options) => {
      dialog.openCalls.push({ parent, options });
      return picks.open ? { canceled: false, filePaths: picks.open } : { canceled: true, filePaths: [] };
    },
    showSaveDialog: async (parent, options) => {
      dialog.saveCalls.push({ parent, options });
      return picks.save ? { canceled: false, filePath: picks.save } : { canceled: true, filePath: '' };
    },
  };
  return dialog;
}

function handlersWith(dialog: DialogPort<Win>, extra: Partial<IpcDeps<Win>> = {}) {
  const tiles = {
    register: vi.fn((file: string) => ({
      url: `app://cordon/tiles/abc/${path.basename(file)}`,
      name: path.basename(file),
      format: file.endsWith('.mbtiles') ? ('mbtiles' as const) : ('pmtiles' as const),
    })),
  };
  const raw = createIpcHandlers<Win>({
    dialog,
    tiles,
    defaultSaveDir: () => dir,
    appInfo: () => ({ version: '1.2.3', platform: 'linux' }),
    ...extra,
  });
  // Called as main calls them: the request parsed by the contract table first, and every answer checked against it.
  return { handlers: parseIpcRequests(raw, { checkResponses: true }), raw, tiles };
}

const window: Win = { id: 1 };
const openRequest = { title: 'Import', filters: [{ name: 'GeoJSON', extensions: ['geojson', 'json'] }] };
const saveRequest = (data: Uint8Array, defaultName = 'op.cordon') => ({
  title: 'Export',
  defaultName,
  filters: [{ name: 'Cordon', extensions: ['cordon'] }],
  data,
});

describe('file:open', () => {
  it('reads the picked file, with the window as the dialog parent', async () => {
    const file = path.join(dir, 'plan.geojson');
    await writeFile(file, '{"type":"FeatureCollection","features":[]}');
    const dialog = fakeDialog({ open: [file] });
    const { handlers } = handlersWith(dialog);
    const result = await handlers['file:open'](openRequest, { window });
    expect(result.ok).toBe(true);
    if (!result.ok || !result.value) throw new Error('expected a file');
    expect(result.value.name).toBe('plan.geojson');
    expect(result.value.data).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(result.value.data)).toContain('FeatureCollection');
    expect(dialog.openCalls[0]).toEqual({ parent: window, options: { ...openRequest, properties: ['openFile'] } });
  });

  it('gives ok(null) when the user cancels', async () => {
    const { handlers } = handlersWith(fakeDialog());
    expect(await handlers['file:open'](openRequest, { window: null })).toEqual({ ok: true, value: null });
  });

  it('refuses a file over the size cap without reading it', async () => {
    const file = path.join(dir, 'big.geojson');
    await writeFile(file, new Uint8Array(2048));
    const open = vi.fn(nodeFs.open);
    const { handlers } = handlersWith(fakeDialog({ open: [file] }), { maxOpenBytes: 1024, fs: { ...nodeFs, open } });
    const result = await handlers['file:open'](openRequest, { window });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/too large.*limit/);
    expect(open).not.toHaveBeenCalled();
  });

  it('refuses a file that grew past the cap after it was measured', async () => {
    const file = path.join(dir, 'growing.geojson');
    await writeFile(file, new Uint8Array(2048));
    const fs: FsPort = { ...nodeFs, stat: async () => ({ size: 10, isFile: () => true }) };
    const { handlers } = handlersWith(fakeDialog({ open: [file] }), { maxOpenBytes: 1024, fs });
    const result = await handlers['file:open'](openRequest, { window });
    expect(result.ok).toBe(false);
  });

  it('reads all of a file that grew (under the cap) after it was measured', async () => {
    const file = path.join(dir, 'growing.geojson');
    await writeFile(file, new Uint8Array(500).fill(1));
    const fs: FsPort = { ...nodeFs, stat: async () => ({ size: 10, isFile: () => true }) };
    const { handlers } = handlersWith(fakeDialog({ open: [file] }), { maxOpenBytes: 1024, fs });
    const result = await handlers['file:open'](openRequest, { window });
    expect(result.ok && result.value?.data.length).toBe(500);
  });

  it('reads a file exactly at the cap', async () => {
    const file = path.join(dir, 'exact.bin');
    await writeFile(file, new Uint8Array(1024).fill(7));
    const { handlers } = handlersWith(fakeDialog({ open: [file] }), { maxOpenBytes: 1024 });
    const result = await handlers['file:open'](openRequest, { window });
    expect(result.ok && result.value?.data.length).toBe(1024);
  });

  it('reports a file that vanished', async () => {
    const { handlers } = handlersWith(fakeDialog({ open: [path.join(dir, 'gone.kml')] }));
    expect(await handlers['file:open'](openRequest, { window })).toEqual({ ok: false, error: 'gone.kml no longer exists.' });
  });

  it.each([
    ['null', null],
    ['a string', 'open please'],
    ['missing filters', { title: 'x' }],
    ['a bad extension', { title: 'x', filters: [{ name: 'x', extensions: ['../../etc'] }] }],
    ['a huge title', { title: 'x'.repeat(1000), filters: [] }],
  ])('rejects %s without opening a dialog', async (_label, request) => {
    const dialog = fakeDialog({ open: ['/etc/passwd'] });
    const { handlers } = handlersWith(dialog);
    const result = await handlers['file:open'](request, { window });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Invalid request/);
    expect(dialog.openCalls).toHaveLength(0);
  });
});

describe('file:save', () => {
  const bytes = new TextEncoder().encode('new contents');

  it('writes the file where the user chose, starting in the default folder with a safe name', async () => {
    const target = path.join(dir, 'out.cordon');
    const dialog = fakeDialog({ save: target });
    const { handlers } = handlersWith(dialog);
    const result = await handlers['file:save'](saveRequest(bytes, '../Operation: Trafalgar?.cordon'), { window });
    expect(result).toEqual({ ok: true, value: { path: target } });
    expect(await readFile(target, 'utf8')).toBe('new contents');
    expect(await readdir(dir)).toEqual(['out.cordon']);
    const options = (dialog.saveCalls[0] as { options: { defaultPath: string } }).options;
    expect(path.dirname(options.defaultPath)).toBe(dir);
    expect(path.basename(options.defaultPath)).toBe('_Operation_ Trafalgar_.cordon');
  });

  it('gives ok(null) when the user cancels', async () => {
    const { handlers } = handlersWith(fakeDialog());
    expect(await handlers['file:save'](saveRequest(bytes), { window })).toEqual({ ok: true, value: null });
  });

  it('replaces an existing file', async () => {
    const target = path.join(dir, 'out.cordon');
    await writeFile(target, 'old contents');
    const { handlers } = handlersWith(fakeDialog({ save: target }));
    expect((await handlers['file:save'](saveRequest(bytes), { window })).ok).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('new contents');
  });

  it('leaves the earlier file intact and no temp file when the disk fills mid-write', async () => {
    const target = path.join(dir, 'out.cordon');
    await writeFile(target, 'old contents');
    const fs: FsPort = {
      ...nodeFs,
      open: async (file, flags) => {
        const handle = await nodeFs.open(file, flags);
        return {
          read: handle.read.bind(handle),
          sync: handle.sync.bind(handle),
          close: handle.close.bind(handle),
          writeFile: async (data) => {
            await handle.writeFile(data.slice(0, 3)); // a partial write, then the disk is full
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
        };
      },
    };
    const { handlers } = handlersWith(fakeDialog({ save: target }), { fs });
    const result = await handlers['file:save'](saveRequest(bytes), { window });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^The disk is full/);
    expect(await readFile(target, 'utf8')).toBe('old contents');
    expect(await readdir(dir)).toEqual(['out.cordon']);
  });

  it('leaves the earlier file intact when the final rename fails', async () => {
    const target = path.join(dir, 'out.cordon');
    await writeFile(target, 'old contents');
    const fs: FsPort = { ...nodeFs, rename: async () => Promise.reject(Object.assign(new Error('busy'), { code: 'EBUSY' })) };
    const { handlers } = handlersWith(fakeDialog({ save: target }), { fs });
    const result = await handlers['file:save'](saveRequest(bytes), { window });
    expect(result).toEqual({ ok: false, error: 'out.cordon is in use by another program.' });
    expect(await readFile(target, 'utf8')).toBe('old contents');
    expect(await readdir(dir)).toEqual(['out.cordon']);
  });

  it('reports a folder that is not writable', async () => {
    const { handlers } = handlersWith(fakeDialog({ save: path.join(dir, 'missing-folder', 'x.cordon') }));
    const result = await handlers['file:save'](saveRequest(bytes), { window });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/no longer exists/);
  });

  it.each([
    ['data as a plain array', { ...saveRequest(bytes), data: [1, 2, 3] }],
    ['data as a string', { ...saveRequest(bytes), data: 'abc' }],
    ['no data', { title: 'x', defaultName: 'x', filters: [] }],
    ['a huge name', saveRequest(bytes, 'x'.repeat(300))],
  ])('rejects %s without opening a dialog', async (_label, request) => {
    const dialog = fakeDialog({ save: path.join(dir, 'x') });
    const { handlers } = handlersWith(dialog);
    const result = await handlers['file:save'](request, { window });
    expect(result.ok).toBe(false);
    expect(dialog.saveCalls).toHaveLength(0);
  });
});

describe('basemap:pick-pmtiles', () => {
  it('registers a PMTiles archive and returns its URL', async () => {
    const file = path.join(dir, 'london.pmtiles');
    await writeFile(file, Buffer.concat([Buffer.from('PMTiles'), Buffer.from([3]), Buffer.alloc(120)]));
    const dialog = fakeDialog({ open: [file] });
    const { handlers, tiles } = handlersWith(dialog);
    const result = await handlers['basemap:pick-pmtiles'](null, { window });
    expect(result).toEqual({ ok: true, value: { url: 'app://cordon/tiles/abc/london.pmtiles', name: 'london.pmtiles', format: 'pmtiles' } });
    expect(tiles.register).toHaveBeenCalledWith(file);
    expect((dialog.openCalls[0] as { options: { filters: unknown } }).options.filters).toEqual([
      { name: 'Vector tile archives (PMTiles, MBTiles)', extensions: ['pmtiles', 'mbtiles'] },
    ]);
  });

  it('registers an MBTiles (SQLite) archive and refuses an .mbtiles file that is not SQLite', async () => {
    const file = path.join(dir, 'streets.mbtiles');
    await writeFile(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
    const { handlers } = handlersWith(fakeDialog({ open: [file] }));
    expect(await handlers['basemap:pick-pmtiles'](null, { window })).toMatchObject({ ok: true, value: { name: 'streets.mbtiles', format: 'mbtiles' } });
    const fake = path.join(dir, 'fake.mbtiles');
    await writeFile(fake, 'PMTiles, honestly');
    expect(await handlersWith(fakeDialog({ open: [fake] })).handlers['basemap:pick-pmtiles'](null, { window })).toEqual({
      ok: false,
      error: 'fake.mbtiles is not an MBTiles archive.',
    });
  });

  it('refuses a file that is not a PMTiles archive', async () => {
    const file = path.join(dir, 'fake.pmtiles');
    await writeFile(file, 'hello world');
    const { handlers, tiles } = handlersWith(fakeDialog({ open: [file] }));
    expect(await handlers['basemap:pick-pmtiles'](null, { window })).toEqual({ ok: false, error: 'fake.pmtiles is not a PMTiles archive.' });
    expect(tiles.register).not.toHaveBeenCalled();
  });

  it('gives ok(null) on cancel and rejects a non-null request', async () => {
    const { handlers } = handlersWith(fakeDialog());
    expect(await handlers['basemap:pick-pmtiles'](null, { window })).toEqual({ ok: true, value: null });
    expect((await handlers['basemap:pick-pmtiles']({ path: '/etc/passwd' }, { window })).ok).toBe(false);
  });
});

describe('app:runtime-config', () => {
  it('gives what main was started with, or an empty config, and rejects a request with content', async () => {
    const config = { serverUrl: 'http://127.0.0.1:4999', defaultBasemap: { archives: [{ url: 'app://cordon/data/central-london.pmtiles', name: 'x' }] } };
    expect(await handlersWith(fakeDialog(), { runtimeConfig: () => config }).handlers['app:runtime-config'](null, { window })).toEqual({
      ok: true,
      value: config,
    });
    expect(await handlersWith(fakeDialog()).handlers['app:runtime-config'](null, { window })).toEqual({ ok: true, value: {} });
    expect((await handlersWith(fakeDialog()).handlers['app:runtime-config']({ a: 1 }, { window })).ok).toBe(false);
  });
});

describe('app:info', () => {
  it('returns the version and platform', async () => {
    const { handlers } = handlersWith(fakeDialog());
    expect(await handlers['app:info'](null, { window })).toEqual({ ok: true, value: { version: '1.2.3', platform: 'linux' } });
    expect(await handlers['app:info'](undefined, { window })).toEqual({ ok: true, value: { version: '1.2.3', platform: 'linux' } });
  });
});

describe('registerIpcHandlers', () => {
  type Event = { trusted: boolean };
  function register(handlerOverride?: () => Promise<never>) {
    const registered = new Map<string, (event: Event, request: unknown) => Promise<unknown>>();
    const { raw: handlers } = handlersWith(fakeDialog());
    if (handlerOverride) handlers['app:info'] = handlerOverride;
    const log = vi.fn();
    registerIpcHandlers<Event, Win>({ handle: (channel, listener) => registered.set(channel, listener) }, handlers, {
      isTrusted: (event) => event.trusted,
      windowOf: () => window,
      log,
    });
    return { registered, log };
  }

  it('registers every channel of the contract', () => {
    expect([...register().registered.keys()].sort()).toEqual([
      'app:info',
      'app:runtime-config',
      'basemap:pick-pmtiles',
      'file:open',
      'file:save',
      'pdf:cancel',
      'pdf:print',
      'pdf:print-log',
      'secrets:clear-server-token',
      'secrets:get-server-token',
      'secrets:set-server-token',
    ]);
  });

  it('refuses untrusted senders before running the handler', async () => {
    const { registered } = register();
    const result = await registered.get('app:info')!({ trusted: false }, null);
    expect(result).toEqual({ ok: false, error: 'Refused: this request did not come from Cordon.' });
    expect(await registered.get('app:info')!({ trusted: true }, null)).toMatchObject({ ok: true });
  });

  it('refuses an untrusted sender on the token channels without touching the store', async () => {
    const registered = new Map<string, (event: Event, request: unknown) => Promise<unknown>>();
    const serverTokens = { get: vi.fn(), set: vi.fn(), clear: vi.fn() };
    const { raw: handlers } = handlersWith(fakeDialog(), { serverTokens });
    registerIpcHandlers<Event, Win>({ handle: (channel, listener) => registered.set(channel, listener) }, handlers, {
      isTrusted: (event) => event.trusted,
      windowOf: () => window,
    });
    const request = { serverUrl: 'http://127.0.0.1:4870', token: 'controller-secret' };
    for (const channel of ['secrets:get-server-token', 'secrets:set-server-token', 'secrets:clear-server-token']) {
      expect(await registered.get(channel)!({ trusted: false }, request)).toEqual({ ok: false, error: 'Refused: this request did not come from Cordon.' });
    }
    expect(serverTokens.get).not.toHaveBeenCalled();
    expect(serverTokens.set).not.toHaveBeenCalled();
    expect(serverTokens.clear).not.toHaveBeenCalled();
  });

  it('turns a thrown error into a Result and logs it', async () => {
    const { registered, log } = register(() => Promise.reject(new Error('boom')));
    expect(await registered.get('app:info')!({ trusted: true }, null)).toEqual({ ok: false, error: 'Something went wrong in Cordon. Please try again.' });
    expect(log).toHaveBeenCalled();
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['op.cordon', 'op.cordon'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\Windows\\x.kml', 'C_Windows_x.kml'],
    ['...', 'untitled'],
    ['', 'untitled'],
  ])('%s -> %s', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });
});

describe('pdf:print', () => {
  const request = { operationId: 'op-1', copy: 2, defaultName: 'Operation X v1.pdf' };

  it('asks where to save, renders, and writes the PDF', async () => {
    const target = path.join(dir, 'pack.pdf');
    const render = vi.fn(async () => ({ ok: true as const, value: new TextEncoder().encode('%PDF-1.7 pack') }));
    const { handlers } = handlersWith(fakeDialog({ save: target }), { print: { render, cancel: vi.fn(), renderLog: vi.fn() } });
    const result = await handlers['pdf:print'](request, { window });
    // Size and SHA-256 of the bytes written, for the audit trail's record of the export.
    const sha256 = createHash('sha256').update('%PDF-1.7 pack').digest('hex');
    expect(result).toEqual({ ok: true, value: { path: target, bytes: 13, sha256 } });
    expect(render).toHaveBeenCalledWith({ operationId: 'op-1', copy: 2 });
    expect(new TextDecoder().decode(await readFile(target))).toBe('%PDF-1.7 pack');
  });

  it('a failed or cancelled render writes nothing, and leaves an existing file untouched', async () => {
    const target = path.join(dir, 'kept.pdf');
    await writeFile(target, 'old');
    const render = vi.fn(async () => ({ ok: false as const, error: 'Export cancelled. No file was written.' }));
    const { handlers } = handlersWith(fakeDialog({ save: target }), { print: { render, cancel: vi.fn(), renderLog: vi.fn() } });
    const result = await handlers['pdf:print'](request, { window });
    expect(result.ok).toBe(false);
    expect(await readFile(target, 'utf8')).toBe('old');
    expect((await readdir(dir)).filter((f) => f.includes('kept.pdf') && f.endsWith('.tmp'))).toEqual([]);
  });

  it('does not render when the user cancels the dialog, and refuses a bad request', async () => {
    const render = vi.fn();
    const { handlers } = handlersWith(fakeDialog({}), { print: { render, cancel: vi.fn(), renderLog: vi.fn() } });
    expect(await handlers['pdf:print'](request, { window })).toEqual({ ok: true, value: null });
    expect(render).not.toHaveBeenCalled();
    expect((await handlers['pdf:print']({ operationId: '', copy: 0, defaultName: 'x' }, { window })).ok).toBe(false);
  });
});

describe('pdf:print-log', () => {
  const request = {
    operationId: 'op-1',
    logId: 'silver',
    marking: 'OFFICIAL-SENSITIVE',
    upTo: '2026-08-30T12:00:00.000Z',
    defaultName: 'op-1 Silver decision log.pdf',
  };

  it('asks where to save, prints the log the briefing pack way, and writes the PDF', async () => {
    const target = path.join(dir, 'silver.pdf');
    const renderLog = vi.fn(async () => ({ ok: true as const, value: new TextEncoder().encode('%PDF-1.7 log') }));
    const dialog = fakeDialog({ save: target });
    const { handlers } = handlersWith(dialog, { print: { render: vi.fn(), cancel: vi.fn(), renderLog } });
    const sha256 = createHash('sha256').update('%PDF-1.7 log').digest('hex');
    expect(await handlers['pdf:print-log'](request, { window })).toEqual({ ok: true, value: { path: target, bytes: 12, sha256 } });
    expect(renderLog).toHaveBeenCalledWith({ operationId: 'op-1', logId: 'silver', marking: 'OFFICIAL-SENSITIVE', upTo: '2026-08-30T12:00:00.000Z' });
    expect(new TextDecoder().decode(await readFile(target))).toBe('%PDF-1.7 log');
  });

  it('refuses the control-room log, a marking it does not know and a bad time, naming the field, before asking anything', async () => {
    const renderLog = vi.fn();
    const { handlers } = handlersWith(fakeDialog({ save: path.join(dir, 'x.pdf') }), { print: { render: vi.fn(), cancel: vi.fn(), renderLog } });
    const bad = [{ logId: 'control-room' }, { marking: 'SECRET' }, { upTo: 'noon' }];
    for (const b of bad) {
      const r = await handlers['pdf:print-log']({ ...request, ...b }, { window });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toContain(Object.keys(b)[0]);
    }
    expect(renderLog).not.toHaveBeenCalled();
  });

  it('a failed print writes nothing', async () => {
    const target = path.join(dir, 'kept-log.pdf');
    await writeFile(target, 'old');
    const renderLog = vi.fn(async () => ({ ok: false as const, error: 'The decision log could not be made: not kept' }));
    const { handlers } = handlersWith(fakeDialog({ save: target }), { print: { render: vi.fn(), cancel: vi.fn(), renderLog } });
    expect(await handlers['pdf:print-log'](request, { window })).toEqual({ ok: false, error: 'The decision log could not be made: not kept' });
    expect(await readFile(target, 'utf8')).toBe('old');
  });
});

describe('secrets:*-server-token', () => {
  const url = 'http://127.0.0.1:4870';
  function withStore() {
    const serverTokens = {
      get: vi.fn(async (_url: string) => ({ ok: true as const, value: 'controller-secret' as string | null })),
      set: vi.fn(async (_url: string, _token: string) => ({ ok: true as const, value: null })),
      clear: vi.fn(async (_url: string) => ({ ok: true as const, value: null })),
    };
    const { handlers } = handlersWith(fakeDialog(), { serverTokens });
    return { handlers, serverTokens };
  }

  it('gets, sets and clears the token of the one server asked', async () => {
    const { handlers, serverTokens } = withStore();
    expect(await handlers['secrets:get-server-token']({ serverUrl: url }, { window })).toEqual({ ok: true, value: 'controller-secret' });
    expect(serverTokens.get).toHaveBeenCalledWith(url);
    expect(await handlers['secrets:set-server-token']({ serverUrl: url, token: '  controller-secret ' }, { window })).toEqual({ ok: true, value: null });
    expect(serverTokens.set).toHaveBeenCalledWith(url, 'controller-secret');
    expect(await handlers['secrets:clear-server-token']({ serverUrl: url }, { window })).toEqual({ ok: true, value: null });
    expect(serverTokens.clear).toHaveBeenCalledWith(url);
  });

  it('passes the store’s refusal back as a Result', async () => {
    const { handlers, serverTokens } = withStore();
    serverTokens.set.mockResolvedValueOnce({ ok: false, error: 'The token was not saved: encryption is not available on this computer.' } as never);
    expect(await handlers['secrets:set-server-token']({ serverUrl: url, token: 'controller-secret' }, { window })).toEqual({
      ok: false,
      error: 'The token was not saved: encryption is not available on this computer.',
    });
  });

  it.each([
    ['null (a request for every token)', null],
    ['an empty object', {}],
    ['a wildcard', { serverUrl: '*' }],
    ['a list of servers', { serverUrl: [url, 'https://other.example'] }],
    ['a file URL', { serverUrl: 'file:///etc/passwd' }],
    ['a javascript: URL', { serverUrl: 'javascript:alert(1)' }],
    ['a huge URL', { serverUrl: `http://x.example/${'a'.repeat(2100)}` }],
  ])('get and clear reject %s without touching the store', async (_label, request) => {
    const { handlers, serverTokens } = withStore();
    for (const channel of ['secrets:get-server-token', 'secrets:clear-server-token'] as const) {
      const result = await handlers[channel](request, { window });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/^Invalid request/);
    }
    expect(serverTokens.get).not.toHaveBeenCalled();
    expect(serverTokens.clear).not.toHaveBeenCalled();
  });

  it.each([
    ['a short token', { serverUrl: url, token: 'short' }, /token: A token has at least 8 characters/],
    ['no token', { serverUrl: url }, /token/],
    ['a token that is not a string', { serverUrl: url, token: 12345678 }, /token/],
    ['a huge token', { serverUrl: url, token: 'x'.repeat(501) }, /token/],
    ['a bad URL', { serverUrl: 'not a url', token: 'controller-secret' }, /serverUrl/],
  ])('set rejects %s without touching the store, and does not echo the token', async (_label, request, message) => {
    const { handlers, serverTokens } = withStore();
    const result = await handlers['secrets:set-server-token'](request, { window });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain('controller-secret');
    }
    expect(serverTokens.set).not.toHaveBeenCalled();
  });

  it('says tokens are unavailable when no store is wired', async () => {
    const { handlers } = handlersWith(fakeDialog());
    expect((await handlers['secrets:get-server-token']({ serverUrl: url }, { window })).ok).toBe(false);
    expect((await handlers['secrets:set-server-token']({ serverUrl: url, token: 'controller-secret' }, { window })).ok).toBe(false);
    expect((await handlers['secrets:clear-server-token']({ serverUrl: url }, { window })).ok).toBe(false);
  });
});
