import { describe, expect, it, vi } from 'vitest';
import { MAX_OPEN_FILE_BYTES } from '../../shared/ipc/contract';
import {
  acceptAttribute,
  checkFileSize,
  createWebPlatform,
  downloadMimeType,
  readPickedFile,
  sanitizeDownloadName,
  type FileLike,
  type WebEnvironment,
} from './web';

const file = (name: string, bytes: Uint8Array, size = bytes.length): FileLike => ({
  name,
  size,
  arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
});

/** A fake document that records the elements web.ts creates. */
function fakeEnv() {
  const created: Array<Record<string, unknown> & { listeners: Map<string, () => void> }> = [];
  const body = { children: new Set<unknown>(), append: (el: unknown) => body.children.add(el) };
  const env = {
    document: {
      body,
      createElement: (tag: string) => {
        const el = {
          tag,
          style: {},
          attributes: {} as Record<string, string>,
          listeners: new Map<string, () => void>(),
          files: null as FileLike[] | null,
          clicked: 0,
          setAttribute(name: string, value: string) {
            el.attributes[name] = value;
          },
          addEventListener(name: string, listener: () => void) {
            el.listeners.set(name, listener);
          },
          click() {
            el.clicked += 1;
          },
          remove() {
            body.children.delete(el);
          },
        };
        created.push(el as never);
        return el;
      },
    },
    createObjectURL: vi.fn((_blob: Blob) => 'blob:cordon/1'),
    revokeObjectURL: vi.fn(),
    setTimeout: vi.fn((callback: () => void) => callback()),
  };
  return { env: env as unknown as WebEnvironment, created, body, raw: env };
}

describe('web platform pure parts', () => {
  it('builds the accept attribute from filters', () => {
    expect(
      acceptAttribute([
        { name: 'Map files', extensions: ['geojson', 'JSON', 'kml'] },
        { name: 'KML', extensions: ['kml'] },
      ]),
    ).toBe('.geojson,.json,.kml');
    expect(acceptAttribute([{ name: 'All', extensions: ['*'] }])).toBe('');
    expect(acceptAttribute([])).toBe('');
  });

  it('enforces the size cap with a clear message', () => {
    expect(checkFileSize('a.geojson', MAX_OPEN_FILE_BYTES)).toEqual({ ok: true, value: undefined });
    expect(checkFileSize('big.geojson', MAX_OPEN_FILE_BYTES + 1)).toEqual({
      ok: false,
      error: 'big.geojson is too large to open (200 MB; the limit is 200 MB).',
    });
    expect(checkFileSize('big.kml', 5 * 1024 * 1024, 1024 * 1024)).toEqual({ ok: false, error: 'big.kml is too large to open (5 MB; the limit is 1 MB).' });
  });

  it('reads a picked file, refusing an oversized one before reading it', async () => {
    const bytes = new TextEncoder().encode('hello');
    expect(await readPickedFile(file('a.txt', bytes))).toEqual({ ok: true, value: { name: 'a.txt', data: bytes } });
    const arrayBuffer = vi.fn();
    const big = { name: 'big.bin', size: 2048, arrayBuffer };
    expect((await readPickedFile(big, 1024)).ok).toBe(false);
    expect(arrayBuffer).not.toHaveBeenCalled();
    const broken = { name: 'x.bin', size: 1, arrayBuffer: () => Promise.reject(new Error('NotReadableError')) };
    expect(await readPickedFile(broken)).toEqual({ ok: false, error: 'Could not read x.bin.' });
  });

  it('sanitises download names and picks MIME types', () => {
    expect(sanitizeDownloadName('Operation: Trafalgar/2025?.cordon')).toBe('Operation_ Trafalgar_2025_.cordon');
    expect(sanitizeDownloadName('..')).toBe('download');
    expect(downloadMimeType('a.geojson')).toBe('application/geo+json');
    expect(downloadMimeType('a.kml')).toBe('application/vnd.google-earth.kml+xml');
    expect(downloadMimeType('a.cordon')).toBe('application/octet-stream');
  });
});

