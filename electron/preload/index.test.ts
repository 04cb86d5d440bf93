import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => new Map<string, unknown>());
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

describe('preload entry', () => {
  it('exposes the DesktopApi as window.desktop and nothing else', async () => {
    await import('./index');
    expect([...exposed.keys()]).toEqual(['desktop']);
    const api = exposed.get('desktop') as Record<string, unknown>;
    expect(api.kind).toBe('electron');
    // The exact key set: a method added to the bridge without a decision here fails this test.
    expect(Object.keys(api).sort()).toEqual(
      [
        'appInfo',
        'cancelPrintPdf',
        'clearServerToken',
        'getServerToken',
        'kind',
        'onMenuCommand',
        'openFile',
        'pickPmtiles',
        'printDecisionLogPdf',
        'printPdf',
        'runtimeConfig',
        'saveFile',
        'setServerToken',
      ].sort(),
    );
    for (const [name, value] of Object.entries(api)) if (name !== 'kind') expect(typeof value, name).toBe('function');
  });
});
