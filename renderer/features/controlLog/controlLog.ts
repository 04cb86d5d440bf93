/**
 * The control-room log, pure parts: the METHANE message as text (JESIP's major-incident declaration), and search over
 * entries (free text, grid reference, CAD reference, units, METHANE fields, author).
 */
import { LogEntry, type Methane, type StoredEntry } from '../../../shared/decisionLog';

/** METHANE's headings in order, as the message is passed. */
export const METHANE_FIELDS: readonly [keyof Methane, string][] = [
  ['myCallSign', 'M: My call sign'],
  ['majorIncident', 'M: Major incident declared or on standby'],
  ['exactLocation', 'E: Exact location'],
  ['typeOfIncident', 'T: Type of incident'],
  ['hazards', 'H: Hazards, present and potential'],
  ['access', 'A: Access routes that are safe to use'],
  ['numberOfCasualties', 'N: Number, type and severity of casualties'],
  ['emergencyServices', 'E: Emergency services present and those required'],
];

export function methaneText(m: Methane): string {
  return METHANE_FIELDS.map(
    ([k, label]) => `${label}: ${k === 'majorIncident' ? (m.majorIncident === 'declared' ? 'MAJOR INCIDENT DECLARED' : 'standby') : m[k]}`,
  ).join('\n');
}

/** The control-room entries, newest first, that match every word of the query. */
export function searchControlLog(all: readonly StoredEntry[], query: string): LogEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: LogEntry[] = [];
  for (const s of all) {
    if (s.entry.logId !== 'control-room') continue;
    const p = LogEntry.safeParse(s.entry);
    if (!p.success || p.data.body.type !== 'control') continue;
    const b = p.data.body;
    const hay = [b.text, b.gridRef, b.incidentRef, ...b.unitIds, b.methane ? methaneText(b.methane) : '', p.data.author.user, p.data.onBehalfOf]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    if (words.every((w) => hay.includes(w))) out.push(p.data);
  }
  return out.sort((a, b) => b.seq - a.seq);
}
