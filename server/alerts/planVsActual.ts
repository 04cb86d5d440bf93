/**
 * Plan vs actual: pure rules that compare live positions with the published plan (an OperationBundle) and return the
 * conditions that hold now. Each condition has a stable id (same condition, same id while it lasts) so that every
 * screen, and every server process, agrees which alert is which.
 *
 * A position report belongs to a planned unit by the one rule the control room's screen also uses
 * (shared/live/plannedUnit.ts: its groupId, else its callSign, either case), and "inside" an area is the shared
 * area index's test (shared/live/areas.ts: holes outside, boundary inside), so an alert and the unit panel agree.
 *
 * Rules:
 * - emergency: a report with status 'emergency' (a feed's panic button, a CoT 911 alert);
 * - outOfSector: a unit outside every sector it is assigned to now (a sector assignment, or the sector holding its
 *   assigned post or cordon access point); not while on refreshment or off duty;
 * - cordonBreach: a report inside an inner cordon, sterile area or containment active in the current phase that its
 *   unit is not assigned to (an assignment to the cordon, one of its access points, or a post inside it), unless the
 *   operation lets that unit's type (or a unit held in reserve) cross that kind of cordon (Operation.cordonCrossing:
 *   medics, PLT and evidence gatherers do it all day, and an alert for each would get the alert muted);
 * - postUncovered: a covered post (a post, or a cordon access point: both are places a unit must stand) active in the
 *   current phase, with units assigned to it now, none of whose devices has a fresh report within the post's
 *   tolerance, for longer than `postUncoveredAfterS` (counted from when that was first seen, but never from before
 *   the phase or the assignment began);
 * - authorityExpiring: a legal authority in force that expires within `authorityWarningMin` (or has expired);
 * - unitLost: a planned unit's device with no report for more than `lostAfterIntervals` x its expected interval.
 */
import * as turf from '@turf/turf';
import { BREACH_CORDON_TYPES, mayCross, type OperationBundle, type PlanFeature, type Position, type Unit } from '../../shared/domain';
import type { AlertKind, AlertSeverity, PositionReport } from '../../shared/protocol';
import { centroid } from '../../shared/geo/measure';
import { capitalised, featureLabel } from '../../shared/validation/format';
import { buildAreaIndex, matchPlannedUnit, plannedUnitIndex, type AreaIndex, type PlannedUnitIndex } from '../../shared/live';
import { accessKey, buildPlanIndex, type PlanIndex, type TimedAssignment, type TimedPhase } from '../../shared/validation/planIndex';
import type { AlertsConfig } from '../config';
import type { EmergencyRecord } from '../store/types';

export interface Condition {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  /** When the condition began (becomes the alert's raisedAt). */
  since: number;
  unitId?: string;
  callSign?: string;
  featureId?: string;
  lon?: number;
  lat?: number;
}

export interface LivePlan {
  ix: PlanIndex;
  /** The planned units by call sign, for the shared device-to-unit rule. */
  units: PlannedUnitIndex;
  /** Every area of the plan, prepared once: all "inside" questions go here. */
  areas: AreaIndex;
  sectors: PlanFeature[];
  /** Cordons the breach rule watches (BREACH_CORDON_TYPES, polygons). */
  restricted: PlanFeature[];
  posts: PlanFeature[];
  /** Every place a unit must stand: posts and cordon access points (see CoveredPost). */
  covered: CoveredPost[];
  authorities: PlanFeature[];
  /** Post id -> the assignments to it. */
  assignmentsByPost: Map<string, TimedAssignment[]>;
  /** Sorted times at which the set of current phases or assignments changes. */
  boundaries: number[];
}

/** A post or a cordon access point, judged alike for coverage. */
export interface CoveredPost {
  /** The post's id, or the access point's key (accessKey): also the key of its PostState. */
  key: string;
  /** The post, or the cordon the access point is on (its phases decide when the point is active). */
  feature: PlanFeature;
  accessPointId?: string;
  centre: Position;
  /** 'Post "Bank"', 'Access point "North gate" on inner cordon "Russell Square"'. */
  label: string;
  assignments: TimedAssignment[];
}

function coveredPosts(ix: PlanIndex, posts: PlanFeature[], byPost: Map<string, TimedAssignment[]>): CoveredPost[] {
  const out: CoveredPost[] = [];
  for (const post of posts) {
    if (post.geometry.type !== 'Point') continue;
    out.push({
      key: post.id,
      feature: post,
      centre: post.geometry.coordinates,
      label: capitalised(featureLabel(post)),
      assignments: byPost.get(post.id) ?? [],
    });
  }
  for (const cordon of ix.featuresOfKind('cordon')) {
    for (const ap of cordon.props.accessPoints ?? []) {
      const key = accessKey(cordon.id, ap.id);
      const name = ap.name.trim() ? `Access point "${ap.name.trim()}"` : 'An access point';
      out.push({
        key,
        feature: cordon,
        accessPointId: ap.id,
        centre: ap.position,
        label: `${name} on ${featureLabel(cordon)}`,
        assignments: ix.assignmentsByAccessPoint.get(key) ?? [],
      });
    }
  }
  return out;
}

