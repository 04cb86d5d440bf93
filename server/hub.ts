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
 * Emergencies: a device's emergency is a latch (EmergencyRecord), stored before the source is answered and kept until
 * the same source cancels it or a person clears it; a restart loads it again. While latched, the device is shown with
 * status 'emergency' whatever its later reports say, and the alert is raised from the latch, so an out-of-order or
 * position-less emergency still raises.
 *
 * Durability: `ingest(..., { waitDurable: true })` returns a promise that resolves once the reports are committed
 * (the batch is handed to the store on the next turn of the event loop: group commit); feeds are answered only then.
 *
 * Scale-out (see PROTOCOL.md): reports ingested here are relayed to the other processes through the socket.io Redis
 * adapter (serverSideEmit), as are published plans and acknowledgements. Every process therefore holds the whole
 * live picture, evaluates the same rules, and ticks for its own clients only (`io.local`): `seq` numbers a
 * subscription's stream on one process.
 */
import { roleInOperation, type AccountPrincipal } from './auth/access';
import type { Server, Socket } from 'socket.io';
import type { OperationBundle } from '../shared/domain';
import type {
  Alert,
  ClientToServerEvents,
  Delta,
  OperationInfo,
  PositionReport,
  Role,
  ServerToClientEvents,
  Snapshot,
  VersionNotice,
  AckAlertsResult,
} from '../shared/protocol';
import { MAX_ALERTS_PER_ACK } from '../shared/protocol';
import type { Result } from '../shared/util/result';
import type { Admission } from './admission';
import { AlertEngine } from './alerts/engine';
import type { ServerConfig } from './config';
import type { Metrics } from './metrics';
import type { EmergencyRecord, OperationRecord, OperationState as OperationStateName, Store } from './store/types';
import { errorMessage, iso, type Logger, type TokenBucket } from './util';
import type { ServerTestHooks } from './testHooks';

export interface InterServerEvents {
  'cordon:positions': (operationId: string, reports: PositionReport[], labels: [string, string][]) => void;
  'cordon:plan': (plan: OperationBundle) => void;
  'cordon:ack': (alert: Alert) => void;
  'cordon:emergency': (emergency: EmergencyRecord) => void;
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
  /** The budget of `sync:*` events (server/sync): absent, they spend `bucket`. */
  syncBucket?: TokenBucket;
  refused: number;
  warned: boolean;
  /** The user's rank, when the server's config gives one (recorded on approvals). */
  rank?: string;
  /** A signed-in person (server/auth): their roles per operation decide what they may do. */
  account?: AccountPrincipal;
  /** The workstation id the client gave in its handshake (for the audit trail). */
  workstation?: string;
  /** When a person's session ends by itself. */
  sessionExpiresAt?: string;
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
  publishEmergency(emergency: EmergencyRecord): void;
  /** Whether the processes are joined now (snapshots tell a subscriber that joins during an outage). */
  linkState?(): 'up' | 'down';
}

/** Where reports come from, for ingest. */
export interface IngestFrom {
  /** 'feed:<name>', 'cot', 'cot:<CN>', 'sim', or 'remote' (relayed from another process). */
  origin: string;
  /** Relayed from another process: not relayed again (and not stored again when the store is shared). */
  relayed?: boolean;
  /** The sources' words for emergencies by device id (CoT "911 Alert"). */
  labels?: ReadonlyArray<[string, string]>;
  /** Hand the reports to the store now and return a promise for their commit (feeds are answered only then). */
  waitDurable?: boolean;
}

export interface IngestResult {
  accepted: number;
  /** With waitDurable: resolves once every accepted report and emergency is committed. */
  durable?: Promise<void>;
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
  /** Device id -> its active emergency latch. */
  readonly emergencies = new Map<string, EmergencyRecord>();
  /** Callers waiting for the reports in `history` to be committed. */
  waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  persistScheduled = false;
  plan: OperationBundle | null = null;
  readonly subs = new Map<string, Subscriber>();
  nextTimeRulesAt = 0;
  constructor(
    readonly id: string,
    readonly engine: AlertEngine,
  ) {}
}

const room = (operationId: string) => `op:${operationId}`;
/** Operations watched before anything was written to them, held in memory at most (see Hub.operation). */
const UNRECORDED_OPERATIONS = 100;

