/**
 * Each position report encoded as JSON once, however many times it is sent and stored: a report ingested here goes out
 * in a delta (to every subscriber, see hub.ts) and into the store's history, and both used to run JSON.stringify on it.
 * Reports are never changed after ingest (a latched device's report is shown through a copy), so the text of a report
 * object stays true; the cache holds it only as long as the report object lives.
 */
import type { PositionReport } from '../shared/protocol';
import { RawJson } from './rawJson';

const texts = new WeakMap<PositionReport, string>();

export function reportJson(r: PositionReport): string {
  let text = texts.get(r);
  if (text === undefined) {
    text = JSON.stringify(r);
    texts.set(r, text);
  }
  return text;
}

/** A list of reports as one JSON array text, from each report's cached text (for a socket.io packet: see rawJson.ts). */
export function reportsJson(reports: readonly PositionReport[]): RawJson {
  return new RawJson(`[${reports.map(reportJson).join(',')}]`);
}
