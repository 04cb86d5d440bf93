import { describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../shared/ipc/contract';
import { createElectronPlatform } from './desktop';

describe('electron platform (desktop.ts)', () => {
  const desktop = (): DesktopApi => ({
    kind: 'electron',
    openFile: vi.fn(async () => ({ ok: true as const, value: null })),
    saveFile: vi.fn(async () => ({ ok: true as const, value: { path: '/home/p/op.cordon' } })),
    pickPmtiles: vi.fn(async () => ({ ok: true as const, value: { url: 'app://cordon/tiles/x/a.pmtiles', name: 'a.pmtiles', format: 'pmtiles' as const } })),
    runtimeConfig: vi.fn(async () => ({ ok: true as const, value: { serverUrl: 'http://127.0.0.1:4999' } })),
    appInfo: vi.fn(() => Promise.reject(new Error('bridge gone'))),
    printPdf: vi.fn(async () => ({ ok: true as const, value: null })),
    cancelPrintPdf: vi.fn(async () => ({ ok: true as const, value: null })),
    getServerToken: vi.fn(async () => ({ ok: true as const, value: 'controller-secret' })),
    setServerToken: vi.fn(async () => ({ ok: false as const, error: 'The token was not saved: encryption is not available on this computer.' })),
    clearServerToken: vi.fn(() => Promise.reject(new Error('bridge gone'))),
    onMenuCommand: vi.fn(() => () => undefined),
    printDecisionLogPdf: vi.fn(async () => ({ ok: true as const, value: { path: '/home/p/silver.pdf' } })),
  });

  it('prints a decision log through main (the briefing pack path), not a frame', async () => {
    const api = desktop();
    const platform = createElectronPlatform(api);
    const request = { operationId: 'op-1', logId: 'silver', marking: 'OFFICIAL' as const, upTo: null, defaultName: 'silver.pdf' };
    expect(await platform.printDecisionLogPdf!(request)).toEqual({ ok: true, value: { path: '/home/p/silver.pdf' } });
    expect(api.printDecisionLogPdf).toHaveBeenCalledWith(request);
  });

  it('delegates to window.desktop', async () => {
    const api = desktop();
    const platform = createElectronPlatform(api);
    expect(platform.kind).toBe('electron');
    expect(platform.canPickLocalFiles).toBe(true);
    expect(platform.nativeMenuShortcuts.has('edit:undo')).toBe(false);
    expect(platform.nativeMenuShortcuts.has('operation:new')).toBe(true);
    const request = { title: 'Export', defaultName: 'op.cordon', filters: [], data: new Uint8Array([1]) };
    expect(await platform.saveFile(request)).toEqual({ ok: true, value: { path: '/home/p/op.cordon' } });
    expect(api.saveFile).toHaveBeenCalledWith(request);
    expect(await platform.pickPmtiles()).toMatchObject({ ok: true });
    const listener = vi.fn();
    platform.onMenuCommand(listener);
    expect(api.onMenuCommand).toHaveBeenCalledWith(listener);
  });

  it('asks main for one server’s token at a time, and says tokens are kept encrypted', async () => {
    const api = desktop();
    const platform = createElectronPlatform(api);
    expect(platform.tokenStorage).toBe('encrypted');
    expect(await platform.getServerToken({ serverUrl: 'http://127.0.0.1:4870' })).toEqual({ ok: true, value: 'controller-secret' });
    expect(api.getServerToken).toHaveBeenCalledWith({ serverUrl: 'http://127.0.0.1:4870' });
    const set = { serverUrl: 'http://127.0.0.1:4870', token: 'controller-secret' };
    expect(await platform.setServerToken(set)).toEqual({ ok: false, error: 'The token was not saved: encryption is not available on this computer.' });
    expect(api.setServerToken).toHaveBeenCalledWith(set);
    expect(await platform.clearServerToken({ serverUrl: 'http://127.0.0.1:4870' })).toEqual({ ok: false, error: 'The desktop bridge failed: bridge gone' });
  });

  it('never rejects, even if the bridge does', async () => {
    expect(await createElectronPlatform(desktop()).appInfo()).toEqual({ ok: false, error: 'The desktop bridge failed: bridge gone' });
  });

  it('passes on the start-up configuration, checked against the contract', async () => {
    expect(await createElectronPlatform(desktop()).runtimeConfig()).toEqual({ ok: true, value: { serverUrl: 'http://127.0.0.1:4999' } });
    const bad = { ...desktop(), runtimeConfig: vi.fn(async () => ({ ok: true as const, value: { serverUrl: 'file:///etc/passwd' } })) };
    expect((await createElectronPlatform(bad).runtimeConfig()).ok).toBe(false);
  });
});
