/**
 * Printing one decision log: the document from shared/decisionLog/print.ts in a hidden frame, then the print dialog
 * (Save as PDF). The frame stays in the page until the next print, so that tests can read what was printed.
 * Electron note: the app's CSP has frame-src 'none'; if it refuses srcdoc frames there, printing needs a main-process
 * path like the briefing pack's printPdf (left for the integrator).
 */
import { decisionLogHtml, type DecisionLogPrint } from '../../../shared/decisionLog';

export function printDecisionLog(p: DecisionLogPrint): void {
  document.querySelector('iframe[data-testid="decision-log-print"]')?.remove();
  const frame = document.createElement('iframe');
  frame.dataset.testid = 'decision-log-print';
  frame.title = 'Decision log print';
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;left:-10px;top:-10px;';
  frame.srcdoc = decisionLogHtml(p);
  frame.addEventListener('load', () => frame.contentWindow?.print(), { once: true });
  document.body.appendChild(frame);
}