export interface HubOptions {
  config: ServerConfig;
  store: Store;
  metrics: Metrics;
  log: Logger;
  io: CordonServer;
  admission: Admission;
  now?: () => number;
  /** Faults a test puts into the stream (server/testHooks.ts); absent in the app. */
  testing?: Pick<ServerTestHooks, 'loseDelta'>;
}

export class Hub {
  private readonly ops = new Map<string, OperationState>();
  /** The store's operation records (lifecycle, legal hold), kept here so that ingest never waits on the store. */
  private readonly records = new Map<string, OperationRecord>();
  private readonly admission: Admission;
  private readonly config: ServerConfig;
  private readonly store: Store;
  private readonly metrics: Metrics;
  private readonly log: Logger;
  private readonly io: CordonServer;
  readonly now: () => number;
  cluster: ClusterBus | null = null;
  private readonly testing: Pick<ServerTestHooks, 'loseDelta'> | null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private readonly planListeners = new Set<(plan: OperationBundle) => void>();
  /** Operation id -> the published version number in force (see setPlanVersion). */
  private readonly versionInForce = new Map<string, number>();
  /** Counts every latch and unlatch; per unit, the count at its last change (see reconcileEmergencies). */
  private emergencyChanges = 0;
  private readonly emergencyChangedAt = new Map<string, number>();

  constructor(o: HubOptions) {
    this.config = o.config;
    this.store = o.store;
    this.metrics = o.metrics;
    this.log = o.log;
    this.io = o.io;
    this.admission = o.admission;
    this.now = o.now ?? Date.now;
    this.testing = o.testing ?? null;
    o.metrics.gauge('operations', () => this.ops.size);
    o.metrics.gauge('units', () => [...this.ops.values()].reduce((s, op) => s + op.latest.size, 0));
    o.metrics.gauge('subscriptions', () => [...this.ops.values()].reduce((s, op) => s + op.subs.size, 0));
  }

