/**
 * The live picture of one operation, as the control room's screen holds it: the latest report per unit, each unit's
 * recent trail, the alerts, the plan the server measures against, the sequence number, the server clock offset and
 * the state of the link. Pure and synchronous (no sockets, no timers, no React), so every rule is unit-tested.
 *
 * Coalescing: every applied report marks its unit dirty; `drain()` hands the consumer (the map) each changed unit
 * once, newest report only, however many messages arrived since the last drain. The map drains at most once per
 * animation frame, so it is never fed one message at a time.
 *
 * React reads the store through useSyncExternalStore (`subscribe` / `getViewVersion`). The store tells its readers to
 * look again only for news worth showing at once (a snapshot, a plan, an alert, a change of link) and when the reader's
 * clock asks (`notify`, once a second from useLive): never per delta, so the screen is not re-rendered per message.
 */
import type { OperationBundle } from '../../../shared/domain';
import type { Alert, Delta, Heartbeat, PositionReport, Snapshot } from '../../../shared/protocol';
import { toLiveUnit, type LiveUnit, type UnitChanges, type UnitFeed } from '../../../shared/live';
import { linkView, type LinkState, type LinkTraffic, type LinkView } from './linkView';
import { Trail, type TrailPoint } from './trail';

export type DeltaOutcome =
  { kind: 'applied'; units: number } | { kind: 'duplicate' } | { kind: 'gap'; expected: number; got: number } | { kind: 'ignored'; reason: string };

export interface LiveStoreOptions {
  /** Fixes kept per unit for trails and the unit panel's history. */
  trailCapacity?: number;
}

export class LiveStore implements UnitFeed {
  readonly trailCapacity: number;
  operationId: string | null = null;
  /** Sequence number of the state held; null before the first snapshot (or after the link dropped). */
  seq: number | null = null;
  plan: OperationBundle | null = null;
  link: LinkState;
  /** Server clock minus client clock, ms (smoothed). */
  clockOffsetMs = 0;
  /** Bumped on every change of units / alerts / plan, so readers can tell cheaply whether to look again. */
  version = 0;
  alertsVersion = 0;
  planVersion = 0;

  private readonly byId = new Map<string, LiveUnit>();
  private readonly trails = new Map<string, Trail>();
  private readonly alertsById = new Map<string, Alert>();
  /** Who the server took this screen for (its last snapshot), or null before one: the screen hides what the role may not do. */
  you: Snapshot['you'] | null = null;
  private dirty = new Map<string, LiveUnit>();
  private removedIds = new Set<string>();
  private needsReset = false;
  private traffic: LinkTraffic = { lastMessageAt: null, typicalGapMs: null };
  /** Set by `endAccess`; a later snapshot (access given back) clears it. */
  private accessEnded: { since: number; reason: string } | null = null;
  private deltasSeen = 0;
  private gapEstimate: number | null = null;
  private alertListeners = new Set<(alert: Alert, isNew: boolean) => void>();
  private viewListeners = new Set<() => void>();
  private viewVersion = 0;

  constructor(options: LiveStoreOptions = {}, now = Date.now()) {
    this.trailCapacity = options.trailCapacity ?? 120;
    this.link = { phase: 'connecting', since: now };
  }

  get units(): ReadonlyMap<string, LiveUnit> {
    return this.byId;
  }

  /** The pending changes are held until drained; true when there is something to draw. */
  get hasChanges(): boolean {
    return this.needsReset || this.dirty.size > 0 || this.removedIds.size > 0;
  }

  // ---- applying what the server sends --------------------------------------------------------------------------

