/**
 * Who may add what, decided in one place and without I/O so that every rule is unit-tested: which operations a feed
 * may post to, whether a new operation may be opened, whether a subscription names a real operation, and whether a
 * feed's batch is admitted now (reports per second per feed, and the store's write backlog). HTTP, the socket handlers
 * and the hub call these and turn a refusal into their own answer (status code or `{ ok: false, error }`).
 *
 * Emergencies are never refused for load: a batch carrying one (status 'emergency' or cancelEmergency) goes through
 * and its reports are taken from the feed's budget even into debt, so the feed's other batches wait for it instead.
 *
 * The hub's part (HTTP and sockets already check mayFeedPost and admitBatch before hub.ingest):
 * - opening an operation it does not hold: the store's record decides. None: mayCreateOperation(countOpen(records));
 *   on a refusal answer its error and open nothing, else store.ensureOperation. A record: mayWriteTo(id, record,
 *   emergency) for reports (a closed or archived operation is not reopened by a feed).
 * - subscribe: maySubscribe(id, the hub's operation or the store's record, or null) before anything is created.
 */
import type { PositionReport } from '../shared/protocol';
import type { ServerConfig } from './config';
import type { OperationState } from './store/types';
import { TokenBucket } from './util';

export type RefusalReason = 'operation' | 'operations' | 'unknownOperation' | 'closed' | 'rate' | 'backlog';

export interface Refusal {
  ok: false;
  /** The HTTP status that says it. */
  status: 403 | 404 | 409 | 429 | 503;
  /** The counter suffix (`positions.refused.<reason>`). */
  reason: RefusalReason;
  error: string;
  /** When trying again makes sense (429, 503). */
  retryAfterMs?: number;
}

export type Decision = { ok: true } | Refusal;
/** An admitted batch; `forced`: it carried an emergency and was let through over the feed's budget or the store backlog. */
export type BatchDecision = { ok: true; forced: boolean } | Refusal;

export interface AdmissionOptions {
  config: ServerConfig;
  /** Rows the store has waiting to be written. */
  backlog: () => number;
  now?: () => number;
}

/** Any operation: only the development config uses it (see FeedConfig.operationIds). */
const ANY = '*';
/** A full store usually drains within seconds; feeds retry at this pace meanwhile. */
const BACKLOG_RETRY_MS = 1000;

const OK: Decision = { ok: true };

export class Admission {
  private readonly config: ServerConfig;
  private readonly backlog: () => number;
  private readonly now: () => number;
  /** Feed name -> the operations it may post to (a set holding '*' for any). */
  private readonly allowed = new Map<string, Set<string>>();
  private readonly defaults = new Map<string, string>();
  /** Per feed name, shared by its HTTP requests and sockets: one feed's budget whichever way it sends. */
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(o: AdmissionOptions) {
    this.config = o.config;
    this.backlog = o.backlog;
    this.now = o.now ?? Date.now;
    for (const f of o.config.feeds) {
      const ids = f.operationIds ?? [f.operationId ?? o.config.defaultOperationId];
      const set = this.allowed.get(f.name) ?? new Set<string>();
      for (const id of ids) set.add(id);
      this.allowed.set(f.name, set);
      if (!this.defaults.has(f.name)) {
        const first = ids[0] === ANY ? undefined : ids[0];
        this.defaults.set(f.name, f.operationId ?? first ?? o.config.defaultOperationId);
      }
    }
  }

  /** Where a feed's batch goes when it names no operation. */
  defaultOperation(feedName: string): string {
    return this.defaults.get(feedName) ?? this.config.defaultOperationId;
  }

  /** A feed may post only to the operations its config names (a made-up id must not open an operation). */
  mayFeedPost(feedName: string, operationId: string): Decision {
    const allowed = this.allowed.get(feedName) ?? new Set([this.config.defaultOperationId]);
    if (allowed.has(ANY) || allowed.has(operationId)) return OK;
    const list = [...allowed].map((id) => `"${id}"`).join(', ');
    return { ok: false, status: 403, reason: 'operation', error: `forbidden: feed "${feedName}" may only post to ${list}` };
  }

  /** Whether one more operation may be opened, given how many are open now (closed and archived ones do not count). */
  mayCreateOperation(openCount: number): Decision {
    const max = this.config.limits.maxOperations;
    if (openCount < max) return OK;
    return { ok: false, status: 409, reason: 'operations', error: `too many operations (limit ${max})` };
  }

