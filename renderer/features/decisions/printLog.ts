/**
 * Printing one decision log; the platform decides how.
 * - Electron: main prints the log's print view (`#/print-log/...`, DecisionLogPrintPage.tsx) in a hidden window with
 *   printToPDF and saves the file, the briefing pack's path (electron/printPdf.ts). A frame cannot be used there: the
 *   app's Content-Security-Policy keeps frame-src 'none' (electron/security.ts).
 * - Web: the document from shared/decisionLog/print.ts in a hidden frame, then the browser's print dialog (Save as
 *   PDF). The frame stays in the page until the next print, so that tests can read what was printed. This is allowed
 *   there because the CSP is Electron's alone (a response header from electron/protocol.ts; renderer/index.html has no
 *   CSP meta), and the frame's document is decisionLogHtml's escaped markup with no script.
 */
import { decisionLogHtml, logLabel, type DecisionLogPrint } from '../../../shared/decisionLog';
import { ok, type Result } from '../../../shared/util/result';
import { baseName } from '../../app/commands/exportOperation';
import { platform } from '../../platform';
import { recordMadeFile } from '../exports/exportRecorder';

/** Prints, and notes the print for the audit trail (`notRecorded`: why it could not be noted, to show beside the path). */
export async function printDecisionLog(p: DecisionLogPrint): Promise<Result<{ path: string; notRecorded: string | null } | null>> {
  const note = `${logLabel(p.logId)} log, ${p.entries.length} entries${p.upTo ? ` up to ${p.upTo}` : ''}`;
  const defaultName = `${p.operationId} ${logLabel(p.logId)} decision log.pdf`;
  if (platform.printDecisionLogPdf) {
    // Electron prints the verified copy kept on this computer, which the verification just before this refreshed.
    const r = await platform.printDecisionLogPdf({ operationId: p.operationId, logId: p.logId, marking: p.marking, upTo: p.upTo ?? null, defaultName });
    if (!r.ok) return r;
    if (!r.value) return ok(null);
    const notRecorded = await recordMadeFile({
      kind: 'decision-log-pdf',
      operationId: p.operationId,
      fileName: baseName(r.value.path),
      data: null,
      written: r.value,
      marking: p.marking,
      note,
    });
    return ok({ path: r.value.path, notRecorded });
  }
  // The browser's dialog writes the file (or not): what is recorded is that this log was put to print.
  await recordMadeFile({
    kind: 'decision-log-pdf',
    operationId: p.operationId,
    fileName: defaultName,
    data: null,
    marking: p.marking,
    note: `${note}; print dialog opened (web mode)`,
  });
  document.querySelector('iframe[data-testid="decision-log-print"]')?.remove();
  const frame = document.createElement('iframe');
  frame.dataset.testid = 'decision-log-print';
  frame.title = 'Decision log print';
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;left:-10px;top:-10px;';
  frame.srcdoc = decisionLogHtml(p);
  frame.addEventListener('load', () => frame.contentWindow?.print(), { once: true });
  document.body.appendChild(frame);
  return ok(null);
}
