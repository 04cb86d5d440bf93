import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS } from '../../shared/ipc/contract';
import { MENU_COMMAND_CHANNEL, PRELOAD_MENU_COMMANDS, createDesktopApi, type IpcRendererPort } from './api';

function fakeIpc(invoke: IpcRendererPort['invoke'] = async () => ({ ok: true, value: null })) {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc = {
    invoke: vi.fn(invoke),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
    }),
    emit: (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l({ sender: 'secret' }, ...args)),
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
  return ipc;
}

describe('preload bridge', () => {
  it('lets through exactly the command table’s commands', () => {
    expect([...PRELOAD_MENU_COMMANDS].sort()).toEqual([...MENU_COMMANDS].sort());
    expect(PRELOAD_MENU_COMMANDS).toContain('help:about');
  });

  it('exposes named methods only', () => {
    const api = createDesktopApi(fakeIpc());
    expect(Object.keys(api).sort()).toEqual([
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
    ]);
    expect(api.kind).toBe('electron');
  });

  it('invokes the contract channels with the request', async () => {
    const ipc = fakeIpc();
    const api = createDesktopApi(ipc);
    const open = { title: 'Import', filters: [] };
    const save = { title: 'Export', defaultName: 'a.kml', filters: [], data: new Uint8Array([1]) };
    await api.openFile(open);
    await api.saveFile(save);
    await api.pickPmtiles();
    await api.runtimeConfig();
    await api.appInfo();
    await api.getServerToken({ serverUrl: 'http://127.0.0.1:4870' });
    await api.setServerToken({ serverUrl: 'http://127.0.0.1:4870', token: 'controller-secret' });
    await api.clearServerToken({ serverUrl: 'http://127.0.0.1:4870' });
    const log = { operationId: 'op-1', logId: 'silver', marking: 'OFFICIAL' as const, upTo: null, defaultName: 'log.pdf' };
    await api.printDecisionLogPdf(log);
    expect(ipc.invoke.mock.calls).toEqual([
      ['file:open', open],
      ['file:save', save],
      ['basemap:pick-pmtiles', null],
      ['app:runtime-config', null],
      ['app:info', null],
      ['secrets:get-server-token', { serverUrl: 'http://127.0.0.1:4870' }],
      ['secrets:set-server-token', { serverUrl: 'http://127.0.0.1:4870', token: 'controller-secret' }],
      ['secrets:clear-server-token', { serverUrl: 'http://127.0.0.1:4870' }],
      ['pdf:print-log', log],
    ]);
  });

  it('turns a rejected invoke into an error Result', async () => {
    const api = createDesktopApi(fakeIpc(async () => Promise.reject(new Error('No handler registered'))));
    expect(await api.appInfo()).toEqual({ ok: false, error: 'Cordon could not reach its main process (app:info).' });
  });

  it('delivers valid menu commands without the event, drops others, and unsubscribes', () => {
    const ipc = fakeIpc();
    const api = createDesktopApi(ipc);
    const listener = vi.fn();
    const unsubscribe = api.onMenuCommand(listener);
    ipc.emit(MENU_COMMAND_CHANNEL, 'edit:undo');
    ipc.emit(MENU_COMMAND_CHANNEL, 'rm -rf');
    ipc.emit(MENU_COMMAND_CHANNEL, { command: 'edit:undo' });
    ipc.emit(MENU_COMMAND_CHANNEL, undefined);
    expect(listener.mock.calls).toEqual([['edit:undo']]);
    expect(ipc.count(MENU_COMMAND_CHANNEL)).toBe(1);
    unsubscribe();
    expect(ipc.count(MENU_COMMAND_CHANNEL)).toBe(0);
    ipc.emit(MENU_COMMAND_CHANNEL, 'edit:redo');
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