  /**
   * Load every operation the store knows that is not archived: plans, latest positions, open alerts and active
   * emergencies. Run at start (before any source is heard) and after the cluster link comes back (merging: a newer
   * report wins, acknowledgements and emergencies are kept).
   */
  async load(): Promise<void> {
    for (const rec of await this.store.operations()) {
      this.records.set(rec.id, rec);
      if (rec.state === 'archived') continue;
      const [latest, plan, alerts, emergencies] = await Promise.all([
        this.store.latest(rec.id),
        this.store.plan(rec.id),
        this.store.openAlerts(rec.id),
        this.store.activeEmergencies(rec.id),
      ]);
      const op = this.ops.get(rec.id) ?? this.addOperation(rec.id, alerts);
      if (this.ops.get(rec.id) === op) for (const a of alerts) if (a.acknowledgedAt !== undefined) op.engine.applyAck(a);
      for (const r of latest) this.takeLatest(op, r);
      for (const e of emergencies) {
        if (!op.emergencies.has(e.unitId)) this.latch(op, e);
      }
      if (plan && !op.plan) {
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
    const op = this.ops.get(operationId);
    return op ? [...op.latest.values()].map((r) => shown(op, r)) : [];
  }

  /** The active emergency latches of an operation. */
  emergencies(operationId: string): EmergencyRecord[] {
    return [...(this.ops.get(operationId)?.emergencies.values() ?? [])];
  }

  /** The alerts an operation shows now (open, or cleared and not yet acknowledged). */
  alerts(operationId: string): Alert[] {
    return this.ops.get(operationId)?.engine.list() ?? [];
  }

  planOf(operationId: string): OperationBundle | null {
    return this.ops.get(operationId)?.plan ?? null;
  }

  /**
   * The operation to write to (`write`: reports, emergencies, plans) or to watch (`view`: subscriptions), creating its
   * live state when needed. Writing to an operation the store has no record of opens one, if the admission allows
   * (maxOperations counts open operations only); writing to a closed or archived one is refused except for an
   * emergency. Watching an unknown operation holds an empty state in memory only (no record), evicted when room is
   * needed, so subscriptions by mistake never use up the limit, across restarts or otherwise.
   */
  private operation(id: string, purpose: 'write' | 'view', emergency = false): Result<OperationState> {
    const found = this.ops.get(id);
    const record = this.records.get(id);
    if (purpose === 'write') {
      if (record) {
        const d = this.admission.mayWriteTo(id, record, emergency);
        if (!d.ok) return this.refuse('closed', d.error);
      } else {
        const open = [...this.records.values()].filter((r) => r.state === 'open').length;
        const d = this.admission.mayCreateOperation(open);
        if (!d.ok) return this.refuse('operations', d.error);
        const now = this.now();
        this.records.set(id, { id, state: 'open', createdAt: iso(now), legalHold: false });
        this.store.ensureOperation(id, now).catch((e: unknown) => this.storeError(`could not record operation ${id}`, e));
      }
    }
    if (found) return { ok: true, value: found };
    if (purpose === 'view') {
      // Watched states without a record (subscriptions to ids nothing was written to) are bounded on their own: make
      // room by forgetting one nobody watches any more.
      const unrecorded = [...this.ops.values()].filter((o) => !this.records.has(o.id));
      if (unrecorded.length >= Math.max(UNRECORDED_OPERATIONS, this.config.limits.maxOperations)) {
        const empty = unrecorded.find((o) => o.latest.size === 0 && o.subs.size === 0);
        if (!empty) return this.refuse('operations', `too many operations watched without data (limit ${UNRECORDED_OPERATIONS})`);
        this.ops.delete(empty.id);
      }
    }
    return { ok: true, value: this.addOperation(id, []) };
  }

  private refuse(reason: string, error: string): Result<never> {
    this.metrics.inc(`operations.refused.${reason}`);
    return { ok: false, error };
  }

  private addOperation(id: string, openAlerts: readonly Alert[]): OperationState {
    const op = new OperationState(id, new AlertEngine(id, this.config.alerts, openAlerts));
    op.engine.setPlanVersion(this.versionInForce.get(id));
    this.ops.set(id, op);
    return op;
  }

  /** The published version number of the plan an operation's alerts are judged against (stamped on its alerts). */
  setPlanVersion(operationId: string, version: number): void {
    this.versionInForce.set(operationId, version);
    this.ops.get(operationId)?.engine.setPlanVersion(version);
  }

  /** Tells this process's subscribers of an operation that a version was published or approved. */
  notifyVersion(notice: VersionNotice): void {
    this.io.local.to(room(notice.operationId)).emit('version', notice);
  }

  /** Move a unit's latest report forward (never back). Returns whether it moved. */
  private takeLatest(op: OperationState, r: PositionReport): boolean {
    const t = Date.parse(r.time);
    const cur = op.latestMs.get(r.id);
    if (cur !== undefined && t < cur) return false;
    op.latest.set(r.id, r);
    op.latestMs.set(r.id, t);
    op.pending.set(r.id, r);
    op.dirty.add(r.id);
    return true;
  }

  private storeError(what: string, e: unknown): void {
    this.metrics.inc('store.errors');
    this.log(`store: ${what}: ${errorMessage(e)}`);
  }

  /** A reason to refuse one report before it is ingested, or null. */
  checkReport(r: PositionReport): string | null {
    const t = Date.parse(r.time);
    if (t > this.now() + this.config.limits.maxFutureSkewS * 1000) return `time ${r.time} is in the future`;
    if (r.status === 'emergency' && this.tooOld(t)) {
      this.metrics.inc('emergencies.refused.tooOld');
      return `emergency time ${r.time} is more than ${this.config.limits.maxEmergencyAgeS} s old: not raised as a live emergency (a replayed capture?)`;
    }
    return null;
  }

  private tooOld(t: number): boolean {
    return t < this.now() - this.config.limits.maxEmergencyAgeS * 1000;
  }

  /**
   * Take already-validated reports (see IngestFrom). Reports older than a unit's latest go to the history only; an
   * emergency in any of them raises the device's latch all the same (an out-of-order emergency is still an emergency),
   * and `cancelEmergency` from the raising source clears it. Local reports are relayed to the other processes.
   */
  ingest(operationId: string, reports: readonly PositionReport[], from: IngestFrom = { origin: 'sim' }): Result<IngestResult> {
    const emergency = reports.some((r) => r.status === 'emergency' || r.cancelEmergency);
    const got = this.operation(operationId, 'write', emergency);
    if (!got.ok) return got;
    const op = got.value;
    const accepted: PositionReport[] = [];
    const emergencyWrites: Promise<unknown>[] = [];
    const labels = new Map(from.labels ?? []);
    for (const r of reports) {
      if (!op.latestMs.has(r.id) && op.latest.size >= this.config.limits.maxUnitsPerOperation) {
        this.metrics.inc('positions.refused.unitLimit');
        continue;
      }
      accepted.push(r);
      // A shared store (PostgreSQL) has the relayed report already: its own process wrote it.
      if (!(from.relayed && this.store.kind === 'postgres')) op.history.push(r);
      if (!this.takeLatest(op, r)) this.metrics.inc('positions.outOfOrder');
      this.metrics.inc(`positions.ingested.${from.relayed ? 'relayed' : r.source}`);
      if (from.relayed) continue; // the origin process latched its emergencies and relays the latch itself
      let signal: Promise<unknown> | null = null;
      if (r.cancelEmergency) {
        signal = this.signalEmergency({ operationId, unitId: r.id, callSign: r.callSign, origin: from.origin, label: '', time: r.time, cancel: true });
      } else if (r.status === 'emergency' && !this.tooOld(Date.parse(r.time))) {
        const label = labels.get(r.id) ?? 'Emergency';
        signal = this.signalEmergency({
          operationId,
          unitId: r.id,
          callSign: r.callSign,
          type: r.type,
          origin: from.origin,
          label,
          time: r.time,
          cancel: false,
          lon: r.lon,
          lat: r.lat,
        });
      }
      if (signal) {
        signal.catch((e: unknown) => this.storeError(`could not save the emergency of ${r.id}`, e));
        emergencyWrites.push(signal);
      }
    }
    if (!from.relayed && this.cluster && accepted.length > 0) this.cluster.publishPositions(operationId, accepted, [...labels]);
    if (!from.waitDurable) return { ok: true, value: { accepted: accepted.length } };
    const written = new Promise<void>((resolve, reject) => op.waiters.push({ resolve, reject }));
    this.persistSoon(op);
    const durable = Promise.all([written, ...emergencyWrites]).then(() => undefined);
    return { ok: true, value: { accepted: accepted.length, durable } };
  }

  /** Hand an operation's buffered reports to the store on the next turn of the event loop (group commit). */
  private persistSoon(op: OperationState): void {
    if (op.persistScheduled) return;
    op.persistScheduled = true;
    setImmediate(() => {
      op.persistScheduled = false;
      this.persist(op);
    });
  }

  /**
   * Raise or cancel a device's emergency (see EmergencySignal). Resolves once the latch is durable. A raise while
   * latched changes nothing; a cancel counts only from the origin that raised it; an emergency older than
   * `limits.maxEmergencyAgeS` (a replayed capture) is refused and counted.
   */
  async signalEmergency(s: EmergencySignal): Promise<Result<{ state: 'raised' | 'unchanged' | 'cancelled' | 'refused'; reason?: string }>> {
    const got = this.operation(s.operationId, 'write', true);
    if (!got.ok) return got;
    const op = got.value;
    const now = this.now();
    const current = op.emergencies.get(s.unitId);
    if (s.cancel) {
      if (!current) return { ok: true, value: { state: 'unchanged' } };
      if (current.origin !== s.origin) {
        this.metrics.inc('emergencies.cancel.refusedOrigin');
        this.log(`emergency of ${s.unitId}: cancel from ${s.origin} refused (raised by ${current.origin})`);
        return {
          ok: true,
          value: { state: 'refused', reason: `the emergency was raised by ${current.origin}; only that source or a controller may clear it` },
        };
      }
      await this.clearLatch(op, current, { clearedAt: iso(now), clearedBy: s.origin, clearedHow: 'device', clearReason: 'cancelled by the device' });
      return { ok: true, value: { state: 'cancelled' } };
    }
    const t = Date.parse(s.time);
    if (!Number.isFinite(t) || this.tooOld(t)) {
      this.metrics.inc('emergencies.refused.tooOld');
      return { ok: true, value: { state: 'refused', reason: `emergency time ${s.time} is more than ${this.config.limits.maxEmergencyAgeS} s old` } };
    }
    if (current) return { ok: true, value: { state: 'unchanged' } };
    const last = op.latest.get(s.unitId);
    const at = s.lon !== undefined && s.lat !== undefined ? { lon: s.lon, lat: s.lat } : last ? { lon: last.lon, lat: last.lat } : {};
    const record: EmergencyRecord = {
      operationId: s.operationId,
      unitId: s.unitId,
      ...((s.callSign ?? last?.callSign) ? { callSign: (s.callSign ?? last?.callSign)!.slice(0, 60) } : {}),
      origin: s.origin,
      label: (s.label || 'Emergency').slice(0, 100),
      raisedAt: iso(t),
      receivedAt: iso(now),
      ...at,
    };
    // Latched (and shown) at once; answered only once stored. A store failure is reported to the source.
    this.latch(op, record);
    this.metrics.inc('emergencies.raised');
    this.log(`EMERGENCY ${record.callSign ?? record.unitId} (${record.label}) from ${record.origin}${record.lon === undefined ? ', position unknown' : ''}`);
    await this.store.putEmergency(record);
    // Relayed once stored: with a shared store, another process must never hold a latch the store lacks.
    this.cluster?.publishEmergency(record);
    return { ok: true, value: { state: 'raised' } };
  }

  /** A person clears a device's emergency (the device could not cancel it). Recorded with who, when and why. */
  async clearEmergency(operationId: string, unitId: string, by: string, reason: string): Promise<Result<EmergencyRecord>> {
    const op = this.ops.get(operationId);
    const current = op?.emergencies.get(unitId);
    if (!op || !current) return { ok: false, error: `no active emergency for ${unitId} in ${operationId}` };
    const cleared = await this.clearLatch(op, current, {
      clearedAt: iso(this.now()),
      clearedBy: by.slice(0, 200),
      clearedHow: 'person',
      clearReason: reason.slice(0, 500),
    });
    this.log(`emergency of ${unitId} cleared by ${by}: ${reason}`);
    return { ok: true, value: cleared };
  }

  /** An emergency latched or cleared on another process. */
  applyRemoteEmergency(e: EmergencyRecord): void {
    const got = this.operation(e.operationId, 'write', true);
    if (!got.ok) return;
    const op = got.value;
    if (e.clearedAt === undefined) {
      if (!op.emergencies.has(e.unitId)) this.latch(op, e);
    } else if (op.emergencies.get(e.unitId)?.raisedAt === e.raisedAt) this.unlatch(op, e.unitId);
    if (this.store.kind !== 'postgres') this.store.putEmergency(e).catch((err: unknown) => this.storeError(`could not save the emergency of ${e.unitId}`, err));
  }

  private latch(op: OperationState, e: EmergencyRecord): void {
    op.emergencies.set(e.unitId, e);
    this.emergencyChangedAt.set(`${op.id}\u0000${e.unitId}`, ++this.emergencyChanges);
    this.showLatchedUnit(op, e);
    this.touch(op, e.unitId);
  }

  /**
   * An emergency of a device this process holds no report of (the report was lost in the window before a kill -9, or
   * reached here only through the shared store or the relay): the unit is shown at the latch's last known position, so
   * the control room sees where the officer was, not only that they pressed. Not stored as a report (the latch is the
   * record); the device's next report replaces it, and the unit goes late and lost as nothing more is heard.
   */
  private showLatchedUnit(op: OperationState, e: EmergencyRecord): void {
    if (op.latest.has(e.unitId) || e.lon === undefined || e.lat === undefined) return;
    const source = e.origin.startsWith('cot') ? 'cot' : e.origin === 'sim' ? 'simulator' : e.origin.startsWith('feed:') ? 'feed' : 'manual';
    const r: PositionReport = {
      id: e.unitId,
      callSign: e.callSign ?? e.unitId,
      type: 'officer',
      lon: e.lon,
      lat: e.lat,
      status: 'emergency',
      source,
      time: e.raisedAt,
      expectedIntervalS: 10,
    };
    op.latest.set(r.id, r);
    op.latestMs.set(r.id, Date.parse(r.time));
    op.dirty.add(r.id);
  }

  private unlatch(op: OperationState, unitId: string): void {
    op.emergencies.delete(unitId);
    this.emergencyChangedAt.set(`${op.id}\u0000${unitId}`, ++this.emergencyChanges);
    this.touch(op, unitId);
  }

  /**
   * With a shared store (several processes on PostgreSQL): raise here every emergency the store holds as active that
   * this process does not show. The Redis relay is the fast path, but a publish can fail while the link still looks up
   * (a stalled event loop times it out, measured in the two-process bench), and an officer's emergency may not depend
   * on it. Only raises, never clears: a clear always reaches the store before any screen (clearLatch), and a unit whose
   * latch changed here while the store was being read is left alone, so a read taken just before a cancel cannot put
   * the cancelled emergency back. Returns how many it raised.
   */
  async reconcileEmergencies(): Promise<number> {
    const readAt = this.emergencyChanges;
    let raised = 0;
    for (const rec of await this.store.operations()) {
      if (rec.state === 'archived') continue;
      for (const e of await this.store.activeEmergencies(rec.id)) {
        if ((this.emergencyChangedAt.get(`${rec.id}\u0000${e.unitId}`) ?? 0) > readAt) continue;
        const got = this.operation(rec.id, 'write', true);
        if (!got.ok || got.value.emergencies.has(e.unitId)) continue;
        this.latch(got.value, e);
        raised++;
      }
    }
    if (raised > 0) {
      this.metrics.inc('emergencies.reconciled', raised);
      this.log(`raised ${raised} emergenc${raised === 1 ? 'y' : 'ies'} found in the shared store that had not reached this process`);
    }
    return raised;
  }

  /** The unit's shown status changed: send it again and re-evaluate its alerts. */
  private touch(op: OperationState, unitId: string): void {
    const r = op.latest.get(unitId);
    if (r) op.pending.set(unitId, r);
    op.dirty.add(unitId);
    op.nextTimeRulesAt = 0;
  }

  private async clearLatch(
    op: OperationState,
    current: EmergencyRecord,
    how: Required<Pick<EmergencyRecord, 'clearedAt' | 'clearedBy' | 'clearedHow' | 'clearReason'>>,
  ): Promise<EmergencyRecord> {
    const cleared: EmergencyRecord = { ...current, ...how };
    // Stored first: a cancel that is not durable must not clear the screens (a restart would raise it again).
    await this.store.putEmergency(cleared);
    if (op.emergencies.get(current.unitId) === current) this.unlatch(op, current.unitId);
    this.cluster?.publishEmergency(cleared);
    this.metrics.inc(`emergencies.cleared.${how.clearedHow}`);
    return cleared;
  }

  /** Calls `listener` with every plan published from now on (here or, through the cluster, on another process). */
  onPlan(listener: (plan: OperationBundle) => void): () => void {
    this.planListeners.add(listener);
    return () => {
      this.planListeners.delete(listener);
    };
  }

  async publishPlan(plan: OperationBundle, origin: 'local' | 'remote' = 'local'): Promise<Result<{ operationId: string }>> {
    const id = plan.operation.id;
    const got = this.operation(id, 'write');
    if (!got.ok) return got;
    const op = got.value;
    op.plan = plan;
    op.engine.setPlan(plan);
    op.nextTimeRulesAt = 0;
    try {
      if (origin === 'local' || this.store.kind !== 'postgres') await this.store.putPlan(plan, this.now());
    } catch (e) {
      this.storeError(`could not save the plan of ${id}`, e);
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
    const got = this.operation(operationId, 'view');
    if (!got.ok) return got;
    const op = got.value;
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
        units: [...op.latest.values()].map((r) => shown(op, r)),
        alerts: op.engine.list(),
        plan: op.plan,
        ...(this.cluster?.linkState ? { cluster: this.cluster.linkState() } : {}),
        ...(socket.data.role !== 'feed' ? { you: { name: socket.data.name.slice(0, 120), role: roleInOperation(socket.data, operationId) } } : {}),
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

  /** Record who acknowledged an alert; answered once the acknowledgement is stored. */
  async acknowledge(operationId: string, alertId: string, by: string): Promise<Result<Alert>> {
    const op = this.ops.get(operationId);
    if (!op) return { ok: false, error: `unknown operation ${operationId}` };
    const r = op.engine.acknowledgement(alertId, by, this.now());
    if (!r.ok || r.value === op.engine.get(alertId)) return r;
    await this.store.putAlerts([r.value], this.now());
    const merged = op.engine.applyAck(r.value);
    if (merged) {
      op.pendingAlerts.set(merged.id, merged);
      if (merged !== r.value) this.recordAlerts(op, [merged]);
    }
    this.cluster?.publishAck(r.value);
    this.metrics.inc('alerts.acknowledged');
    return { ok: true, value: merged ?? r.value };
  }

  /**
   * Acknowledge several alerts at once (a control room's cleared backlog): each recorded like `acknowledge`, with the
   * authenticated user, in ONE store write, answered once it is durable. Emergencies are refused: each is read and
   * acknowledged on its own.
   */
  async acknowledgeMany(operationId: string, alertIds: readonly string[], by: string): Promise<Result<AckAlertsResult>> {
    const op = this.ops.get(operationId);
    if (!op) return { ok: false, error: `unknown operation ${operationId}` };
    const now = this.now();
    const refused: AckAlertsResult['refused'] = [];
    const already: Alert[] = [];
    const made: Alert[] = [];
    for (const id of new Set(alertIds)) {
      const current = op.engine.get(id);
      if (current?.kind === 'emergency') {
        refused.push({ alertId: id, error: 'an emergency is acknowledged on its own, not with others' });
        continue;
      }
      const r = op.engine.acknowledgement(id, by, now);
      if (!r.ok) refused.push({ alertId: id, error: r.error });
      else if (r.value === current) already.push(r.value);
      else made.push(r.value);
    }
    if (made.length > 0) await this.store.putAlerts(made, now);
    const acknowledged = [...already];
    for (const a of made) {
      const merged = op.engine.applyAck(a);
      if (merged) {
        op.pendingAlerts.set(merged.id, merged);
        if (merged !== a) this.recordAlerts(op, [merged]);
      }
      this.cluster?.publishAck(a);
      acknowledged.push(merged ?? a);
    }
    this.metrics.inc('alerts.acknowledged', made.length);
    return { ok: true, value: { acknowledged, refused } };
  }

  /** The acknowledged alerts of the last `hours`, newest acknowledgement first, read back from the store's alert log. */
  async acknowledgedAlerts(operationId: string, hours = 24): Promise<Result<Alert[]>> {
    const to = this.now();
    const { alerts } = await this.store.alertHistory({ operationId, fromMs: to - hours * 3600_000, toMs: to, limit: this.config.limits.historyMaxAlerts });
    const newest = new Map<string, Alert>();
    for (const a of alerts) if (a.acknowledgedAt !== undefined && !(a.updatedAt && (newest.get(a.id)?.updatedAt ?? '') > a.updatedAt)) newest.set(a.id, a);
    return { ok: true, value: [...newest.values()].sort((a, b) => b.acknowledgedAt!.localeCompare(a.acknowledgedAt!)).slice(0, MAX_ALERTS_PER_ACK) };
  }

  applyRemoteAck(alert: Alert): void {
    const op = this.ops.get(alert.operationId);
    if (!op) return;
    const merged = op.engine.applyAck(alert);
    if (merged) {
      if (this.store.kind === 'postgres') op.pendingAlerts.set(merged.id, merged);
      else this.recordAlerts(op, [merged]);
    }
  }

  /** Close, archive or reopen an operation (closed and archived ones stop counting towards maxOperations). */
  async setOperationState(operationId: string, state: OperationStateName, by: string): Promise<Result<OperationInfo>> {
    await this.store.ensureOperation(operationId, this.now());
    const rec = await this.store.setOperationState(operationId, state, by, this.now());
    this.records.set(operationId, rec);
    this.log(`operation ${operationId} ${state} by ${by}`);
    return { ok: true, value: operationInfo(rec) };
  }

  /** Put an operation under legal hold (retention never deletes it) or lift it; recorded with who and why. */
  async setLegalHold(operationId: string, hold: boolean, by: string, reason: string): Promise<Result<OperationInfo>> {
    const known = await this.store.operation(operationId);
    if (!known) return { ok: false, error: `unknown operation ${operationId}` };
    const rec = await this.store.setLegalHold(operationId, hold, by, reason, this.now());
    this.records.set(operationId, rec);
    this.log(`operation ${operationId}: legal hold ${hold ? 'on' : 'off'} by ${by}: ${reason}`);
    return { ok: true, value: operationInfo(rec) };
  }

  /** Commit an operation's buffered reports (before reading its history). */
  async flushOperation(operationId: string): Promise<void> {
    const op = this.ops.get(operationId);
    if (op) this.persist(op);
    await this.store.flush();
  }

  private recordAlerts(op: OperationState, alerts: Alert[]): void {
    if (alerts.length === 0) return;
    this.store.putAlerts(alerts, this.now()).catch((e: unknown) => this.storeError(`could not save alerts of ${op.id}`, e));
    for (const a of alerts) op.pendingAlerts.set(a.id, a);
  }

  private persist(op: OperationState): void {
    const waiters = op.waiters;
    op.waiters = [];
    if (op.history.length === 0) {
      for (const w of waiters) w.resolve();
      return;
    }
    const batch = op.history;
    op.history = [];
    const t0 = performance.now();
    this.store.writePositions(op.id, batch).then(
      () => {
        this.metrics.max('store.writeMsMax', performance.now() - t0);
        this.metrics.inc('store.positionsWritten', batch.length);
        for (const w of waiters) w.resolve();
      },
      (e: unknown) => {
        this.storeError(`could not write ${batch.length} positions of ${op.id}`, e);
        const err = new Error(`not stored: ${errorMessage(e)}`);
        for (const w of waiters) w.reject(err);
      },
    );
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
      const changed = op.engine.evaluate(now, op.latest, op.dirty, op.emergencies, timeRules);
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
      const part = units.slice(i * size, (i + 1) * size).map((r) => shown(op, r));
      const last = i === count - 1;
      parts.push({
        operationId: op.id,
        seq: op.seq,
        fromSeq: op.seq - 1,
        serverTime: iso(now),
        units: part,
        removed: [],
        alerts: last ? [...op.pendingAlerts.values()] : [],
      });
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
    // Subscribers that missed ticks, by the seq they have: all of one group get the same merged delta (encoded once).
    const behind = new Map<number, string[]>();
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
      if (this.testing?.loseDelta?.(op.id, sub.socket.id)) {
        // Lost on the way (a test's fault): the server believes it sent it, as it would after a dropped packet.
        sub.lastSeq = op.seq;
        continue;
      }
      if (parts.length > 0 && sub.lastSeq === parts[0]!.fromSeq) {
        upToDate.push(sub.socket.id);
      } else {
        const group = behind.get(sub.lastSeq);
        if (group) group.push(sub.socket.id);
        else behind.set(sub.lastSeq, [sub.socket.id]);
      }
      sub.lastSeq = op.seq;
    }
    for (const [fromSeq, ids] of behind) {
      const merged = this.mergedDelta(op, fromSeq, now);
      this.io.local.to(ids).emit('delta', merged);
      this.metrics.inc('deltas.merged', ids.length);
      this.metrics.inc('updates.sent', ids.length * merged.units.length);
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
      if (r) units.push(shown(op, r));
    }
    const alerts: Alert[] = [];
    for (const { alert, seq } of op.alertLast.values()) if (seq > fromSeq) alerts.push(alert);
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

function operationInfo(r: OperationRecord): OperationInfo {
  return { id: r.id, state: r.state, createdAt: r.createdAt, ...(r.closedAt ? { closedAt: r.closedAt } : {}), legalHold: r.legalHold };
}

/** A report as screens see it: a latched device shows 'emergency' whatever its latest report says. */
function shown(op: OperationState, r: PositionReport): PositionReport {
  return op.emergencies.size > 0 && r.status !== 'emergency' && op.emergencies.has(r.id) ? { ...r, status: 'emergency' } : r;
}

/** Whether a socket can take another packet now: at most one waiting behind the one being written. */
function canSend(socket: CordonSocket): boolean {
  const conn = socket.conn as unknown as { writeBuffer?: unknown[]; readyState?: string };
  if (conn.readyState !== undefined && conn.readyState !== 'open') return false;
  return (conn.writeBuffer?.length ?? 0) < 2;
}