  /** Replaces the whole picture: a first subscription, a resync after a gap, or a reconnection. */
  applySnapshot(s: Snapshot, receivedAt: number): void {
    this.accessEnded = null;
    const changedOperation = s.operationId !== this.operationId;
    this.operationId = s.operationId;
    this.seq = s.seq;
    this.byId.clear();
    if (changedOperation) this.trails.clear();
    for (const r of s.units) this.put(r, receivedAt, false);
    // Trails of units that are no longer there go with them.
    for (const id of this.trails.keys()) if (!this.byId.has(id)) this.trails.delete(id);
    this.alertsById.clear();
    for (const a of s.alerts) this.alertsById.set(a.id, a);
    this.you = s.you ?? null;
    this.plan = s.plan;
    this.planVersion++;
    this.alertsVersion++;
    this.needsReset = true;
    this.dirty.clear();
    this.removedIds.clear();
    this.deltasSeen = 0;
    this.gapEstimate = null;
    this.traffic = { lastMessageAt: receivedAt, typicalGapMs: null };
    this.observeClock(s.serverTime, receivedAt, true);
    this.version++;
    this.notify();
  }

  /**
   * Applies one tick's changes, if it builds on the state held (`fromSeq <= seq held < seq`; `fromSeq` defaults to
   * `seq - 1`). A delta that starts after the state held is not applied (`gap`): the caller must resubscribe for a
   * fresh snapshot.
   */
  applyDelta(d: Delta, receivedAt: number): DeltaOutcome {
    if (this.operationId === null || this.seq === null) return { kind: 'ignored', reason: 'no snapshot yet' };
    if (d.operationId !== this.operationId) return { kind: 'ignored', reason: `delta for another operation (${d.operationId})` };
    if (d.seq <= this.seq) return { kind: 'duplicate' };
    if ((d.fromSeq ?? d.seq - 1) > this.seq) return { kind: 'gap', expected: this.seq + 1, got: d.fromSeq !== undefined ? d.fromSeq + 1 : d.seq };
    this.seq = d.seq;
    let n = 0;
    for (const r of d.units) if (this.put(r, receivedAt, true)) n++;
    for (const id of d.removed) {
      if (!this.byId.delete(id)) continue;
      this.trails.delete(id);
      this.dirty.delete(id);
      this.removedIds.add(id);
      n++;
    }
    for (const a of d.alerts) this.upsertAlert(a);
    this.noteMessage(receivedAt);
    this.observeClock(d.serverTime, receivedAt, false);
    if (n > 0) this.version++;
    return { kind: 'applied', units: n };
  }

  /**
   * A heartbeat on a quiet operation: traffic like a delta (the link is not stalled) and a clock reading. Its seq is
   * judged by the socket wrapper, which resyncs on a gap.
   */
  applyHeartbeat(h: Heartbeat, receivedAt: number): void {
    if (this.seq === null || h.operationId !== this.operationId) return;
    this.noteMessage(receivedAt);
    this.observeClock(h.serverTime, receivedAt, false);
  }

  setPlan(plan: OperationBundle | null): void {
    this.plan = plan;
    this.planVersion++;
    this.version++;
    this.notify();
  }

  /**
   * An alert from a delta, or the server's answer to an acknowledgement. One both cleared and acknowledged leaves the
   * list (as it leaves the server's snapshots); it stays in the recorded history.
   */
  upsertAlert(a: Alert): void {
    if (this.operationId !== null && a.operationId !== this.operationId) return;
    const held = this.alertsById.get(a.id);
    // An older version (by updatedAt) arriving late does not undo a newer one, e.g. an acknowledgement.
    if (held?.updatedAt && a.updatedAt && a.updatedAt < held.updatedAt) return;
    const isNew = !held;
    if (a.clearedAt && a.acknowledgedAt) this.alertsById.delete(a.id);
    else this.alertsById.set(a.id, a);
    this.alertsVersion++;
    this.version++;
    for (const l of this.alertListeners) l(a, isNew);
    this.notify();
  }

