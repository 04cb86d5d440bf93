/**
 * The live picture, per operation: the latest report per unit, what changed since the last tick, alerts, the plan,
 * and who is subscribed. Every source ingests here; a fixed tick evaluates alerts, fans one coalesced delta out to the
 * subscribers, then hands the tick's reports to the store (one transaction, written on the store's own thread).
 *
 * Fan-out and slow clients: a subscriber whose connection still has a packet waiting to be written is skipped for
 * that tick (it never queues up stale ticks); when it has drained, it gets one merged delta with every unit and alert
 * changed since its last delta (`fromSeq` says so). One that stays blocked for `resyncAfterMs` is told to resync and
 * gets nothing more until it subscribes again. Up-to-date subscribers share one broadcast (encoded once).
 *
 * Heartbeats: a subscriber that has had nothing from an operation for `heartbeatMs` (a quiet operation) gets a
 * `heartbeat` with the seq it has been sent up to, so its link view does not call the link stalled and a client that
 * lost the last delta before the quiet spell finds out (its seq is behind) and resubscribes.
 *
 * Scale-out (see PROTOCOL.md): reports ingested here are relayed to the other processes through the socket.io Redis
 * adapter (serverSideEmit), as are published plans and acknowledgements. Every process therefore holds the whole
 * live picture, evaluates the same rules, and ticks for its own clients only (`io.local`): `seq` numbers a
 * subscription's stream on one process.
 */
import type { Server, Socket } from 'socket.io';
import type { OperationBundle } from '../shared/domain';
import type {
  Alert,
  ClientToServerEvents,
  Delta,
  HistoryResponse,
  PositionReport,
  Role,
  ServerToClientEvents,
  Snapshot,
} from '../shared/protocol';
import type { Result } from '../shared/util/result';
import { AlertEngine } from './alerts/engine';
import type { ServerConfig } from './config';
import type { Metrics } from './metrics';
import type { Store } from './store/types';
import { errorMessage, iso, type Logger, type TokenBucket } from './util';

export interface InterServerEvents {
  'cordon:positions': (operationId: string, reports: PositionReport[], labels: [string, string][]) => void;
  'cordon:plan': (plan: OperationBundle) => void;
  'cordon:ack': (alert: Alert) => void;
}

export interface SocketData {
  role: Role;
  /** The configured user or feed name. */
  name: string;
  /** Who is at the screen (handshake userName, else the configured name): recorded on acknowledgements. */
  userName: string;
  feedName?: string;
  feedIntervalS?: number;
  subs: Set<string>;
  bucket: TokenBucket;
  refused: number;
  warned: boolean;
}

/**
 * A device's emergency, or its cancel, as a source signals it (CoT 911 / b-a-o-can; a feed report with status
 * 'emergency' or cancelEmergency). Position is optional: a CoT 911 without a GPS fix still raises the emergency, at the
 * device's last known position or marked "position unknown".
 */
export interface EmergencySignal {
  operationId: string;
  unitId: string;
  callSign?: string;
  /** The unit type the device reports as (CoT link type), when known. */
  type?: string;
  /** Who sent it: 'cot', 'cot:<CN>', 'feed:<name>', 'sim'. Only the raising origin may cancel. */
  origin: string;
  label: string;
  /** Event time (ISO) at the device. */
  time: string;
  cancel: boolean;
  lon?: number;
  lat?: number;
}

export type CordonServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type CordonSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface ClusterBus {
  publishPositions(operationId: string, reports: PositionReport[], labels: [string, string][]): void;
  publishPlan(plan: OperationBundle): void;
  publishAck(alert: Alert): void;
  /** Whether the processes are joined now (snapshots tell a subscriber that joins during an outage). */
  linkState?(): 'up' | 'down';
}

interface Subscriber {
  socket: CordonSocket;
  lastSeq: number;
  behindSince: number | null;
  resyncSent: boolean;
  /** When this subscriber was last sent anything for the operation (snapshot, delta or heartbeat). */
  lastSentAt: number;
}

