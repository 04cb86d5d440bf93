/**
 * Reading a history window page by page (the server answers at most a few thousand positions per request, with a
 * `next` cursor): one page at a time, in order, with progress, a cap on what is kept in memory, and patient retries
 * when the server says it is busy. Pure: the caller gives the function that asks for one page (tests give a fake).
 */
import { HISTORY_ERRORS, type Alert, type HistoryResponse, type PositionReport } from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import type { Parsed } from './parse';

/**
 * What the app keeps of one window at most (some 200 MB of replay state; 1 h of 1,000 units reporting every 10 s is
 * 360,000): beyond it, the part loaded and a clear message.
 */
export const HISTORY_MAX_POSITIONS = 400_000;

export interface LoadedHistory {
  /** Oldest first. */
  positions: PositionReport[];
  alerts: Alert[];
  /** Not the whole window: the app's cap cut in (`capped`), the server capped the alerts, or it could not page. */
  truncated: boolean;
  /** Stopped at `maxPositions`: the window holds more. */
  capped: boolean;
  pages: number;
}

export interface PagingOptions {
  maxPositions?: number;
  /** After each page: positions loaded so far. */
  onProgress?: (positions: number) => void;
  /** "Server busy" refusals to sit out per page before giving up (default 8), and the first wait (doubling, jittered). */
  busyRetries?: number;
  busyDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type AskPage = (cursor: string | undefined) => Promise<Result<Parsed<HistoryResponse>>>;

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function readHistoryPages(ask: AskPage, o: PagingOptions = {}): Promise<Result<Parsed<LoadedHistory>>> {
  const max = o.maxPositions ?? HISTORY_MAX_POSITIONS;
  const sleep = o.sleep ?? wait;
  const positions: PositionReport[] = [];
  let alerts: Alert[] = [];
  let dropped = 0;
  let problem: string | undefined;
  let serverTruncated = false;
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const r = await askPatiently(ask, cursor, o.busyRetries ?? 8, o.busyDelayMs ?? 250, sleep);
    if (!r.ok) return pages === 0 ? r : { ok: false, error: `${r.error} (after ${positions.length.toLocaleString('en-GB')} positions): load again` };
    const page = r.value.value;
    pages++;
    dropped += r.value.dropped;
    problem ??= r.value.problem;
    if (pages === 1) alerts = page.alerts;
    // A server that does not page says `truncated` with no `next`; one that pages says `alertsTruncated` on page one.
    serverTruncated ||= page.next === undefined ? page.truncated : pages === 1 && page.alertsTruncated === true;
    const room = max - positions.length;
    const capped = page.positions.length > room || (page.positions.length === room && page.next !== undefined);
    for (let i = 0; i < Math.min(room, page.positions.length); i++) positions.push(page.positions[i]!);
    o.onProgress?.(positions.length);
    if (capped || page.next === undefined) {
      const value: LoadedHistory = { positions, alerts, truncated: capped || serverTruncated, capped, pages };
      return { ok: true, value: problem ? { value, dropped, problem } : { value, dropped } };
    }
    cursor = page.next;
  }
}

async function askPatiently(ask: AskPage, cursor: string | undefined, retries: number, delayMs: number, sleep: (ms: number) => Promise<void>) {
  for (let attempt = 0; ; attempt++) {
    const r = await ask(cursor);
    // "One at a time" only meets a second consumer on the same link (the client serialises its own): wait like busy.
    const busy = !r.ok && (r.error === HISTORY_ERRORS.busy || r.error === HISTORY_ERRORS.oneAtATime);
    if (!busy || attempt >= retries) return r;
    await sleep(Math.min(8000, delayMs * 2 ** attempt) * (0.5 + Math.random()));
  }
}
