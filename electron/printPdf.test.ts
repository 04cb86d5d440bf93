import { describe, expect, it, vi } from 'vitest';
import { createPrintPort, type PrintWindowPort } from './printPdf';

const info = JSON.stringify({ marking: 'OFFICIAL-SENSITIVE', title: 'Operation X', version: '1.2', copy: 3, paper: 'a4-portrait' });

function fakeWindow(states: string[]) {
  const urls: string[] = [];
  const win = {
    urls,
    loadURL: async (url) => void urls.push(url),
    executeJavaScript: async (code: string) => (code.includes('printInfo') ? info : code.includes('printError') ? 'boom' : (states.shift() ?? 'ready')),
    printToPDF: vi.fn(async (_options: Record<string, unknown>) => new Uint8Array([37, 80, 68, 70])),
    destroy: vi.fn(() => undefined),
  } satisfies PrintWindowPort & { urls: string[] };
  return win;
}

describe('print port (hidden window + printToPDF)', () => {
  it('loads the print view with templates furniture, waits for ready, prints with the marking templates', async () => {
    const win = fakeWindow(['loading', 'maps', 'ready']);
    const port = createPrintPort({ entryUrl: 'app://cordon/index.html', createHiddenWindow: () => win, sleep: async () => undefined });
    const r = await port.render({ operationId: 'op 1', copy: 3 });
    expect(r.ok).toBe(true);
    expect(win.urls[0]).toBe('app://cordon/index.html#/print/op%201?copy=3&furniture=templates');
    const options = win.printToPDF.mock.calls[0]![0] as Record<string, unknown>;
    expect(options.displayHeaderFooter).toBe(true);
    expect(String(options.headerTemplate)).toContain('OFFICIAL-SENSITIVE');
    expect(String(options.footerTemplate)).toContain('<span class="pageNumber"></span> of <span class="totalPages"></span>');
    expect(options.pageSize).toBe('A4');
    expect(win.destroy).toHaveBeenCalled();
  });

  it('reports the print view error and a cancel, and always destroys the window', async () => {
    const failing = fakeWindow(['error']);
    const port = createPrintPort({ entryUrl: 'app://cordon/index.html', createHiddenWindow: () => failing, sleep: async () => undefined });
    const r = await port.render({ operationId: 'op', copy: null });
    expect(r).toEqual({ ok: false, error: 'The briefing pack could not be made: boom' });
    expect(failing.destroy).toHaveBeenCalled();

    const slow = fakeWindow(Array(1000).fill('maps'));
    const port2: ReturnType<typeof createPrintPort> = createPrintPort({ entryUrl: 'x', createHiddenWindow: () => slow, sleep: async () => port2.cancel() });
    const c = await port2.render({ operationId: 'op', copy: null });
    expect(c.ok).toBe(false);
    expect(slow.printToPDF).not.toHaveBeenCalled();
    expect(slow.destroy).toHaveBeenCalled();
  });

  it('prints a decision log from its print view, with the page furniture the log draws itself', async () => {
    const win = {
      urls: [] as string[],
      loadURL: async (url: string) => void win.urls.push(url),
      executeJavaScript: async (code: string) =>
        code.includes('printInfo') ? JSON.stringify({ title: 'Silver decision log · op 1', marking: 'OFFICIAL-SENSITIVE' }) : 'ready',
      printToPDF: vi.fn(async (_options: Record<string, unknown>) => new Uint8Array([37, 80, 68, 70])),
      destroy: vi.fn(() => undefined),
    };
    const port = createPrintPort({ entryUrl: 'app://cordon/index.html', createHiddenWindow: () => win, sleep: async () => undefined });
    const r = await port.renderLog({ operationId: 'op 1', logId: 'silver', marking: 'OFFICIAL-SENSITIVE', upTo: '2026-08-30T12:00:00.000Z' });
    expect(r).toEqual({ ok: true, value: new Uint8Array([37, 80, 68, 70]) });
    expect(win.urls[0]).toBe('app://cordon/index.html#/print-log/op%201/silver?marking=OFFICIAL-SENSITIVE&upTo=2026-08-30T12%3A00%3A00.000Z');
    const options = win.printToPDF.mock.calls[0]![0];
    expect(options).toMatchObject({ displayHeaderFooter: false, preferCSSPageSize: true, printBackground: true });
    expect(win.destroy).toHaveBeenCalled();
  });

  it('a decision log the view cannot print (not kept here, or another marking) gives its reason and no PDF', async () => {
    const failing = fakeWindow(['loading', 'error']);
    const port = createPrintPort({ entryUrl: 'app://cordon/index.html', createHiddenWindow: () => failing, sleep: async () => undefined });
    const r = await port.renderLog({ operationId: 'op', logId: 'gold', marking: 'OFFICIAL', upTo: null });
    expect(r).toEqual({ ok: false, error: 'The decision log could not be made: boom' });
    expect(failing.printToPDF).not.toHaveBeenCalled();
    expect(failing.destroy).toHaveBeenCalled();

    // The view describes a pack-like document with another marking: refused rather than printed under the wrong one.
    const other = fakeWindow(['ready']);
    const port2 = createPrintPort({ entryUrl: 'app://cordon/index.html', createHiddenWindow: () => other, sleep: async () => undefined });
    expect(await port2.renderLog({ operationId: 'op', logId: 'gold', marking: 'OFFICIAL', upTo: null })).toEqual({
      ok: false,
      error: 'The print view did not describe the decision log.',
    });
    expect(other.printToPDF).not.toHaveBeenCalled();
  });

  it('makes one document at a time', async () => {
    const slow = fakeWindow(['maps', 'ready']);
    let second: Awaited<ReturnType<ReturnType<typeof createPrintPort>['renderLog']>> | null = null;
    const port: ReturnType<typeof createPrintPort> = createPrintPort({
      entryUrl: 'x',
      createHiddenWindow: () => slow,
      sleep: async () => {
        second ??= await port.renderLog({ operationId: 'op', logId: 'gold', marking: 'OFFICIAL', upTo: null });
      },
    });
    expect((await port.render({ operationId: 'op', copy: null })).ok).toBe(true);
    expect(second).toEqual({ ok: false, error: 'A briefing pack is already being made. Wait for it, or cancel it.' });
  });
});