  /**
   * A subscription never creates an operation: it names one the server knows (in memory or in the store), in any
   * state (a closed one can still be looked at).
   */
  maySubscribe(operationId: string, known: { state: OperationState } | null | undefined): Decision {
    if (known) return OK;
    return { ok: false, status: 404, reason: 'unknownOperation', error: `unknown operation "${operationId}"` };
  }

  /**
   * Reports go only into an open operation; a closed or archived one must be reopened first (otherwise posting would
   * quietly bring back an operation that no longer counts toward maxOperations). An emergency is still taken.
   */
  mayWriteTo(operationId: string, known: { state: OperationState } | null | undefined, emergency: boolean): Decision {
    if (!known || known.state === 'open' || emergency) return OK;
    return { ok: false, status: 409, reason: 'closed', error: `operation "${operationId}" is ${known.state}: reopen it to post to it` };
  }

  /**
   * Admit a feed's batch now, or say when to try again. All or nothing: a refused batch spends nothing, so the feed
   * can simply send it again after `retryAfterMs`. Admitted reports are spent from the feed's budget.
   */
  admitBatch(feedName: string, reports: readonly PositionReport[]): BatchDecision {
    const now = this.now();
    const bucket = this.bucket(feedName, now);
    const cost = reports.length;
    const backlog = this.backlog();
    const maxBacklog = this.config.limits.maxStoreBacklogRows;
    if (isEmergencyBatch(reports)) {
      const fits = bucket.take(now, cost);
      if (!fits) bucket.force(now, cost);
      return { ok: true, forced: !fits || backlog > maxBacklog };
    }
    if (backlog > maxBacklog) {
      return {
        ok: false,
        status: 503,
        reason: 'backlog',
        error: `store busy: ${backlog} rows waiting to be written (limit ${maxBacklog}); send again later`,
        retryAfterMs: BACKLOG_RETRY_MS,
      };
    }
    if (bucket.take(now, cost)) return { ok: true, forced: false };
    const retryAfterMs = bucket.waitMs(now, cost);
    const { feedReportsPerSecond: rate, feedReportBurst: burst } = this.config.limits;
    return {
      ok: false,
      status: 429,
      reason: 'rate',
      error: `rate limited: feed "${feedName}" may send ${rate} reports/s (burst ${burst}); this batch of ${cost} fits in ${Math.ceil(retryAfterMs / 1000)} s`,
      retryAfterMs,
    };
  }

  /** Give back what an admitted batch spent when it was then not taken (e.g. the hub refused it). */
  refund(feedName: string, reports: number): void {
    this.buckets.get(feedName)?.refund(reports);
  }

  private bucket(feedName: string, now: number): TokenBucket {
    let b = this.buckets.get(feedName);
    if (!b) {
      b = new TokenBucket(this.config.limits.feedReportsPerSecond, this.config.limits.feedReportBurst, now, 'debt');
      this.buckets.set(feedName, b);
    }
    return b;
  }
}

/** The operations that count toward maxOperations: open ones. */
export function countOpen(operations: Iterable<{ state: OperationState }>): number {
  let n = 0;
  for (const o of operations) if (o.state === 'open') n++;
  return n;
}

export const isEmergencyReport = (r: Pick<PositionReport, 'status' | 'cancelEmergency'>) => r.status === 'emergency' || r.cancelEmergency === true;

export const isEmergencyBatch = (reports: readonly Pick<PositionReport, 'status' | 'cancelEmergency'>[]) => reports.some(isEmergencyReport);

/**
 * The same test on a payload not yet parsed (`{ positions: [...] }` or a bare array): lets the socket gate and the
 * HTTP request limit pass an emergency before the full parse. Whatever it lets through is still parsed and checked.
 */
export function carriesEmergency(payload: unknown): boolean {
  const list = Array.isArray(payload) ? payload : payload !== null && typeof payload === 'object' ? (payload as { positions?: unknown }).positions : undefined;
  if (!Array.isArray(list)) return false;
  return list.some((p: unknown) => p !== null && typeof p === 'object' && isEmergencyReport(p as Pick<PositionReport, 'status' | 'cancelEmergency'>));
}

/** Whole seconds for a Retry-After header (at least 1: 0 would invite an immediate retry storm). */
export const retryAfterSeconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));
