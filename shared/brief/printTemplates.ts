/**
 * The page furniture of a printed briefing pack, one definition for every Chromium print path: Electron's
 * `webContents.printToPDF` and Playwright's `page.pdf` (both Chromium's print engine, same options). The protective
 * marking stands in capitals at the top and bottom of every page, with "Page n of N" and the version at the foot.
 *
 * `window.print()` (web mode) cannot take templates; there the print view draws the same furniture with CSS page
 * margin boxes (`@page { @top-center { ... } }`, Chromium 131+), see `marginBoxCss`.
 */
import type { ProtectiveMarking } from '../domain';
import type { PaperSize } from './schema';

/** Page margins (mm): the header and footer templates are drawn inside the top and bottom margins. */
export const PAGE_MARGINS_MM = { top: 16, bottom: 16, left: 12, right: 12 } as const;

export const PAPER = {
  'a4-portrait': { css: 'A4 portrait', widthMm: 210, heightMm: 297, format: 'A4', landscape: false },
  'a4-landscape': { css: 'A4 landscape', widthMm: 297, heightMm: 210, format: 'A4', landscape: true },
  'a3-landscape': { css: 'A3 landscape', widthMm: 420, heightMm: 297, format: 'A3', landscape: true },
} as const satisfies Record<PaperSize, { css: string; widthMm: number; heightMm: number; format: string; landscape: boolean }>;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface FurnitureOptions {
  marking: ProtectiveMarking;
  /** Descriptor and handling instructions, printed under the marking (markingText().caveat); '' or absent for none. */
  caveat?: string;
  /** e.g. "Operation Kestrel Gate". */
  title: string;
  version: string;
  copy?: number | null;
}

/** Header/footer templates for Chromium's printToPDF / page.pdf (they are rendered in their own tiny document). */
export function pdfHeaderFooter(o: FurnitureOptions): { headerTemplate: string; footerTemplate: string } {
  const marking = escapeHtml(o.marking.toUpperCase());
  const box = 'width:100%;font-family:Arial,Helvetica,sans-serif;font-size:9px;color:#000;padding:0 12mm;display:flex;align-items:center;';
  const caveat = o.caveat ? `<span style="display:block;font-weight:normal;letter-spacing:0;font-size:8px">${escapeHtml(o.caveat)}</span>` : '';
  const mark = `<span style="flex:1;text-align:center;font-weight:bold;letter-spacing:0.08em;font-size:10px">${marking}${caveat}</span>`;
  const copy = o.copy ? ` &middot; Copy ${o.copy}` : '';
  return {
    headerTemplate: `<div style="${box}"><span style="flex:1">${escapeHtml(o.title)}</span>${mark}<span style="flex:1;text-align:right">Version ${escapeHtml(o.version)}${copy}</span></div>`,
    footerTemplate: `<div style="${box}"><span style="flex:1"></span>${mark}<span style="flex:1;text-align:right">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

/** The print options both Chromium paths pass (Playwright's names; the Electron adapter maps them). */
export function pdfOptions(o: FurnitureOptions, paper: PaperSize) {
  const p = PAPER[paper];
  const mm = (v: number) => `${v}mm`;
  return {
    ...pdfHeaderFooter(o),
    displayHeaderFooter: true,
    printBackground: true,
    preferCSSPageSize: true,
    format: p.format,
    landscape: p.landscape,
    margin: { top: mm(PAGE_MARGINS_MM.top), bottom: mm(PAGE_MARGINS_MM.bottom), left: mm(PAGE_MARGINS_MM.left), right: mm(PAGE_MARGINS_MM.right) },
  };
}

const cssString = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/[\n\r]/g, ' ')}"`;

/** The `@page` rule: size and margins, plus (for window.print) the marking and page numbers as margin boxes. */
export function pageCss(paper: PaperSize, furniture: 'css' | 'templates', o: FurnitureOptions): string {
  const m = PAGE_MARGINS_MM;
  const margins = `margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm;`;
  if (furniture === 'templates') return `@page { size: ${PAPER[paper].css}; ${margins} }`;
  // A margin box takes one string: the caveat goes on a second line ("\\A" with white-space: pre).
  const marking = o.caveat ? `${cssString(o.marking.toUpperCase())} "\\A" ${cssString(o.caveat)}` : cssString(o.marking.toUpperCase());
  const box = 'font: bold 10px Arial, Helvetica, sans-serif; letter-spacing: 0.08em; white-space: pre; text-align: center;';
  return (
    `@page { size: ${PAPER[paper].css}; ${margins}\n` +
    `  @top-center { content: ${marking}; ${box} }\n` +
    `  @top-left { content: ${cssString(o.title)}; font: 9px Arial, Helvetica, sans-serif; }\n` +
    `  @top-right { content: ${cssString(`Version ${o.version}${o.copy ? ` · Copy ${o.copy}` : ''}`)}; font: 9px Arial, Helvetica, sans-serif; }\n` +
    `  @bottom-center { content: ${marking}; ${box} }\n` +
    `  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9px Arial, Helvetica, sans-serif; }\n}`
  );
}