class OperationState {
  seq = 0;
  readonly latest = new Map<string, PositionReport>();
  readonly latestMs = new Map<string, number>();
  /** Unit id -> the seq of the delta that last carried it (for merged catch-up deltas). */
  readonly changedSeq = new Map<string, number>();
  readonly pending = new Map<string, PositionReport>();
  history: PositionReport[] = [];
  readonly pendingAlerts = new Map<string, Alert>();
  /** Alert id -> its newest version and the seq that carried it (cleared+acknowledged ones included). */
  readonly alertLast = new Map<string, { alert: Alert; seq: number }>();
  readonly dirty = new Set<string>();
  readonly emergencyLabels = new Map<string, string>();
  plan: OperationBundle | null = null;
  readonly subs = new Map<string, Subscriber>();
  nextTimeRulesAt = 0;
  constructor(
    readonly id: string,
    readonly engine: AlertEngine,
  ) {}
}

const room = (operationId: string) => `op:${operationId}`;

export interface HubOptions {
  config: ServerConfig;
  store: Store;
  metrics: Metrics;
  log: Logger;
  io: CordonServer;
  now?: () => number;
}

export class Hub {
  private readonly ops = new Map<string, OperationState>();
  private readonly config: ServerConfig;
  private readonly store: Store;
  private readonly metrics: Metrics;
  private readonly log: Logger;
  private readonly io: CordonServer;
  readonly now: () => number;
  cluster: ClusterBus | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private readonly planListeners = new Set<(plan: OperationBundle) => void>();

  constructor(o: HubOptions) {
    this.config = o.config;
    this.store = o.store;
    this.metrics = o.metrics;
    this.log = o.log;
    this.io = o.io;
    this.now = o.now ?? Date.now;
    o.metrics.gauge('operations', () => this.ops.size);
    o.metrics.gauge('units', () => [...this.ops.values()].reduce((s, op) => s + op.latest.size, 0));
    o.metrics.gauge('subscriptions', () => [...this.ops.values()].reduce((s, op) => s + op.subs.size, 0));
  }

