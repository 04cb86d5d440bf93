/**
 * The standalone "Decision log" print: one log as an HTML document for Chromium's print engine (window.print in the
 * app, page.pdf in tests). The protective marking at the top and bottom of every page, "Page n of N", and the log's
 * root hash with its signed checkpoint on every page (CSS page margin boxes, Chromium 131+), so any single sheet can
 * be matched against the verified log. `upTo` limits it to decisions made up to a time (e.g. a briefing pack's).
 */
import type { ProtectiveMarking } from '../domain';
import { logLabel, type Checkpoint, type LogEntry } from './schema';

export interface DecisionLogPrint {
  operationId: string;
  logId: string;
  marking: ProtectiveMarking;
  caveat?: string;
  /** Entries in number order, as read back (corrections included: they are entries too). */
  entries: readonly LogEntry[];
  /** The root over every entry of the log (not only those printed) and the newest signed checkpoint. */
  rootHash: string;
  checkpoint: Checkpoint | null;
  printedAt: string;
  /** Only decisions made at or before this time. */
  upTo?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const css = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/[\n\r]/g, ' ')}"`;
const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

function entryHtml(e: LogEntry, correctedBy: number[]): string {
  const b = e.body;
  const head =
    `<h2>#${e.seq}${correctedBy.length ? ` <span class="note">(corrected by #${correctedBy.join(', #')})</span>` : ''}${e.corrects ? ` <span class="note">(corrects #${e.corrects.seq})</span>` : ''}</h2>` +
    `<p class="meta">Decided ${esc(time(e.decidedAt))} · written ${esc(time(e.writtenAt))} · logged ${esc(time(e.loggedAt))} · ${esc(e.author.user)} (${esc(e.author.role)})${e.onBehalfOf ? ` for ${esc(e.onBehalfOf)}` : ''}</p>` +
    (e.delayReason ? `<p class="meta">Late entry: ${esc(e.delayReason)}</p>` : '');
  const row = (k: string, v: string) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`;
  const body =
    b.type === 'decision'
      ? row('Information', b.information.map((i) => `${i.text}${i.reference ? ` [${i.reference}]` : ''}`).join('; ')) +
        row('Threat and risk', b.threatAndRisk) +
        row('Working strategy', b.workingStrategy) +
        row('Powers and policy', b.powersAndPolicy) +
        (b.optionsRejected.length ? row('Options rejected', b.optionsRejected.map((o) => `${o.option}: ${o.whyRejected}`).join('; ')) : '') +
        row('Decision', b.decision) +
        row('Rationale', b.rationale) +
        row('Code of Ethics', b.codeOfEthics) +
        (b.reviewAt ? row('Review at', time(b.reviewAt)) : '')
      : row('Entry', b.text);
  return `<section class="${correctedBy.length ? 'entry corrected' : 'entry'}">${head}<table>${body}</table></section>`;
}

/** The entries decided at or before `upTo` (all of them without it): what a print "up to a time" shows. */
export const entriesUpTo = (entries: readonly LogEntry[], upTo?: string): readonly LogEntry[] =>
  upTo ? entries.filter((e) => Date.parse(e.decidedAt) <= Date.parse(upTo)) : entries;

/** For each corrected entry's number, the numbers of the entries (among these) that correct it, in order. */
export function correctionsOf(entries: readonly LogEntry[]): Map<number, number[]> {
  const corrections = new Map<number, number[]>();
  for (const e of entries) if (e.corrects) corrections.set(e.corrects.seq, [...(corrections.get(e.corrects.seq) ?? []), e.seq]);
  return corrections;
}

export function decisionLogHtml(p: DecisionLogPrint): string {
  const entries = entriesUpTo(p.entries, p.upTo);
  const corrections = correctionsOf(entries);
  const marking = p.caveat ? `${css(p.marking)} "\\A" ${css(p.caveat)}` : css(p.marking);
  const title = `${logLabel(p.logId)} decision log · ${p.operationId}`;
  const signed = p.checkpoint ? `Checkpoint ${p.checkpoint.size} entries, signed ${time(p.checkpoint.signedAt)}` : 'No signed checkpoint yet';
  const box = 'font: bold 10px Arial, Helvetica, sans-serif; letter-spacing: 0.08em; white-space: pre; text-align: center;';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>
@page { size: A4 portrait; margin: 18mm 12mm 20mm 12mm;
  @top-center { content: ${marking}; ${box} }
  @top-left { content: ${css(title)}; font: 9px Arial, Helvetica, sans-serif; }
  @bottom-center { content: ${marking}; ${box} }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9px Arial, Helvetica, sans-serif; }
  @bottom-left { content: ${css(signed)} "\\A" "Root " ${css(p.rootHash)}; font: 6px 'DejaVu Sans Mono', monospace; white-space: pre; }
}
body { font: 11px Arial, Helvetica, sans-serif; color: #000; }
h1 { font-size: 16px; margin: 0 0 4px; }
h2 { font-size: 12px; margin: 10px 0 2px; }
.meta, .note { color: #333; font-size: 10px; margin: 0 0 2px; font-weight: normal; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; vertical-align: top; width: 30mm; font-weight: bold; padding: 1px 4px 1px 0; }
td { padding: 1px 0; }
section { break-inside: avoid; border-top: 0.3mm solid #000; }
.corrected table { text-decoration: line-through; }
</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">Printed ${esc(time(p.printedAt))}${p.upTo ? ` · decisions made up to ${esc(time(p.upTo))}` : ''} · ${entries.length} entries. Entries are never edited: a corrected entry is struck through and its correction follows as a later entry.</p>
${entries.map((e) => entryHtml(e, corrections.get(e.seq) ?? [])).join('\n')}
</body></html>`;
}
