/**
 * At low zoom the members of a PSU or serial (all devices with the same `groupId`, the call sign of the planned unit)
 * collapse into one symbol for their unit, at the members' centroid, with a count: grouping by organisation, never
 * anonymous clusters. Pure.
 */
import type { LiveStatus } from '../protocol';
import { freshnessOf, freshnessRank, type Freshness } from './freshness';
import type { LiveUnit } from './liveUnit';
import { callSignKey } from './plannedUnit';

export interface UnitGroup {
  groupId: string;
  lon: number;
  lat: number;
  count: number;
  /** Members not fresh (late, lost or expired). */
  notFresh: number;
  /** Members lost or expired. */
  missing: number;
  /** Emergency wins; otherwise the status most members have. */
  status: LiveStatus;
  /** The freshness most members have (ties go to the fresher). */
  freshness: Freshness;
  /** The planned unit's type when the plan knows the call sign (the plannedUnit rule: any case), else the members' most common type. */
  type: string;
  memberIds: string[];
}

function mostCommon<T extends string>(counts: Map<T, number>, tieBreak: (a: T, b: T) => number): T {
  let best: T | undefined;
  let n = -1;
  for (const [k, c] of counts) if (c > n || (c === n && best !== undefined && tieBreak(k, best) < 0)) [best, n] = [k, c];
  return best!;
}

const bump = <T>(m: Map<T, number>, k: T) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * Groups units by `groupId`. Units without one are not grouped (they stay individual symbols). Members whose
 * report has expired do not pull the centroid, unless every member has expired. `plannedTypes` is keyed by
 * callSignKey (see plannedTypesOf).
 */
export function groupUnits(units: Iterable<LiveUnit>, nowMs: number, plannedTypes: ReadonlyMap<string, string> = new Map()): UnitGroup[] {
  const members = new Map<string, { u: LiveUnit; f: Freshness }[]>();
  for (const u of units) {
    if (!u.groupId) continue;
    let list = members.get(u.groupId);
    if (!list) members.set(u.groupId, (list = []));
    list.push({ u, f: freshnessOf(u, nowMs) });
  }
  const out: UnitGroup[] = [];
  for (const [groupId, list] of members) {
    const current = list.filter((m) => m.f !== 'expired');
    const placed = current.length > 0 ? current : list;
    let lon = 0;
    let lat = 0;
    for (const m of placed) {
      lon += m.u.lon;
      lat += m.u.lat;
    }
    const statuses = new Map<LiveStatus, number>();
    const fresh = new Map<Freshness, number>();
    const types = new Map<string, number>();
    let notFresh = 0;
    let missing = 0;
    for (const m of list) {
      bump(statuses, m.u.status);
      bump(fresh, m.f);
      bump(types, m.u.type);
      if (m.f !== 'fresh') notFresh++;
      if (m.f === 'lost' || m.f === 'expired') missing++;
    }
    out.push({
      groupId,
      lon: lon / placed.length,
      lat: lat / placed.length,
      count: list.length,
      notFresh,
      missing,
      status: statuses.has('emergency') ? 'emergency' : mostCommon(statuses, (a, b) => a.localeCompare(b)),
      freshness: mostCommon(fresh, (a, b) => freshnessRank(a) - freshnessRank(b)),
      type: plannedTypes.get(callSignKey(groupId)) ?? mostCommon(types, (a, b) => a.localeCompare(b)),
      memberIds: list.map((m) => m.u.id).sort(),
    });
  }
  return out.sort((a, b) => a.groupId.localeCompare(b.groupId, 'en', { numeric: true }));
}

/** Planned call sign (as callSignKey) -> unit type, for drawing groups with their planned unit's type. */
export function plannedTypesOf(units: readonly { callSign: string; type: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of units) if (!out.has(callSignKey(u.callSign))) out.set(callSignKey(u.callSign), u.type);
  return out;
}
