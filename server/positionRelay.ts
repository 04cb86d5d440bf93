/**
 * The reports one process ingested, relayed to the others on a Redis channel of their own (`cordon-positions`),
 * beside the socket.io adapter that carries everything else.
 *
 * Why not the adapter's serverSideEmit: it publishes on the request channel that every process, the sender included,
 * subscribes to, and each receiver turns the whole message into a string and JSON-parses it before it can see that it
 * sent it itself. At 10,000 reports a second that was the sending process's biggest avoidable cost in the two-process
 * bench (its own ~2.5 MB/s read back and parsed: `onrequest` + `Buffer.toString`, about a tenth of its samples). Here
 * every message starts with the sender's id and a newline: a process drops its own by comparing those few bytes.
 *
 * Message: `<sender id>\n` + JSON `[operationId, reports, labels]`.
 *
 * A publish can fail while the link still looks up: with Redis stalled (or this process's socket to it backed up) a
 * command not written within the client's timeout (5 s) is rejected, and the connection stays "ready". Those reports
 * would be lost for the other processes until each unit's next report (never, for a unit that stopped reporting).
 * So the reports of a failed publish are held back, newest per unit (bounded: MAX_UNSENT_UNITS), and go out with the
 * next publish of the same operation, or with `retryUnsent` (the cluster calls it every second while the link is up).
 * Counted: `redis.positionsPublishFailed` (reports in failed publishes), `redis.positionsResent` (held reports a later
 * publish delivered), `redis.unsentDropped` (could not be held), gauge `redis.positionsUnsent` (held now).
 */
import { randomBytes } from 'node:crypto';
import type { createClient } from 'redis';
import type { PositionReport } from '../shared/protocol';
import type { Metrics } from './metrics';

type RedisClient = ReturnType<typeof createClient>;
type Held = { report: PositionReport; label?: string };

/** Units whose newest report is held after a failed publish, at most (beyond: `redis.unsentDropped`). */
const MAX_UNSENT_UNITS = 200_000;
/** Held reports sent along with one publish, at most (a long stall must not turn into one huge message). */
const RESEND_BATCH = 5000;

export const POSITIONS_CHANNEL = 'cordon-positions';

export interface PositionRelayOptions {
  pub: RedisClient;
  sub: RedisClient;
  metrics: Metrics;
  onError: (e: unknown) => void;
  /** Reports relayed by another process. */
  onReports: (operationId: string, reports: PositionReport[], labels: [string, string][]) => void;
  /** Units held back after failed publishes, at most. Default 200,000. */
  maxUnsentUnits?: number;
}

export class PositionRelay {
  readonly sender = randomBytes(8).toString('hex');
  private readonly prefix = Buffer.from(`${this.sender}\n`);

  /** Operation id -> unit id -> its newest report whose publish failed. */
  private readonly unsent = new Map<string, Map<string, Held>>();
  private unsentUnits = 0;
  private retrying = false;

  constructor(private readonly o: PositionRelayOptions) {
    o.metrics.gauge('redis.positionsUnsent', () => this.unsentUnits);
  }

  /** Listens on the channel (queued until Redis answers; the client subscribes again after a reconnection). */
  listen(): void {
    this.o.sub.subscribe(POSITIONS_CHANNEL, (message: Buffer) => this.receive(message), true).catch(this.o.onError);
  }