export function buildLivePlan(bundle: OperationBundle): LivePlan {
  const ix = buildPlanIndex(bundle);
  const areas = buildAreaIndex(bundle);
  const polygons = (fs: PlanFeature[]) => fs.filter((f) => areas.byId.has(f.id));
  const times = new Set<number>();
  for (const p of ix.phases) times.add(p.start).add(p.end);
  for (const a of ix.assignments) times.add(a.start).add(a.end);
  for (const f of ix.featuresOfKind('authority')) {
    for (const t of [f.props.authorityStartsAt, f.props.authorityExpiresAt]) if (t) times.add(Date.parse(t));
  }
  const assignmentsByPost = new Map<string, TimedAssignment[]>();
  for (const t of ix.assignments) {
    if (t.a.target.kind !== 'post') continue;
    const list = assignmentsByPost.get(t.a.target.featureId);
    if (list) list.push(t);
    else assignmentsByPost.set(t.a.target.featureId, [t]);
  }
  const watched = new Set<string>(BREACH_CORDON_TYPES);
  const posts = ix.featuresOfKind('post').filter((f) => f.geometry.type === 'Point');
  return {
    ix,
    units: plannedUnitIndex(bundle.units),
    areas,
    assignmentsByPost,
    sectors: polygons(ix.featuresOfKind('sector')),
    restricted: polygons(ix.featuresOfKind('cordon')).filter((f) => watched.has(f.props.cordonType ?? '')),
    posts,
    covered: coveredPosts(ix, posts, assignmentsByPost),
    authorities: ix.featuresOfKind('authority'),
    boundaries: [...times].filter(Number.isFinite).sort((a, b) => a - b),
  };
}

