/**
 * The alert lifecycle of one operation: turns the conditions the plan-vs-actual rules find into Alert versions
 * (raised, changed, cleared, acknowledged). Per-report rules are re-run only for units whose report changed, unless
 * the plan or the current set of assignments changed; time-based rules run on every evaluation.
 *
 * An alert stays in the engine (and in snapshots) while it is open or cleared-but-unacknowledged. A condition that
 * returns after its alert was cleared raises the alert again under the same id, as a new occurrence.
 */
import type { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import type { AlertsConfig } from '../config';
import { alertOpen, type EmergencyRecord } from '../store/types';
import { iso } from '../util';
import {
  authorityConditions,
  buildLivePlan,
  emergencyConditions,
  lostConditions,
  planEpoch,
  planUnitFor,
  postConditions,
  unitConditions,
  type Condition,
  type LivePlan,
  type PostState,
} from './planVsActual';
import { powerConditions } from './powerExpiry';

export class AlertEngine {
  private plan: LivePlan | null = null;
  private readonly alerts = new Map<string, Alert>();
  /** Device id -> the conditions its latest report raises. Only devices with conditions. */
  private readonly unitConds = new Map<string, Condition[]>();
  /** Device id -> whether it belongs to a planned unit (so lost/post rules skip the rest cheaply). */
  private readonly planned = new Set<string>();
  private readonly postState: PostState = new Map();
  private epoch = -1;
  private planChanged = true;
  /** The time-based conditions (lost, posts, authorities) found by the last evaluation that ran them. */
  private timeConds: Condition[] = [];
  private planVersion: number | undefined;

  constructor(
    readonly operationId: string,
    private readonly settings: AlertsConfig,
    initial: readonly Alert[] = [],
  ) {
    for (const a of initial) if (alertOpen(a)) this.alerts.set(a.id, a);
  }

  /** The published version of the plan (stamped on the plan-vs-actual alerts raised from now on). */
  setPlanVersion(version: number | undefined): void {
    this.planVersion = version;
  }

  setPlan(bundle: OperationBundle | null): void {
    this.plan = bundle ? buildLivePlan(bundle) : null;
    this.planChanged = true;
    this.postState.clear();
  }

  /** Alerts to show: open, or cleared and not yet acknowledged. */
  list(): Alert[] {
    return [...this.alerts.values()];
  }

  get(id: string): Alert | undefined {
    return this.alerts.get(id);
  }

  /**
   * Re-evaluate. `latest` is every unit's newest report, `dirty` the ids whose report changed since the last call,
   * `emergencies` the devices' active emergency latches (raised from the latch, whatever the latest report says).
   * `timeRules` false re-runs only the per-report rules (cheap, every
   * tick) and keeps the time-based conditions of the last full run. Returns the alert versions made (to store and
   * broadcast).
   */
  evaluate(
    now: number,
    latest: ReadonlyMap<string, PositionReport>,
    dirty: Iterable<string>,
    emergencies: ReadonlyMap<string, EmergencyRecord> = new Map(),
    timeRules = true,
  ): Alert[] {
    const lp = this.plan;
    const epoch = lp ? planEpoch(lp, now) : 0;
    const all = this.planChanged || epoch !== this.epoch;
    this.planChanged = false;
    this.epoch = epoch;
    const ids = all ? latest.keys() : dirty;
    if (all) {
      this.unitConds.clear();
      this.planned.clear();
    }
    for (const id of ids) {
      const r = latest.get(id);
      if (!r) continue;
      const conds = unitConditions(lp, r, now);
      if (conds.length > 0) this.unitConds.set(id, conds);
      else this.unitConds.delete(id);
      if (lp && planUnitFor(lp, r)) this.planned.add(id);
      else this.planned.delete(id);
    }

    const conditions: Condition[] = emergencyConditions(lp, emergencies.values(), latest);
    for (const list of this.unitConds.values()) conditions.push(...list);
    if (!lp) this.timeConds = [];
    else if (timeRules || all) {
      const timed: Condition[] = [];
      const plannedReports: PositionReport[] = [];
      for (const id of this.planned) {
        const r = latest.get(id);
        if (r) plannedReports.push(r);
      }
      timed.push(...lostConditions(lp, plannedReports, now, this.settings));
      const byUnit = new Map<string, PositionReport[]>();
      for (const r of plannedReports) {
        const u = planUnitFor(lp, r);
        if (!u) continue;
        const list = byUnit.get(u.id);
        if (list) list.push(r);
        else byUnit.set(u.id, [r]);
      }
      timed.push(...postConditions(lp, byUnit, now, this.settings, this.postState));
      timed.push(...authorityConditions(lp, now, this.settings));
      timed.push(...powerConditions(lp, now, this.settings));
      this.timeConds = timed;
    }
    conditions.push(...this.timeConds);
    return this.reconcile(conditions, now);
  }

  private reconcile(conditions: readonly Condition[], now: number): Alert[] {
    const changed: Alert[] = [];
    const holding = new Set<string>();
    const stamp = iso(now);
    for (const c of conditions) {
      if (holding.has(c.id)) continue;
      holding.add(c.id);
      const existing = this.alerts.get(c.id);
      if (!existing || existing.clearedAt !== undefined) {
        const a: Alert = {
          id: c.id,
          operationId: this.operationId,
          kind: c.kind,
          severity: c.severity,
          message: c.message.slice(0, 500),
          raisedAt: iso(Math.min(c.since, now)),
          ...(c.unitId !== undefined ? { unitId: c.unitId } : {}),
          ...(c.callSign !== undefined ? { callSign: c.callSign.slice(0, 60) } : {}),
          ...(c.featureId !== undefined ? { featureId: c.featureId } : {}),
          ...(c.lon !== undefined && c.lat !== undefined ? { lon: c.lon, lat: c.lat } : {}),
          // Judged against the plan: which published version (an emergency is not a plan-vs-actual alert).
          ...(this.plan && this.planVersion !== undefined && c.kind !== 'emergency' ? { planVersion: this.planVersion } : {}),
          updatedAt: stamp,
        };
        this.alerts.set(a.id, a);
        changed.push(a);
      } else if (existing.message !== c.message.slice(0, 500) || existing.severity !== c.severity) {
        const a: Alert = { ...existing, message: c.message.slice(0, 500), severity: c.severity, updatedAt: stamp };
        if (c.lon !== undefined && c.lat !== undefined) Object.assign(a, { lon: c.lon, lat: c.lat });
        this.alerts.set(a.id, a);
        changed.push(a);
      }
    }
    for (const a of [...this.alerts.values()]) {
      if (a.clearedAt !== undefined || holding.has(a.id)) continue;
      const cleared: Alert = { ...a, clearedAt: stamp, updatedAt: stamp };
      this.keep(cleared);
      changed.push(cleared);
    }
    return changed;
  }

  private keep(a: Alert): void {
    if (alertOpen(a)) this.alerts.set(a.id, a);
    else this.alerts.delete(a.id);
  }

  /**
   * The version an acknowledgement would make (the first acknowledgement stands): not kept until `applyAck`, so the
   * server can make it durable first.
   */
  acknowledgement(id: string, by: string, now: number): Result<Alert> {
    const a = this.alerts.get(id);
    if (!a) return { ok: false, error: `unknown alert ${id} (it may have been cleared and acknowledged already)` };
    if (a.acknowledgedAt !== undefined) return { ok: true, value: a };
    return { ok: true, value: { ...a, acknowledgedBy: by.slice(0, 120), acknowledgedAt: iso(now), updatedAt: iso(now) } };
  }

  /**
   * Keep an acknowledgement (made here once stored, or on another server process) on the alert's current version.
   * Returns the merged version when it changed anything.
   */
  applyAck(remote: Alert): Alert | null {
    if (remote.acknowledgedAt === undefined) return null;
    const local = this.alerts.get(remote.id);
    if (!local) {
      // Not raised here (yet): take the other process's version so every screen agrees.
      this.keep(remote);
      return remote;
    }
    if (local.acknowledgedAt !== undefined) return null;
    const merged: Alert = { ...local, acknowledgedBy: remote.acknowledgedBy, acknowledgedAt: remote.acknowledgedAt, updatedAt: remote.updatedAt };
    this.keep(merged);
    return merged;
  }
}