  /**
   * Publishes now, with the operation's reports held back from failed publishes (those of units not in `reports`);
   * resolves true once Redis took the message, false when it failed (its reports are then held back in turn).
   */
  publish(operationId: string, reports: readonly PositionReport[], labels: readonly [string, string][]): Promise<boolean> {
    const { resend, carried } = this.takeUnsent(operationId, reports, labels);
    const all = resend.length === 0 ? reports : [...reports, ...resend.map((h) => h.report)];
    const resendLabels = resend.flatMap((h): [string, string][] => (h.label === undefined ? [] : [[h.report.id, h.label]]));
    const allLabels = resendLabels.length === 0 && carried.length === 0 ? labels : [...labels, ...carried, ...resendLabels];
    if (all.length === 0) return Promise.resolve(true);
    const message = this.sender + '\n' + JSON.stringify([operationId, all, allLabels]);
    return this.o.pub.publish(POSITIONS_CHANNEL, message).then(
      () => {
        if (resend.length > 0) this.o.metrics.inc('redis.positionsResent', resend.length);
        return true;
      },
      (e: unknown) => {
        this.o.metrics.inc('redis.commandsFailed');
        this.o.metrics.inc('redis.positionsPublishFailed', all.length);
        this.hold(operationId, all, allLabels);
        this.o.onError(e);
        return false;
      },
    );
  }

  /** Sends what failed publishes held back, one message per operation (none while the last retry is unanswered). */
  retryUnsent(): void {
    if (this.retrying || this.unsentUnits === 0) return;
    this.retrying = true;
    const sent = [...this.unsent.keys()].map((operationId) => this.publish(operationId, [], []));
    void Promise.all(sent).finally(() => (this.retrying = false));
  }

  /**
   * The operation's held reports (at most RESEND_BATCH), taken out. Those of units in `superseding` with a report as
   * new are dropped, their labels (an emergency's words) carried over to the newer report unless it has its own.
   */
  private takeUnsent(
    operationId: string,
    superseding: readonly PositionReport[],
    labels: readonly [string, string][],
  ): { resend: Held[]; carried: [string, string][] } {
    const held = this.unsent.get(operationId);
    const carried: [string, string][] = [];
    if (!held) return { resend: [], carried };
    const labelled = new Set(labels.map(([id]) => id));
    for (const r of superseding) {
      const h = held.get(r.id);
      if (!h || Date.parse(h.report.time) > Date.parse(r.time)) continue;
      if (h.label !== undefined && !labelled.has(r.id)) carried.push([r.id, h.label]);
      held.delete(r.id);
      this.unsentUnits--;
    }
    const taken: Held[] = [];
    for (const [id, h] of held) {
      if (taken.length >= RESEND_BATCH) break;
      taken.push(h);
      held.delete(id);
      this.unsentUnits--;
    }
    if (held.size === 0) this.unsent.delete(operationId);
    return { resend: taken, carried };
  }

  /** Keeps the newest report per unit of a failed publish. */
  private hold(operationId: string, reports: readonly PositionReport[], labels: readonly [string, string][]): void {
    let held = this.unsent.get(operationId);
    if (!held) this.unsent.set(operationId, (held = new Map()));
    const labelOf = new Map(labels);
    for (const report of reports) {
      const current = held.get(report.id);
      if (!current && this.unsentUnits >= (this.o.maxUnsentUnits ?? MAX_UNSENT_UNITS)) {
        this.o.metrics.inc('redis.unsentDropped');
        continue;
      }
      if (current && Date.parse(current.report.time) > Date.parse(report.time)) continue;
      const label = labelOf.get(report.id) ?? current?.label;
      held.set(report.id, label === undefined ? { report } : { report, label });
      if (!current) this.unsentUnits++;
    }
  }

  private receive(message: Buffer): void {
    // Our own message, back from Redis: dropped before any decoding.
    if (message.length > this.prefix.length && message.subarray(0, this.prefix.length).equals(this.prefix)) return;
    const newline = message.indexOf(0x0a);
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.toString('utf8', newline + 1));
    } catch (e) {
      this.o.metrics.inc('redis.relayMalformed');
      return this.o.onError(e);
    }
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || !Array.isArray(parsed[1])) {
      this.o.metrics.inc('redis.relayMalformed');
      return;
    }
    const [operationId, reports, labels] = parsed as [string, PositionReport[], unknown];
    this.o.metrics.inc('redis.positionsReceived', reports.length);
    this.o.onReports(operationId, reports, Array.isArray(labels) ? (labels as [string, string][]) : []);
  }
}