/** Which stretch between boundaries `now` falls in: when it changes, current assignments may have changed. */
export function planEpoch(lp: LivePlan, now: number): number {
  let lo = 0;
  let hi = lp.boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lp.boundaries[mid]! <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function planUnitFor(lp: LivePlan, r: PositionReport): Unit | undefined {
  return matchPlannedUnit(lp.units, r) ?? undefined;
}

/** Whether a plan area holds a point (the shared test; false for a feature that is not an area). */
const inside = (lp: LivePlan, f: PlanFeature, p: Position) => lp.areas.contains(f.id, p[0], p[1]);

export function currentPhase(lp: LivePlan, now: number): TimedPhase | undefined {
  return lp.ix.phases.find((p) => p.start <= now && now < p.end);
}

export function currentAssignments(lp: LivePlan, unitId: string, now: number): TimedAssignment[] {
  return (lp.ix.assignmentsByUnit.get(unitId) ?? []).filter((t) => t.start <= now && now < t.end);
}

const pos = (r: PositionReport): Position => [r.lon, r.lat];

function activeNow(lp: LivePlan, f: PlanFeature, phase: TimedPhase | undefined): boolean {
  if (f.phaseIds.length === 0) return true;
  return phase !== undefined && f.phaseIds.includes(phase.phase.id);
}

function pointOfTarget(lp: LivePlan, t: TimedAssignment): Position | undefined {
  const f = lp.ix.featureById.get(t.a.target.featureId);
  if (!f) return undefined;
  if (t.a.target.kind === 'post' && f.geometry.type === 'Point') return f.geometry.coordinates;
  if (t.a.target.kind === 'accessPoint') return f.props.accessPoints?.find((ap) => ap.id === t.a.target.accessPointId)?.position;
  return undefined;
}

/** The sectors a unit is meant to be in now (empty: no sector constraint, e.g. only a route segment). */
export function assignedSectors(lp: LivePlan, unitId: string, now: number): PlanFeature[] {
  const out = new Map<string, PlanFeature>();
  for (const t of currentAssignments(lp, unitId, now)) {
    if (t.a.target.kind === 'sector') {
      const f = lp.ix.featureById.get(t.a.target.featureId);
      if (f && lp.areas.byId.has(f.id)) out.set(f.id, f);
      continue;
    }
    const p = pointOfTarget(lp, t);
    if (!p) continue;
    for (const s of lp.sectors) if (inside(lp, s, p)) out.set(s.id, s);
  }
  return [...out.values()];
}

function assignedToCordon(lp: LivePlan, unitId: string, cordon: PlanFeature, now: number): boolean {
  for (const t of currentAssignments(lp, unitId, now)) {
    if (t.a.target.featureId === cordon.id) return true;
    const p = pointOfTarget(lp, t);
    if (p && inside(lp, cordon, p)) return true;
  }
  return false;
}

/** A stable id no longer than the Alert schema allows. */
export function alertId(...parts: string[]): string {
  const id = parts.join(':');
  if (id.length <= 120) return id;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  const hash = ((h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0')).slice(0, 16);
  return `${id.slice(0, 100)}~${hash}`;
}

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false });
/** `14:02`, UK local time. */
export const hhmm = (ms: number) => clock.format(new Date(ms));

function who(r: PositionReport, unit: Unit | undefined): string {
  return unit && unit.callSign !== r.callSign ? `${r.callSign} (${unit.callSign})` : r.callSign;
}

const about = (r: PositionReport) => ({ unitId: r.id, callSign: r.callSign, lon: r.lon, lat: r.lat });

/**
 * The emergency of each latched device (see EmergencyRecord): raised from the latch, not from the latest report, so
 * that an out-of-order or position-less emergency still raises and an ordinary report never clears one. The alert
 * sits at the device's newest known position; with none, it says "position unknown".
 */
export function emergencyConditions(lp: LivePlan | null, latches: Iterable<EmergencyRecord>, latest: ReadonlyMap<string, PositionReport>): Condition[] {
  const out: Condition[] = [];
  for (const e of latches) {
    const r = latest.get(e.unitId);
    const unit = lp && r ? planUnitFor(lp, r) : undefined;
    const callSign = r?.callSign ?? e.callSign ?? e.unitId;
    const name = unit && unit.callSign !== callSign ? `${callSign} (${unit.callSign})` : callSign;
    const at = r ? { lon: r.lon, lat: r.lat } : e.lon !== undefined && e.lat !== undefined ? { lon: e.lon, lat: e.lat } : null;
    out.push({
      id: alertId('emergency', e.unitId),
      kind: 'emergency',
      severity: 'critical',
      message: `Emergency activation: ${name}${e.label ? ` (${e.label})` : ''}${at ? '' : ': position unknown'}`,
      since: Date.parse(e.raisedAt),
      unitId: e.unitId,
      callSign,
      ...(at ?? {}),
    });
  }
  return out;
}

/** The conditions one report raises by itself: outOfSector and cordonBreach (emergencies come from their latch). */
export function unitConditions(lp: LivePlan | null, r: PositionReport, now: number): Condition[] {
  const out: Condition[] = [];
  const t = Date.parse(r.time);
  const unit = lp ? planUnitFor(lp, r) : undefined;
  if (!lp) return out;
  const p = pos(r);
  if (unit && r.status !== 'refreshment' && r.status !== 'offDuty') {
    const sectors = assignedSectors(lp, unit.id, now);
    if (sectors.length > 0 && !sectors.some((s) => inside(lp, s, p))) {
      out.push({
        id: alertId('outOfSector', r.id),
        kind: 'outOfSector',
        severity: 'medium',
        message: `${who(r, unit)} is outside its assigned ${sectors.map(featureLabel).join(' or ')}`,
        since: t,
        featureId: sectors[0]!.id,
        ...about(r),
      });
    }
  }
  const phase = currentPhase(lp, now);
  const crossing = lp.ix.bundle.operation.cordonCrossing;
  for (const c of lp.restricted) {
    if (!activeNow(lp, c, phase) || !inside(lp, c, p)) continue;
    if (unit && assignedToCordon(lp, unit.id, c, now)) continue;
    if (
      unit &&
      mayCross(
        crossing,
        c.props.cordonType,
        unit.type,
        currentAssignments(lp, unit.id, now).map((t) => t.a.posture),
      )
    )
      continue;
    out.push({
      id: alertId('cordonBreach', r.id, c.id),
      kind: 'cordonBreach',
      severity: 'high',
      message: `${who(r, unit)} is inside ${featureLabel(c)}, which it is not assigned to`,
      since: t,
      featureId: c.id,
      ...about(r),
    });
  }
  return out;
}

const lostAfterMs = (r: PositionReport, s: Pick<AlertsConfig, 'lostAfterIntervals'>) => s.lostAfterIntervals * r.expectedIntervalS * 1000;

/** A report still counts as a fix for coverage: not lost and not past its own stale time. */
export function isFresh(r: PositionReport, now: number, s: Pick<AlertsConfig, 'lostAfterIntervals'>): boolean {
  const t = Date.parse(r.time);
  if (now - t > lostAfterMs(r, s)) return false;
  return r.staleAt === undefined || Date.parse(r.staleAt) > now;
}

/** Lost devices of planned units. */
export function lostConditions(lp: LivePlan, reports: Iterable<PositionReport>, now: number, s: Pick<AlertsConfig, 'lostAfterIntervals'>): Condition[] {
  const out: Condition[] = [];
  for (const r of reports) {
    if (r.status === 'offDuty') continue;
    const unit = planUnitFor(lp, r);
    if (!unit) continue;
    const t = Date.parse(r.time);
    const after = lostAfterMs(r, s);
    if (now - t <= after) continue;
    out.push({
      id: alertId('unitLost', r.id),
      kind: 'unitLost',
      severity: 'medium',
      message: `${who(r, unit)} lost: no report since ${hhmm(t)} (expected every ${r.expectedIntervalS} s)`,
      since: t + after,
      ...about(r),
    });
  }
  return out;
}

/** Planned unit id -> the latest reports of its devices. */
export function reportsByPlanUnit(lp: LivePlan, reports: Iterable<PositionReport>): Map<string, PositionReport[]> {
  const out = new Map<string, PositionReport[]>();
  for (const r of reports) {
    const unit = planUnitFor(lp, r);
    if (!unit) continue;
    const list = out.get(unit.id);
    if (list) list.push(r);
    else out.set(unit.id, [r]);
  }
  return out;
}

/** Per post: since when it has been seen uncovered, and in which phase (the clock restarts with each phase). */
export type PostState = Map<string, { since: number; phaseId: string }>;

export function postConditions(
  lp: LivePlan,
  byUnit: ReadonlyMap<string, PositionReport[]>,
  now: number,
  s: Pick<AlertsConfig, 'postUncoveredAfterS' | 'defaultPostToleranceM' | 'lostAfterIntervals'>,
  state: PostState,
): Condition[] {
  const out: Condition[] = [];
  const phase = currentPhase(lp, now);
  const seen = new Set<string>();
  if (phase) {
    for (const post of lp.covered) {
      if (!activeNow(lp, post.feature, phase)) continue;
      const assigned = post.assignments.filter((t) => t.start <= now && now < t.end);
      if (assigned.length === 0) continue;
      const centre = post.centre;
      const tolerance = (post.accessPointId === undefined ? post.feature.props.toleranceM : undefined) ?? s.defaultPostToleranceM;
      const covered = assigned.some((t) =>
        (byUnit.get(t.a.unitId) ?? []).some(
          (r) => isFresh(r, now, s) && turf.distance([r.lon, r.lat], [centre[0], centre[1]], { units: 'meters' }) <= tolerance,
        ),
      );
      if (covered) continue;
      seen.add(post.key);
      const earliest = Math.max(phase.start, Math.min(...assigned.map((t) => t.start)));
      const prev = state.get(post.key);
      const since = prev && prev.phaseId === phase.phase.id ? prev.since : Math.max(now, earliest);
      state.set(post.key, { since, phaseId: phase.phase.id });
      if (now - since < s.postUncoveredAfterS * 1000) continue;
      const callSigns = [...new Set(assigned.map((t) => lp.ix.unitById.get(t.a.unitId)?.callSign ?? '?'))].join(', ');
      const id = post.accessPointId === undefined ? alertId('postUncovered', post.feature.id) : alertId('postUncovered', post.feature.id, post.accessPointId);
      out.push({
        id,
        kind: 'postUncovered',
        severity: 'medium',
        message: `${post.label} uncovered since ${hhmm(since)}: ${callSigns} not within ${Math.round(tolerance)} m`,
        since: since + s.postUncoveredAfterS * 1000,
        featureId: post.feature.id,
        lon: centre[0],
        lat: centre[1],
      });
    }
  }
  for (const id of [...state.keys()]) if (!seen.has(id)) state.delete(id);
  return out;
}

export function authorityConditions(lp: LivePlan, now: number, s: Pick<AlertsConfig, 'authorityWarningMin'>): Condition[] {
  if (lp.ix.bundle.operation.status === 'closed' || lp.ix.bundle.operation.archived) return [];
  const out: Condition[] = [];
  for (const f of lp.authorities) {
    const expires = f.props.authorityExpiresAt ? Date.parse(f.props.authorityExpiresAt) : NaN;
    if (!Number.isFinite(expires)) continue;
    const starts = f.props.authorityStartsAt ? Date.parse(f.props.authorityStartsAt) : -Infinity;
    const warnFrom = expires - s.authorityWarningMin * 60_000;
    if (now < warnFrom || now < starts) continue;
    const label = featureLabel(f);
    const expired = now >= expires;
    const [lon, lat] = centroid(f.geometry);
    out.push({
      id: alertId('authorityExpiring', f.id),
      kind: 'authorityExpiring',
      severity: 'high',
      message: expired
        ? `${capitalised(label)} expired at ${hhmm(expires)}`
        : `${capitalised(label)} expires at ${hhmm(expires)}${f.props.authorisingOfficer ? ` (authorised by ${f.props.authorisingOfficer})` : ''}`,
      since: warnFrom,
      featureId: f.id,
      lon,
      lat,
    });
  }
  return out;
}
