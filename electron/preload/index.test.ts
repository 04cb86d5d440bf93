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
    for (const name of ['openFile', 'saveFile', 'pickPmtiles', 'appInfo', 'onMenuCommand', 'getServerToken', 'setServerToken', 'clearServerToken']) expect(typeof api[name]).toBe('function');
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('invoke');
  });
});
