/**
 * The Electron side of PDF export: open the print view (`#/print/<operationId>`, the app's own origin) in a hidden
 * window made by the same secure factory as every window (sandboxed, context-isolated, no node), wait until it says
 * the pack is ready, and print it with Chromium's printToPDF using the shared header/footer templates (marking top and
 * bottom, "Page n of N"). The window is always destroyed. Electron objects are injected, so this is testable.
 */
import { z } from 'zod';
import { PAPER_SIZES } from '../shared/brief/schema';
import { pdfOptions } from '../shared/brief/printTemplates';
import { PROTECTIVE_MARKINGS } from '../shared/domain/enums';
import { err, ok } from '../shared/util/result';
import type { PrintPort } from './ipc';

const PrintInfo = z.object({
  marking: z.enum(PROTECTIVE_MARKINGS),
  caveat: z.string().max(400).optional(),
  title: z.string().max(300),
  version: z.string().max(40),
  copy: z.number().int().nullable(),
  paper: z.enum(Object.keys(PAPER_SIZES) as [keyof typeof PAPER_SIZES, ...(keyof typeof PAPER_SIZES)[]]),
});

export interface PrintWindowPort {
  loadURL(url: string): Promise<void>;
  executeJavaScript(code: string): Promise<unknown>;
  printToPDF(options: Record<string, unknown>): Promise<Uint8Array>;
  destroy(): void;
}

export interface PrintDeps {
  createHiddenWindow(): PrintWindowPort;
  /** The app's entry URL (app://cordon/index.html). */
  entryUrl: string;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const mmToInches = (mm: string) => Number(mm.replace('mm', '')) / 25.4;

export function createPrintPort(deps: PrintDeps): PrintPort {
  let current: { cancelled: boolean } | null = null;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    cancel: () => {
      if (current) current.cancelled = true;
    },
    render: async ({ operationId, copy }) => {
      if (current) return err('A briefing pack is already being made. Wait for it, or cancel it.');
      const job = { cancelled: false };
      current = job;
      const win = deps.createHiddenWindow();
      try {
        const q = `${copy ? `copy=${copy}&` : ''}furniture=templates`;
        await win.loadURL(`${deps.entryUrl}#/print/${encodeURIComponent(operationId)}?${q}`);
        const deadline = Date.now() + (deps.timeoutMs ?? 180_000);
        for (;;) {
          if (job.cancelled) return err('Export cancelled. No file was written.');
          if (Date.now() > deadline) return err('Making the briefing pack took too long. No file was written.');
          const state = await win.executeJavaScript('document.documentElement.dataset.printState || ""');
          if (state === 'ready') break;
          if (state === 'error') {
            const message = await win.executeJavaScript('document.documentElement.dataset.printError || ""');
            return err(`The briefing pack could not be made: ${String(message).slice(0, 300)}`);
          }
          await sleep(200);
        }
        const info = PrintInfo.safeParse(JSON.parse(String(await win.executeJavaScript('document.documentElement.dataset.printInfo || "{}"'))));
        if (!info.success) return err('The print view did not describe the pack.');
        const o = pdfOptions(info.data, info.data.paper);
        const pdf = await win.printToPDF({
          displayHeaderFooter: o.displayHeaderFooter,
          headerTemplate: o.headerTemplate,
          footerTemplate: o.footerTemplate,
          printBackground: o.printBackground,
          preferCSSPageSize: o.preferCSSPageSize,
          pageSize: o.format,
          landscape: o.landscape,
          margins: { top: mmToInches(o.margin.top), bottom: mmToInches(o.margin.bottom), left: mmToInches(o.margin.left), right: mmToInches(o.margin.right) },
        });
        if (job.cancelled) return err('Export cancelled. No file was written.');
        return ok(pdf);
      } catch (error) {
        return err(`The briefing pack could not be printed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        win.destroy();
        current = null;
      }
    },
  };
}