  /** Load every operation the store knows (plans, latest positions, open alerts). */
  loadFromStore(): void {
    for (const id of this.store.operationIds()) {
      const op = this.operation(id, true);
      if (!op) break;
      for (const r of this.store.latest(id)) {
        op.latest.set(r.id, r);
        op.latestMs.set(r.id, Date.parse(r.time));
        op.dirty.add(r.id);
      }
      const plan = this.store.plan(id);
      if (plan) {
        op.plan = plan;
        op.engine.setPlan(plan);
      }
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.config.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
  }

  /** Write every buffered report to the store now. */
  flush(): void {
    for (const op of this.ops.values()) this.persist(op);
  }

  /** The newest report of every unit of an operation. */
  units(operationId: string): PositionReport[] {
    return [...(this.ops.get(operationId)?.latest.values() ?? [])];
  }

  /** The alerts an operation shows now (open, or cleared and not yet acknowledged). */
  alerts(operationId: string): Alert[] {
    return this.ops.get(operationId)?.engine.list() ?? [];
  }

  planOf(operationId: string): OperationBundle | null {
    return this.ops.get(operationId)?.plan ?? null;
  }

  private operation(id: string, create: boolean): OperationState | null {
    const found = this.ops.get(id);
    if (found || !create) return found ?? null;
    if (this.ops.size >= this.config.limits.maxOperations) {
      // Make room by forgetting an operation that holds nothing (e.g. one somebody subscribed to by mistake).
      const empty = [...this.ops.values()].find((o) => o.latest.size === 0 && !o.plan && o.subs.size === 0 && o.engine.list().length === 0);
      if (!empty) {
        this.metrics.inc('operations.refused');
        return null;
      }
      this.ops.delete(empty.id);
    }
    const op = new OperationState(id, new AlertEngine(id, this.config.alerts, this.store.openAlerts(id)));
    this.ops.set(id, op);
    return op;
  }

  /** A reason to refuse one report before it is ingested, or null. */
  checkReport(r: PositionReport): string | null {
    const t = Date.parse(r.time);
    if (t > this.now() + this.config.limits.maxFutureSkewS * 1000) return `time ${r.time} is in the future`;
    return null;
  }

  /**
   * Take already-validated reports. `labels` gives the source's words for emergencies (CoT). Local reports are
   * relayed to the other processes.
   */
  ingest(
    operationId: string,
    reports: readonly PositionReport[],
    origin: 'local' | 'remote' = 'local',
    labels: ReadonlyArray<[string, string]> = [],
  ): Result<{ accepted: number }> {
    const op = this.operation(operationId, true);
    if (!op) return { ok: false, error: `too many operations (limit ${this.config.limits.maxOperations})` };
    const accepted: PositionReport[] = [];
    for (const r of reports) {
      const t = Date.parse(r.time);
      const cur = op.latestMs.get(r.id);
      if (cur === undefined && op.latest.size >= this.config.limits.maxUnitsPerOperation) {
        this.metrics.inc('positions.refused.unitLimit');
        continue;
      }
      accepted.push(r);
      op.history.push(r);
      if (cur === undefined || t >= cur) {
        op.latest.set(r.id, r);
        op.latestMs.set(r.id, t);
        op.pending.set(r.id, r);
        op.dirty.add(r.id);
      } else {
        this.metrics.inc('positions.outOfOrder');
      }
      this.metrics.inc(`positions.ingested.${origin === 'local' ? r.source : 'relayed'}`);
    }
    for (const [id, label] of labels) op.emergencyLabels.set(id, label.slice(0, 100));
    if (origin === 'local' && this.cluster && accepted.length > 0) this.cluster.publishPositions(operationId, accepted, [...labels]);
    return { ok: true, value: { accepted: accepted.length } };
  }

  /**
   * Raise or cancel a device's emergency (see EmergencySignal). Resolves once the latch is durable.
   * STUB: being replaced by the persistent latch (issue 8); today it ingests a position report like before.
   */
  signalEmergency(s: EmergencySignal): Promise<Result<{ state: 'raised' | 'unchanged' | 'cancelled' | 'refused'; reason?: string }>> {
    if (s.cancel || s.lon === undefined || s.lat === undefined) return Promise.resolve({ ok: true, value: { state: 'unchanged' } });
    const r = this.ingest(s.operationId, [
      { id: s.unitId, callSign: s.callSign ?? s.unitId, type: s.type ?? 'a-f-G-U-C', lon: s.lon, lat: s.lat, status: 'emergency', source: 'cot', time: s.time, expectedIntervalS: 15 },
    ], 'local', [[s.unitId, s.label]]);
    return Promise.resolve(r.ok ? { ok: true, value: { state: 'raised' } } : r);
  }

  /** Calls `listener` with every plan published from now on (here or, through the cluster, on another process). */
  onPlan(listener: (plan: OperationBundle) => void): () => void {
    this.planListeners.add(listener);
    return () => {
      this.planListeners.delete(listener);
    };
  }

  publishPlan(plan: OperationBundle, origin: 'local' | 'remote' = 'local'): Result<{ operationId: string }> {
    const id = plan.operation.id;
    const op = this.operation(id, true);
    if (!op) return { ok: false, error: `too many operations (limit ${this.config.limits.maxOperations})` };
    op.plan = plan;
    op.engine.setPlan(plan);
    op.nextTimeRulesAt = 0;
    try {
      this.store.putPlan(plan, this.now());
    } catch (e) {
      this.log(`store: could not save the plan of ${id}: ${errorMessage(e)}`);
    }
    this.io.local.to(room(id)).emit('plan', { operationId: id, plan });
    if (origin === 'local') this.cluster?.publishPlan(plan);
    for (const listener of this.planListeners) {
      try {
        listener(plan);
      } catch (e) {
        this.log(`plan listener: ${errorMessage(e)}`);
      }
    }
    this.metrics.inc('plans.published');
    return { ok: true, value: { operationId: id } };
  }

  subscribe(socket: CordonSocket, operationId: string): Result<Snapshot> {
    if (!socket.data.subs.has(operationId) && socket.data.subs.size >= this.config.limits.maxSubscriptionsPerSocket) {
      return { ok: false, error: `too many subscriptions on this connection (limit ${this.config.limits.maxSubscriptionsPerSocket})` };
    }
    const op = this.operation(operationId, true);
    if (!op) return { ok: false, error: `too many operations (limit ${this.config.limits.maxOperations})` };
    op.subs.set(socket.id, { socket, lastSeq: op.seq, behindSince: null, resyncSent: false, lastSentAt: this.now() });
    socket.data.subs.add(operationId);
    void socket.join(room(operationId));
    this.metrics.inc('subscriptions.made');
    return {
      ok: true,
      value: {
        operationId,
        seq: op.seq,
        serverTime: iso(this.now()),
        units: [...op.latest.values()],
        alerts: op.engine.list(),
        plan: op.plan,
        ...(this.cluster?.linkState ? { cluster: this.cluster.linkState() } : {}),
      },
    };
  }

  unsubscribe(socket: CordonSocket, operationId: string): void {
    this.ops.get(operationId)?.subs.delete(socket.id);
    socket.data.subs.delete(operationId);
    void socket.leave(room(operationId));
  }

  dropSocket(socket: CordonSocket): void {
    for (const id of socket.data.subs ?? []) this.ops.get(id)?.subs.delete(socket.id);
  }

  acknowledge(operationId: string, alertId: string, by: string): Result<Alert> {
    const op = this.ops.get(operationId);
    if (!op) return { ok: false, error: `unknown operation ${operationId}` };
    const r = op.engine.acknowledge(alertId, by, this.now());
    if (!r.ok) return r;
    this.recordAlerts(op, [r.value]);
    this.cluster?.publishAck(r.value);
    this.metrics.inc('alerts.acknowledged');
    return r;
  }

  applyRemoteAck(alert: Alert): void {
    const op = this.ops.get(alert.operationId);
    if (!op) return;
    const merged = op.engine.applyRemoteAck(alert);
    if (merged) this.recordAlerts(op, [merged]);
  }

  async history(q: { operationId: string; from: string; to: string; unitIds?: string[]; maxPositions?: number }): Promise<Result<HistoryResponse>> {
    const fromMs = Date.parse(q.from);
    const toMs = Date.parse(q.to);
    if (!(fromMs <= toMs)) return { ok: false, error: '`from` must not be after `to`' };
    const op = this.ops.get(q.operationId);
    if (op) this.persist(op);
    await this.store.flush();
    const limit = Math.min(q.maxPositions ?? Infinity, this.config.limits.historyMaxPositions);
    const p = this.store.positionHistory({ operationId: q.operationId, fromMs, toMs, ...(q.unitIds ? { unitIds: q.unitIds } : {}), limit });
    const a = this.store.alertHistory({ operationId: q.operationId, fromMs, toMs, limit: this.config.limits.historyMaxAlerts });
    return { ok: true, value: { positions: p.positions, alerts: a.alerts, truncated: p.truncated || a.truncated } };
  }

  private recordAlerts(op: OperationState, alerts: Alert[]): void {
    if (alerts.length === 0) return;
    try {
      this.store.putAlerts(alerts, this.now());
    } catch (e) {
      this.log(`store: could not save alerts of ${op.id}: ${errorMessage(e)}`);
    }
    for (const a of alerts) op.pendingAlerts.set(a.id, a);
  }

  private persist(op: OperationState): void {
    if (op.history.length === 0) return;
    const batch = op.history;
    op.history = [];
    const t0 = performance.now();
    try {
      this.store.writePositions(op.id, batch);
      this.metrics.inc('store.positionsWritten', batch.length);
    } catch (e) {
      this.metrics.inc('store.errors');
      this.log(`store: could not write ${batch.length} positions of ${op.id}: ${errorMessage(e)}`);
    }
    this.metrics.max('store.writeMsMax', performance.now() - t0);
  }

  /** One tick for every operation (exposed for tests). */
  tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    const t0 = performance.now();
    try {
      const now = this.now();
      for (const op of this.ops.values()) {
        try {
          this.tickOperation(op, now);
        } catch (e) {
          this.metrics.inc('tick.errors');
          this.log(`tick: ${op.id}: ${errorMessage(e)}`);
        }
      }
    } finally {
      this.ticking = false;
      const ms = performance.now() - t0;
      this.metrics.max('tick.msMax', ms);
      this.metrics.set('tick.msLast', ms);
    }
  }

