/**
 * The Electron side of PDF export: open the print view (`#/print/<operationId>`, the app's own origin) in a hidden
 * window made by the same secure factory as every window (sandboxed, context-isolated, no node), wait until it says
 * the pack is ready, and print it with Chromium's printToPDF using the shared header/footer templates (marking top and
 * bottom, "Page n of N"). The window is always destroyed. Electron objects are injected, so this is testable.
 *
 * A decision log prints the same way from its own view (`#/print-log/<operationId>/<logId>`), which draws the log's
 * verified copy kept in IndexedDB with its furniture in CSS page margin boxes. This is why the renderer's web-mode
 * frame print is not used in Electron: the app's CSP (security.ts) keeps frame-src 'none', and a hidden window of the
 * app's own origin needs no exception to it. The view's window is the secure factory's, under the same CSP
 * (script-src 'self': no inline script), navigation-guarded, and is given only an app URL built here.
 */
import { z } from 'zod';
import { PAPER_SIZES } from '../shared/brief/schema';
import { pdfOptions } from '../shared/brief/printTemplates';
import { PROTECTIVE_MARKINGS } from '../shared/domain/enums';
import { err, ok, type Result } from '../shared/util/result';
import { printLogHash } from '../shared/decisionLog/printLogRoute';
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

/** What the decision-log print view publishes (renderer/features/decisions/DecisionLogPrintPage.tsx). */
const LogPrintInfo = z.object({ title: z.string().max(300), marking: z.enum(PROTECTIVE_MARKINGS) });

export function createPrintPort(deps: PrintDeps): PrintPort {
  let current: { cancelled: boolean; what: string } | null = null;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /**
   * One print job: open a print view of the app's own origin in a hidden window, wait until it says it is ready (or
   * failed), then print it. `what` names the document in messages ("briefing pack", "decision log").
   */
  const printView = async (what: string, hash: string, print: (win: PrintWindowPort) => Promise<Result<Uint8Array>>): Promise<Result<Uint8Array>> => {
    if (current) return err(`A ${current.what} is already being made. Wait for it, or cancel it.`);
    const job = { cancelled: false, what };
    current = job;
    const win = deps.createHiddenWindow();
    try {
      await win.loadURL(`${deps.entryUrl}${hash}`);
      const deadline = Date.now() + (deps.timeoutMs ?? 180_000);
      for (;;) {
        if (job.cancelled) return err('Export cancelled. No file was written.');
        if (Date.now() > deadline) return err(`Making the ${what} took too long. No file was written.`);
        const state = await win.executeJavaScript('document.documentElement.dataset.printState || ""');
        if (state === 'ready') break;
        if (state === 'error') {
          const message = await win.executeJavaScript('document.documentElement.dataset.printError || ""');
          return err(`The ${what} could not be made: ${String(message).slice(0, 300)}`);
        }
        await sleep(200);
      }
      const pdf = await print(win);
      if (job.cancelled) return err('Export cancelled. No file was written.');
      return pdf;
    } catch (error) {
      return err(`The ${what} could not be printed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      win.destroy();
      current = null;
    }
  };

  const readInfo = async <T>(win: PrintWindowPort, schema: z.ZodType<T>): Promise<T | null> => {
    const info = schema.safeParse(JSON.parse(String(await win.executeJavaScript('document.documentElement.dataset.printInfo || "{}"'))));
    return info.success ? info.data : null;
  };

  return {
    cancel: () => {
      if (current) current.cancelled = true;
    },
    render: ({ operationId, copy }) =>
      printView('briefing pack', `#/print/${encodeURIComponent(operationId)}?${copy ? `copy=${copy}&` : ''}furniture=templates`, async (win) => {
        const info = await readInfo(win, PrintInfo);
        if (!info) return err('The print view did not describe the pack.');
        const o = pdfOptions(info, info.paper);
        return ok(
          await win.printToPDF({
            displayHeaderFooter: o.displayHeaderFooter,
            headerTemplate: o.headerTemplate,
            footerTemplate: o.footerTemplate,
            printBackground: o.printBackground,
            preferCSSPageSize: o.preferCSSPageSize,
            pageSize: o.format,
            landscape: o.landscape,
            margins: { top: mmToInches(o.margin.top), bottom: mmToInches(o.margin.bottom), left: mmToInches(o.margin.left), right: mmToInches(o.margin.right) },
          }),
        );
      }),
    // The decision log draws its own page furniture (marking, "Page n of N", root hash) in CSS page margin boxes, so
    // Chromium's header/footer templates stay off and the page size and margins come from its @page rule.
    renderLog: (request) =>
      printView('decision log', printLogHash(request), async (win) => {
        const info = await readInfo(win, LogPrintInfo);
        if (!info || info.marking !== request.marking) return err('The print view did not describe the decision log.');
        return ok(await win.printToPDF({ displayHeaderFooter: false, printBackground: true, preferCSSPageSize: true, pageSize: 'A4' }));
      }),
  };
}