  onAlert(listener: (alert: Alert, isNew: boolean) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  /** Records the link state the socket wrapper reports. Going down forgets the sequence: a resync must follow. */
  setLink(link: LinkState): void {
    if (link.phase !== 'connected') this.seq = null;
    this.link = link;
    this.version++;
    this.notify();
  }

  linkView(nowMs: number): LinkView {
    if (this.accessEnded) return { kind: 'ended', ...this.accessEnded };
    return linkView(this.link, this.traffic, nowMs);
  }

  /** The server ended this person's access to the operation: the picture stays as it was, frozen and marked. */
  endAccess(reason: string, at: number): void {
    this.accessEnded = { since: at, reason };
    this.version++;
    this.notify();
  }

  get lastMessageAt(): number | null {
    return this.traffic.lastMessageAt;
  }

  // ---- React's view of the store (useSyncExternalStore) ---------------------------------------------------------

  /** Registers a reader to be told when to look again; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  };

  /** Changes each time readers are told to look again (the snapshot useSyncExternalStore compares). */
  readonly getViewVersion = (): number => this.viewVersion;

  /** Tells readers to look again: on news (called by the store itself) and on the reader's clock. */
  notify(): void {
    this.viewVersion++;
    for (const l of this.viewListeners) l();
  }

  // ---- reading --------------------------------------------------------------------------------------------------

  /** Each unit changed since the last drain, once, with its newest report. */
  drain(): UnitChanges {
    if (this.needsReset) {
      this.needsReset = false;
      this.dirty = new Map();
      this.removedIds = new Set();
      return { reset: true, changed: [...this.byId.values()], removed: [] };
    }
    const out = { reset: false, changed: [...this.dirty.values()], removed: [...this.removedIds] };
    this.dirty = new Map();
    this.removedIds = new Set();
    return out;
  }

  trail(id: string, sinceMs = -Infinity): TrailPoint[] {
    return this.trails.get(id)?.since(sinceMs) ?? [];
  }

  trailCoordinates(id: string, sinceMs: number): [number, number][] {
    return this.trails.get(id)?.coordinatesSince(sinceMs) ?? [];
  }

  alerts(): Alert[] {
    return [...this.alertsById.values()];
  }

  alert(id: string): Alert | undefined {
    return this.alertsById.get(id);
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  /** Stores a report unless an equal-or-newer one is already held; returns whether it changed anything. */
  private put(r: PositionReport, receivedAt: number, markDirty: boolean): boolean {
    const u = toLiveUnit(r, receivedAt);
    if (!u) return false;
    const held = this.byId.get(u.id);
    if (held && held.timeMs > u.timeMs) {
      // An older fix arriving late still belongs in the trail.
      this.trailOf(u.id).push(u.timeMs, u.lon, u.lat);
      return false;
    }
    this.byId.set(u.id, u);
    this.trailOf(u.id).push(u.timeMs, u.lon, u.lat);
    if (markDirty) {
      this.removedIds.delete(u.id);
      this.dirty.set(u.id, u);
    }
    return true;
  }

  private trailOf(id: string): Trail {
    let t = this.trails.get(id);
    if (!t) this.trails.set(id, (t = new Trail(this.trailCapacity)));
    return t;
  }

  private noteMessage(at: number): void {
    const last = this.traffic.lastMessageAt;
    this.deltasSeen++;
    if (last !== null) {
      const gap = Math.max(0, at - last);
      this.gapEstimate = this.gapEstimate === null ? gap : this.gapEstimate * 0.8 + gap * 0.2;
    }
    // The server's rhythm is only trusted after a few deltas.
    this.traffic = { lastMessageAt: at, typicalGapMs: this.deltasSeen >= 3 ? this.gapEstimate : null };
  }

  private observeClock(serverTime: string, receivedAt: number, reset: boolean): void {
    const server = Date.parse(serverTime);
    if (!Number.isFinite(server)) return;
    const offset = server - receivedAt;
    this.clockOffsetMs = reset ? offset : this.clockOffsetMs * 0.9 + offset * 0.1;
  }
}