  private tickOperation(op: OperationState, now: number): void {
    const timeRules = now >= op.nextTimeRulesAt;
    if (timeRules || op.dirty.size > 0) {
      const changed = op.engine.evaluate(now, op.latest, op.dirty, op.emergencyLabels, timeRules);
      op.dirty.clear();
      if (timeRules) op.nextTimeRulesAt = now + this.config.alerts.evaluateEveryMs;
      for (const a of changed) this.metrics.inc(a.clearedAt !== undefined ? 'alerts.cleared' : 'alerts.raisedOrChanged');
      this.recordAlerts(op, changed);
    }

    const parts = op.pending.size > 0 || op.pendingAlerts.size > 0 ? this.deltaParts(op, now) : [];
    if (op.subs.size > 0) this.fanOut(op, parts, now);
    this.pruneAlertVersions(op);
    // Handed to the store after the fan-out: nothing holds up the delta.
    this.persist(op);
  }

  /**
   * This tick's changes as consecutive deltas of at most `maxUnitsPerDelta` units each (one seq per part; the alerts
   * ride on the last), so no client has to parse and apply one huge message at once. Advances the operation's seq.
   */
  private deltaParts(op: OperationState, now: number): Delta[] {
    const units = [...op.pending.values()];
    const size = this.config.limits.maxUnitsPerDelta;
    const count = Math.max(1, Math.ceil(units.length / size));
    const parts: Delta[] = [];
    for (let i = 0; i < count; i++) {
      op.seq += 1;
      const part = units.slice(i * size, (i + 1) * size);
      const last = i === count - 1;
      parts.push({ operationId: op.id, seq: op.seq, fromSeq: op.seq - 1, serverTime: iso(now), units: part, removed: [], alerts: last ? [...op.pendingAlerts.values()] : [] });
      for (const u of part) op.changedSeq.set(u.id, op.seq);
    }
    for (const a of op.pendingAlerts.values()) op.alertLast.set(a.id, { alert: a, seq: op.seq });
    op.pending.clear();
    op.pendingAlerts.clear();
    return parts;
  }

