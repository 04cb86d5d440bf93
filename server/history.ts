/**
 * History for replay, served in pages so that no viewer can freeze the server: one request used to read up to 100k
 * positions in one synchronous query and send them in one message (60 at once held the event loop for ~44 s).
 *
 * - Pages: at most `limits.historyPageSize` positions and about `limits.historyPageBytes` bytes each, read from the
 *   store with `positionPage`. The page's rows are sized from the bytes per row measured on the previous page (the
 *   store can only cut by rows), carried in the opaque cursor. Alerts come with the first page only.
 * - Per connection: one request in flight. A second is refused, not queued: a client that pages waits for each page
 *   before asking for the next anyway, so a second request means a second consumer on the same link, and queueing it
 *   would let one connection park any number of requests (and their memory) in the server. The app serialises its
 *   own history requests, so it never meets this refusal.
 * - Whole server: at most `limits.historyConcurrency` pages in work at once, `limits.historyQueueMax` more waiting in
 *   FIFO order; beyond that "server busy, retry" at once (see FifoGate).
 * - Answers leave one per event-loop turn (see nextTurn), so that feeds and health checks get in between.
 * - From a store that gives pages as JSON text (SQLite: `positionPageJson`), the page's positions go out as that text
 *   (server/rawJson.ts): not parsed, copied between threads or encoded again on the event loop.
 * - Before a query's first page, the hub's buffered reports are flushed (the `flush` dependency), so the answer
 *   includes what arrived just before it. Later pages do not flush again: the query reads on from where it was.
 *
 * Metrics: history.pages, history.positions, history.refused.{busy,oneAtATime,badCursor}, history.abandoned,
 * history.msMax (slowest page, slot to answer), history.waitMsMax (longest queue wait); gauges history.active and
 * history.queued.
 */
import { HISTORY_ERRORS, type HistoryRequest, type HistoryResponse, type PositionReport } from '../shared/protocol';
import type { Result } from '../shared/util/result';
import type { LimitsConfig } from './config';
import { FifoGate } from './fifoGate';
import { decodeCursor, encodeCursor, type HistoryQueryKey } from './historyCursor';
import type { Metrics } from './metrics';
import { RawJson } from './rawJson';
import type { HistoryCursor, PositionPageQuery, Store } from './store/types';

export type HistoryLimits = Pick<LimitsConfig, 'historyPageSize' | 'historyPageBytes' | 'historyConcurrency' | 'historyQueueMax' | 'historyMaxAlerts'>;

export interface HistoryServiceOptions {
  store: Pick<Store, 'positionPage' | 'alertHistory' | 'positionPageJson'>;
  limits: HistoryLimits;
  metrics: Metrics;
  /** Write the hub's buffered reports of this operation to the store, resolving once durable. */
  flush: (operationId: string) => Promise<void>;
  /** The clock for page timings (tests). */
  clock?: () => number;
}

/** What a first page is sized by before any row was measured (a typical report is ~200 bytes as JSON). */
const ASSUMED_ROW_BYTES = 300;
/** Rows measured per page to estimate its size: enough for a steady average, cheap next to sending the page. */
const SAMPLE_ROWS = 100;

export class HistoryService {
  private readonly inFlight = new Set<string>();
  private turn: Promise<void> = Promise.resolve();
  private readonly gate: FifoGate;
  private readonly store: HistoryServiceOptions['store'];
  private readonly limits: HistoryLimits;
  private readonly metrics: Metrics;
  private readonly flush: HistoryServiceOptions['flush'];
  private readonly clock: () => number;

  constructor(o: HistoryServiceOptions) {
    this.store = o.store;
    this.limits = o.limits;
    this.metrics = o.metrics;
    this.flush = o.flush;
    this.clock = o.clock ?? (() => performance.now());
    this.gate = new FifoGate(o.limits.historyConcurrency, o.limits.historyQueueMax);
    o.metrics.gauge('history.active', () => this.gate.active);
    o.metrics.gauge('history.queued', () => this.gate.queued);
  }

