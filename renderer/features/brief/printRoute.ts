/**
 * The print view's address: `#/print/<operationId>?copy=2&furniture=templates&paper=a4-portrait&autoprint=1`.
 * Electron's hidden print window and web mode's print tab both open it; so do the e2e test and the benchmark.
 */
import { PAPER_SIZES, type PaperSize } from '../../../shared/brief/schema';

export interface PrintRoute {
  operationId: string;
  copy: number | null;
  /** 'templates': Chromium's header/footer templates draw the marking and page numbers (printToPDF, page.pdf);
   *  'css': CSS page margin boxes do (window.print). */
  furniture: 'css' | 'templates';
  paper: PaperSize | null;
  /** Web mode: open the browser's print dialog as soon as the pack is ready. */
  autoprint: boolean;
  maxMaps: number | null;
}

export function printHash(r: Partial<PrintRoute> & { operationId: string }): string {
  const q = new URLSearchParams();
  if (r.copy) q.set('copy', String(r.copy));
  q.set('furniture', r.furniture ?? 'css');
  if (r.paper) q.set('paper', r.paper);
  if (r.autoprint) q.set('autoprint', '1');
  if (r.maxMaps) q.set('maxMaps', String(r.maxMaps));
  return `#/print/${encodeURIComponent(r.operationId)}?${q.toString()}`;
}

export function parsePrintHash(hash: string): PrintRoute | null {
  const m = /^#\/print\/([^?]+)(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const q = new URLSearchParams(m[2] ?? '');
  const copy = Number(q.get('copy'));
  const maxMaps = Number(q.get('maxMaps'));
  const paper = q.get('paper');
  return {
    operationId: decodeURIComponent(m[1]!),
    copy: Number.isInteger(copy) && copy > 0 ? copy : null,
    furniture: q.get('furniture') === 'templates' ? 'templates' : 'css',
    paper: paper && paper in PAPER_SIZES ? (paper as PaperSize) : null,
    autoprint: q.get('autoprint') === '1',
    maxMaps: Number.isInteger(maxMaps) && maxMaps > 0 ? maxMaps : null,
  };
}

/** What the print view publishes on <html data-print-*> for whoever prints it (Electron main, tests). */
export interface PrintInfo {
  marking: string;
  /** Descriptor and handling instructions under the marking (shared/brief/marking.ts). */
  caveat: string;
  title: string;
  version: string;
  copy: number | null;
  paper: PaperSize;
  pages?: number;
}