  private fanOut(op: OperationState, parts: readonly Delta[], now: number): void {
    const upToDate: string[] = [];
    const quiet: string[] = [];
    for (const sub of op.subs.values()) {
      if (sub.resyncSent) continue;
      if (sub.lastSeq >= op.seq) {
        // Nothing new for it. A socket that cannot take a packet has one on its way already: no heartbeat needed.
        if (now - sub.lastSentAt >= this.config.heartbeatMs && canSend(sub.socket)) {
          quiet.push(sub.socket.id);
          sub.lastSentAt = now;
        }
        continue;
      }
      if (!canSend(sub.socket)) {
        sub.behindSince ??= now;
        if (now - sub.behindSince > this.config.limits.resyncAfterMs) {
          sub.resyncSent = true;
          sub.socket.emit('resync', { operationId: op.id, reason: 'this connection fell too far behind: subscribe again' });
          this.metrics.inc('resyncs.sent');
        } else {
          this.metrics.inc('deltas.skippedSlow');
        }
        continue;
      }
      sub.behindSince = null;
      sub.lastSentAt = now;
      if (parts.length > 0 && sub.lastSeq === parts[0]!.fromSeq) {
        upToDate.push(sub.socket.id);
      } else {
        sub.socket.emit('delta', this.mergedDelta(op, sub.lastSeq, now));
        this.metrics.inc('deltas.merged');
      }
      sub.lastSeq = op.seq;
    }
    if (upToDate.length > 0) {
      for (const delta of parts) {
        this.io.local.to(upToDate).emit('delta', delta);
        this.metrics.inc('deltas.sent', upToDate.length);
        this.metrics.inc('updates.sent', upToDate.length * delta.units.length);
      }
    }
    if (quiet.length > 0) {
      // Everyone in `quiet` holds lastSeq === op.seq: one broadcast, encoded once.
      this.io.local.to(quiet).emit('heartbeat', { operationId: op.id, seq: op.seq, serverTime: iso(now) });
      this.metrics.inc('heartbeats.sent', quiet.length);
    }
  }

  private mergedDelta(op: OperationState, fromSeq: number, now: number): Delta {
    const units: PositionReport[] = [];
    for (const [id, seq] of op.changedSeq) {
      if (seq <= fromSeq) continue;
      const r = op.latest.get(id);
      if (r) units.push(r);
    }
    const alerts: Alert[] = [];
    for (const { alert, seq } of op.alertLast.values()) if (seq > fromSeq) alerts.push(alert);
    this.metrics.inc('updates.sent', units.length);
    return { operationId: op.id, seq: op.seq, fromSeq, serverTime: iso(now), units, removed: [], alerts };
  }

  /** Forget alert versions every subscriber has had (or all of them, with nobody subscribed). */
  private pruneAlertVersions(op: OperationState): void {
    if (op.alertLast.size < 1000) return;
    let min = op.seq;
    for (const s of op.subs.values()) if (!s.resyncSent) min = Math.min(min, s.lastSeq);
    for (const [id, v] of op.alertLast) if (v.seq <= min) op.alertLast.delete(id);
  }
}

/** Whether a socket can take another packet now: at most one waiting behind the one being written. */
function canSend(socket: CordonSocket): boolean {
  const conn = socket.conn as unknown as { writeBuffer?: unknown[]; readyState?: string };
  if (conn.readyState !== undefined && conn.readyState !== 'open') return false;
  return (conn.writeBuffer?.length ?? 0) < 2;
}