  /**
   * One page of a history query for `client` (a connection id). `stillWanted` is asked once the page's turn comes:
   * false (the connection closed while it waited) skips the read.
   */
  async page(client: string, req: HistoryRequest, stillWanted: () => boolean = () => true): Promise<Result<HistoryResponse>> {
    if (this.inFlight.has(client)) {
      this.metrics.inc('history.refused.oneAtATime');
      return { ok: false, error: HISTORY_ERRORS.oneAtATime };
    }
    const fromMs = Date.parse(req.from);
    const toMs = Date.parse(req.to);
    if (!(fromMs <= toMs)) return { ok: false, error: '`from` must not be after `to`' };
    const key: HistoryQueryKey = { operationId: req.operationId, fromMs, toMs, unitIds: req.unitIds };
    const maxRows = Math.min(this.limits.historyPageSize, req.pageSize ?? Infinity, req.maxPositions ?? Infinity);
    const resume = req.cursor === undefined ? null : decodeCursor(req.cursor, key, maxRows);
    if (resume && !resume.ok) {
      this.metrics.inc('history.refused.badCursor');
      return resume;
    }
    this.inFlight.add(client);
    try {
      const queuedAt = this.clock();
      const release = await this.gate.enter();
      if (!release) {
        this.metrics.inc('history.refused.busy');
        return { ok: false, error: HISTORY_ERRORS.busy };
      }
      try {
        const startedAt = this.clock();
        this.metrics.max('history.waitMsMax', startedAt - queuedAt);
        if (!stillWanted()) {
          this.metrics.inc('history.abandoned');
          return { ok: false, error: 'the connection closed before its history was read' };
        }
        const rows = resume ? resume.value.rows : Math.min(maxRows, Math.max(1, Math.floor(this.limits.historyPageBytes / ASSUMED_ROW_BYTES)));
        const { value, count } = await this.read(key, rows, maxRows, resume ? resume.value.after : null);
        await this.nextTurn();
        this.metrics.inc('history.pages');
        this.metrics.inc('history.positions', count);
        this.metrics.max('history.msMax', this.clock() - startedAt);
        return { ok: true, value };
      } finally {
        release();
      }
    } finally {
      this.inFlight.delete(client);
    }
  }

  /**
   * Answers go out one per event-loop turn: encoding a page for the socket is synchronous (tens of ms for 1-2 MB), and
   * pages whose reads finish together would otherwise be encoded back to back while health checks and feeds wait.
   */
  private nextTurn(): Promise<void> {
    const turn = this.turn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.turn = turn;
    return turn;
  }

  private async read(key: HistoryQueryKey, rows: number, maxRows: number, after: HistoryCursor | null): Promise<{ value: HistoryResponse; count: number }> {
    const first = !after;
    if (first) await this.flush(key.operationId);
    const q = {
      operationId: key.operationId,
      fromMs: key.fromMs,
      toMs: key.toMs,
      ...(key.unitIds ? { unitIds: key.unitIds } : {}),
      limit: rows,
      ...(after ? { after } : {}),
    };
    const page = await this.readPage(q);
    const alerts = first
      ? await this.store.alertHistory({ operationId: key.operationId, fromMs: key.fromMs, toMs: key.toMs, limit: this.limits.historyMaxAlerts })
      : null;
    const next = page.next ? encodeCursor(key, page.next, page.nextRows(maxRows)) : undefined;
    const alertsTruncated = alerts?.truncated ?? false;
    const value: HistoryResponse = {
      positions: page.positions,
      alerts: alerts?.alerts ?? [],
      truncated: next !== undefined || alertsTruncated,
      ...(next ? { next } : {}),
      ...(first ? { alertsTruncated } : {}),
    };
    return { value, count: page.count };
  }

  /**
   * The page's positions and how many rows the next page should have. From a store that gives pages as JSON text, the
   * positions are that text as it is (RawJson: the socket sends it without parsing and encoding 5,000 reports on the
   * event loop; the client receives the same bytes).
   */
  private async readPage(
    q: PositionPageQuery,
  ): Promise<{ positions: PositionReport[]; count: number; next: HistoryCursor | null; nextRows(maxRows: number): number }> {
    if (this.store.positionPageJson) {
      const page = await this.store.positionPageJson(q);
      const perRow = page.count === 0 ? 0 : Buffer.byteLength(page.json) / page.count;
      return {
        positions: new RawJson(page.json) as unknown as PositionReport[],
        count: page.count,
        next: page.next,
        nextRows: (maxRows) => this.rowsFor(perRow, maxRows),
      };
    }
    const page = await this.store.positionPage(q);
    return { ...page, count: page.positions.length, nextRows: (maxRows) => this.rowsFor(sampledRowBytes(page.positions), maxRows) };
  }

  /** Rows that should come to about `historyPageBytes` at `perRow` bytes each (0: nothing measured). */
  private rowsFor(perRow: number, maxRows: number): number {
    if (perRow === 0) return maxRows;
    return Math.max(1, Math.min(maxRows, Math.floor(this.limits.historyPageBytes / Math.max(1, perRow))));
  }
}

/** Bytes per row of a page, judged from a sample of its rows (0 for an empty page). */
function sampledRowBytes(positions: readonly PositionReport[]): number {
  if (positions.length === 0) return 0;
  const stride = Math.max(1, Math.floor(positions.length / SAMPLE_ROWS));
  let bytes = 0;
  let n = 0;
  for (let i = 0; i < positions.length; i += stride, n++) bytes += Buffer.byteLength(JSON.stringify(positions[i]));
  return bytes / n;
}