describe('web platform', () => {
  it('says what it cannot do', async () => {
    const platform = createWebPlatform(() => fakeEnv().env);
    expect(platform.kind).toBe('web');
    expect(platform.canPickLocalFiles).toBe(false);
    expect(platform.nativeMenuShortcuts.size).toBe(0);
    expect(await platform.pickPmtiles()).toEqual({ ok: true, value: null });
    // A browser has no main process to print a decision log: the renderer prints it itself (decisions/printLog.ts).
    expect(platform.printDecisionLogPdf).toBeNull();
    const unsubscribe = platform.onMenuCommand(() => undefined);
    expect(typeof unsubscribe).toBe('function');
    unsubscribe();
  });

  it('reads the start-up configuration from the web server, defaults when it has none', async () => {
    const answer = (status: number, body: unknown) => async (url: string) => {
      expect(url).toBe('http://127.0.0.1:5173/config.json');
      return { ok: status === 200, status, json: async () => body };
    };
    const at = (fetch: ReturnType<typeof answer>) => createWebPlatform(() => ({ ...fakeEnv().env, location: 'http://127.0.0.1:5173/#/print/x', fetch }));
    const config = { serverUrl: 'http://127.0.0.1:4999', defaultBasemap: { archives: [{ url: '/data/central-london.pmtiles', name: 'Central London' }] } };
    expect(await at(answer(200, config)).runtimeConfig()).toEqual({ ok: true, value: config });
    expect(await at(answer(404, null)).runtimeConfig()).toEqual({ ok: true, value: {} });
    expect(await at(answer(200, { serverUrl: 'ftp://x' })).runtimeConfig()).toMatchObject({
      ok: false,
      error: expect.stringContaining('config.json is invalid'),
    });
    expect(await at(answer(500, null)).runtimeConfig()).toMatchObject({ ok: false });
  });

  it('opens a file through a hidden file input', async () => {
    const { env, created, body } = fakeEnv();
    const platform = createWebPlatform(() => env);
    const pending = platform.openFile({ title: 'Import', filters: [{ name: 'GeoJSON', extensions: ['geojson'] }] });
    const input = created[0]!;
    expect(input.tag).toBe('input');
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.geojson');
    expect(input.clicked).toBe(1);
    input.files = [file('plan.geojson', new TextEncoder().encode('{}'))];
    input.listeners.get('change')!();
    expect(await pending).toEqual({ ok: true, value: { name: 'plan.geojson', data: new TextEncoder().encode('{}') } });
    expect(body.children.size).toBe(0);
  });

  it('resolves ok(null) when the picker is cancelled', async () => {
    const { env, created, body } = fakeEnv();
    const pending = createWebPlatform(() => env).openFile({ title: 'Import', filters: [] });
    created[0]!.listeners.get('cancel')!();
    expect(await pending).toEqual({ ok: true, value: null });
    expect(body.children.size).toBe(0);
  });

  it('saves by downloading a Blob through a temporary link', async () => {
    const { env, created, body, raw } = fakeEnv();
    const platform = createWebPlatform(() => env);
    const result = await platform.saveFile({ title: 'Export', defaultName: 'Op Test.kml', filters: [], data: new TextEncoder().encode('<kml/>') });
    expect(result).toEqual({ ok: true, value: { path: 'Op Test.kml' } });
    const anchor = created[0]!;
    expect(anchor.tag).toBe('a');
    expect(anchor.download).toBe('Op Test.kml');
    expect(anchor.href).toBe('blob:cordon/1');
    expect(anchor.clicked).toBe(1);
    expect(body.children.size).toBe(0);
    const blob = raw.createObjectURL.mock.calls[0]![0];
    expect(blob.type).toBe('application/vnd.google-earth.kml+xml');
    expect(await blob.text()).toBe('<kml/>');
    expect(raw.revokeObjectURL).toHaveBeenCalledWith('blob:cordon/1');
  });
});
