/**
 * The tables of a briefing pack that are generated from the plan, never retyped: command chart, deployment matrix,
 * key locations with 10-figure grid references, legal authorities, talkgroups and the phase timeline. Pure functions
 * of the operation bundle (and the briefing for names the plan does not hold).
 */
import {
  AUTHORITY_TYPES,
  KEY_LOCATION_TYPES,
  POSTURES,
  UNIT_TYPES,
  type Assignment,
  type OperationBundle,
  type PlanFeature,
  type PlanGeometry,
  type Posture,
  headcountOfAll,
  type Headcount,
} from '../domain';
import { toGridRef } from '../geo';
import { bronzeOfAssignment } from '../validation/bronze';
import { buildPlanIndex, type PlanIndex } from '../validation/planIndex';
import type { Briefing } from './schema';

export const BRIEF_TIME_ZONE = 'Europe/London';

const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: BRIEF_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: BRIEF_TIME_ZONE,
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateFmt = new Intl.DateTimeFormat('en-GB', { timeZone: BRIEF_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** 24-hour clock time in London, e.g. "07:30". */
export const formatTime = (iso: string): string => timeFmt.format(new Date(iso));
/** e.g. "13 Jun 2026, 07:30". */
export const formatDateTime = (iso: string): string => dateTimeFmt.format(new Date(iso));
/**
 * An assignment's window with its date, so a matrix spanning two days (or a night shift) reads unambiguously:
 * "13 Jun 2026, 07:30-19:00", or "13 Jun 2026, 22:00-14 Jun 2026, 02:00" across midnight (London days).
 */
export function formatWindow(startIso: string, endIso: string): string {
  const start = formatDateTime(startIso);
  const sameDay = dayFmt.format(new Date(startIso)) === dayFmt.format(new Date(endIso));
  return `${start}-${sameDay ? formatTime(endIso) : formatDateTime(endIso)}`;
}
const dayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: BRIEF_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** e.g. "13 June 2026". */
export const formatDate = (iso: string): string => dateFmt.format(new Date(iso));

/** A representative point of a geometry: the point itself, a line's middle vertex, a polygon ring's vertex average. */
export function representativePoint(g: PlanGeometry): [number, number] {
  if (g.type === 'Point') return [g.coordinates[0], g.coordinates[1]];
  const coords = g.type === 'LineString' ? g.coordinates : (g.coordinates[0] ?? []);
  if (g.type === 'LineString') {
    const mid = coords[Math.floor(coords.length / 2)] ?? coords[0];
    return mid ? [mid[0], mid[1]] : [0, 0];
  }
  // Drop the closing vertex of the ring before averaging.
  const ring = coords.length > 1 ? coords.slice(0, -1) : coords;
  const sum = ring.reduce((s, p) => [s[0] + p[0], s[1] + p[1]], [0, 0]);
  return ring.length ? [sum[0] / ring.length, sum[1] / ring.length] : [0, 0];
}

/** 10-figure grid reference, or the reason there is none (off the grid). */
export function gridRefOf(lon: number, lat: number): string {
  const r = toGridRef(lon, lat, 10);
  return r.ok ? r.value : 'Off grid';
}

// ---- command chart ----------------------------------------------------------------------------------------------

export interface BronzeNode {
  /** e.g. "Sector 3 Bronze", "Cordons Bronze". */
  name: string;
  callSign: string;
  /** Sector codes and names this Bronze owns. */
  sectors: string[];
  /** Call signs of the units that report to this Bronze, sorted. */
  units: string[];
  /** Officers of those units (the app's one count: shared/domain/strength.ts). */
  officers: number;
  /** Officers, police staff and partner agencies, each counted apart. */
  headcount: Headcount;
}

export interface CommandChart {
  gold: { name: string; callSign: string };
  silver: { name: string; callSign: string };
  bronzes: BronzeNode[];
}

const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** The Bronze an assignment reports to: its own, its target's, or the sector's its post stands in (validation/bronze.ts). */
const bronzeOf = (ix: PlanIndex, a: Assignment): string => bronzeOfAssignment(ix, a).name;

/** Gold and Silver from the briefing; Bronzes from sectors, features and assignments, each with its units. */
export function commandChart(bundle: OperationBundle, briefing: Pick<Briefing, 'gold' | 'silver' | 'bronzeCallSigns'>): CommandChart {
  const ix = buildPlanIndex(bundle);
  const unitsById = ix.unitById;
  const nodes = new Map<string, { sectors: Set<string>; units: Set<string> }>();
  const node = (name: string) => {
    let n = nodes.get(name);
    if (!n) nodes.set(name, (n = { sectors: new Set(), units: new Set() }));
    return n;
  };
  for (const f of bundle.features) {
    const b = f.bronze.trim();
    if (!b) continue;
    const n = node(b);
    if (f.kind === 'sector') n.sectors.add(f.props.sectorCode ? `${f.props.sectorCode} ${f.name}` : f.name);
  }
  for (const a of bundle.assignments) {
    const b = bronzeOf(ix, a);
    if (!b) continue;
    if (unitsById.has(a.unitId)) node(b).units.add(a.unitId);
  }
  const bronzes = [...nodes.entries()]
    .map(([name, n]): BronzeNode => {
      const units = [...n.units].map((id) => unitsById.get(id)!);
      const headcount = headcountOfAll(units);
      return {
        name,
        callSign: briefing.bronzeCallSigns[name] ?? '',
        sectors: [...n.sectors].sort(byName.compare),
        units: units.map((u) => u.callSign).sort(byName.compare),
        officers: headcount.officers,
        headcount,
      };
    })
    .sort((a, b) => byName.compare(a.name, b.name));
  return { gold: { ...briefing.gold }, silver: { ...briefing.silver }, bronzes };
}

// ---- deployment matrix ------------------------------------------------------------------------------------------

export interface DeploymentRow {
  callSign: string;
  unitType: string;
  phase: string;
  post: string;
  /** 10-figure grid reference of the post, where it has one place. */
  gridRef: string;
  time: string;
  bronze: string;
  posture: Posture | '';
  talkgroup: string;
}

/** What a unit is posted to, in words: "Post 12", "AP 2 Oxford St (Inner Gower St 3)", "Procession route 0.4-1.2 km". */
export function describeTarget(a: Assignment, featuresById: ReadonlyMap<string, PlanFeature>): { text: string; at: [number, number] | null } {
  const f = featuresById.get(a.target.featureId);
  if (!f) return { text: 'Feature removed', at: null };
  const name = f.name || 'Unnamed';
  switch (a.target.kind) {
    case 'accessPoint': {
      const ap = f.props.accessPoints?.find((p) => p.id === a.target.accessPointId);
      return ap
        ? { text: `${ap.name || 'Access point'} (${name})`, at: [ap.position[0], ap.position[1]] }
        : { text: name, at: representativePoint(f.geometry) };
    }
    case 'routeSegment': {
      const km = (m: number | undefined) => ((m ?? 0) / 1000).toFixed(1);
      const seg = a.target.fromM !== undefined || a.target.toM !== undefined ? ` ${km(a.target.fromM)}-${km(a.target.toM)} km` : '';
      return { text: `${name}${seg}`, at: representativePoint(f.geometry) };
    }
    case 'sector':
      return { text: f.props.sectorCode ? `${f.props.sectorCode} ${name}` : name, at: null };
    case 'post':
      return { text: name, at: representativePoint(f.geometry) };
  }
}

/**
 * One row per assignment (unit x phase x post x time x Bronze), ordered by phase, Bronze and call sign; every unit
 * with no assignment still gets a row ("Not assigned"), so the matrix accounts for every unit in the operation.
 */
export function deploymentMatrix(bundle: OperationBundle): DeploymentRow[] {
  const ix = buildPlanIndex(bundle);
  const featuresById = ix.featureById;
  const phaseOrder = new Map([...bundle.phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((p, i) => [p.id, i]));
  const phasesById = new Map(bundle.phases.map((p) => [p.id, p]));
  const unitsById = new Map(bundle.units.map((u) => [u.id, u]));
  const rows: Array<DeploymentRow & { order: number; startMs: number }> = [];
  const assigned = new Set<string>();
  for (const a of bundle.assignments) {
    const u = unitsById.get(a.unitId);
    if (!u) continue;
    assigned.add(u.id);
    const target = describeTarget(a, featuresById);
    rows.push({
      order: phaseOrder.get(a.phaseId) ?? 1e9,
      startMs: Date.parse(a.startsAt),
      callSign: u.callSign,
      unitType: UNIT_TYPES[u.type],
      phase: phasesById.get(a.phaseId)?.name ?? 'Phase removed',
      post: target.text,
      gridRef: target.at ? gridRefOf(target.at[0], target.at[1]) : '',
      time: formatWindow(a.startsAt, a.endsAt),
      bronze: bronzeOf(ix, a),
      posture: a.posture,
      talkgroup: u.talkgroup,
    });
  }
  for (const u of bundle.units) {
    if (assigned.has(u.id)) continue;
    rows.push({
      order: 2e9,
      startMs: 0,
      callSign: u.callSign,
      unitType: UNIT_TYPES[u.type],
      phase: '',
      post: 'Not assigned',
      gridRef: '',
      time: u.shiftStart && u.shiftEnd ? formatWindow(u.shiftStart, u.shiftEnd) : '',
      bronze: '',
      posture: '',
      talkgroup: u.talkgroup,
    });
  }
  rows.sort((a, b) => a.order - b.order || byName.compare(a.bronze, b.bronze) || byName.compare(a.callSign, b.callSign) || a.startMs - b.startMs);
  return rows.map(({ order: _order, startMs: _s, ...row }) => row);
}

export const POSTURE_LABELS: Record<Posture, string> = Object.fromEntries(POSTURES.map((p) => [p, p[0]!.toUpperCase() + p.slice(1)])) as Record<
  Posture,
  string
>;

// ---- key locations ----------------------------------------------------------------------------------------------

export interface KeyLocationRow {
  id: string;
  name: string;
  type: string;
  gridRef: string;
  lon: number;
  lat: number;
  bronze: string;
  notes: string;
}

/** Key locations (and posts with a place), each with a 10-figure grid reference, grouped by type. */
export function keyLocations(bundle: OperationBundle): KeyLocationRow[] {
  const typeOrder = Object.keys(KEY_LOCATION_TYPES);
  return bundle.features
    .filter((f) => f.kind === 'keyLocation')
    .map((f) => {
      const [lon, lat] = representativePoint(f.geometry);
      const t = f.props.locationType ?? 'rvp';
      return {
        id: f.id,
        name: f.name,
        type: KEY_LOCATION_TYPES[t],
        gridRef: gridRefOf(lon, lat),
        lon,
        lat,
        bronze: f.bronze,
        notes: f.notes,
        order: typeOrder.indexOf(t),
      };
    })
    .sort((a, b) => a.order - b.order || byName.compare(a.name, b.name))
    .map(({ order: _order, ...row }) => row);
}

// ---- legal authorities ------------------------------------------------------------------------------------------

export interface AuthorityRow {
  name: string;
  power: string;
  authorisingOfficer: string;
  starts: string;
  expires: string;
  /** Grid reference of the area's centre. */
  gridRef: string;
  /** True when the authority has no expiry set (every power here is time-limited, so that is a gap to fill). */
  missingExpiry: boolean;
}

export function legalAuthorities(bundle: OperationBundle): AuthorityRow[] {
  return bundle.features
    .filter((f) => f.kind === 'authority')
    .map((f) => {
      const [lon, lat] = representativePoint(f.geometry);
      const p = f.props;
      return {
        name: f.name,
        power: AUTHORITY_TYPES[p.authorityType ?? 's60'],
        authorisingOfficer: p.authorisingOfficer ?? '',
        starts: p.authorityStartsAt ? formatDateTime(p.authorityStartsAt) : '',
        expires: p.authorityExpiresAt ? formatDateTime(p.authorityExpiresAt) : 'NOT SET',
        gridRef: gridRefOf(lon, lat),
        missingExpiry: !p.authorityExpiresAt,
        sortKey: p.authorityExpiresAt ?? '~',
      };
    })
    .sort((a, b) => a.sortKey.localeCompare(b.sortKey) || byName.compare(a.name, b.name))
    .map(({ sortKey: _s, ...row }) => row);
}

// ---- talkgroups -------------------------------------------------------------------------------------------------

export interface TalkgroupRows {
  /** Per Bronze (sector or function): the talkgroups its units use. */
  byBronze: Array<{ bronze: string; sectors: string; talkgroups: string[] }>;
  /** Per unit. */
  byUnit: Array<{ callSign: string; unitType: string; talkgroup: string; bronze: string }>;
}

export function talkgroups(bundle: OperationBundle): TalkgroupRows {
  const ix = buildPlanIndex(bundle);
  const unitsById = ix.unitById;
  const sectorsByBronze = new Map<string, string[]>();
  for (const f of bundle.features) {
    if (f.kind !== 'sector' || !f.bronze.trim()) continue;
    const list = sectorsByBronze.get(f.bronze.trim()) ?? [];
    list.push(f.props.sectorCode ?? f.name);
    sectorsByBronze.set(f.bronze.trim(), list);
  }
  const tgs = new Map<string, Set<string>>();
  const unitBronze = new Map<string, Set<string>>();
  for (const a of bundle.assignments) {
    const u = unitsById.get(a.unitId);
    const b = bronzeOf(ix, a);
    if (!u || !b) continue;
    if (u.talkgroup) (tgs.get(b) ?? tgs.set(b, new Set()).get(b)!).add(u.talkgroup);
    (unitBronze.get(u.id) ?? unitBronze.set(u.id, new Set()).get(u.id)!).add(b);
  }
  const bronzes = new Set([...tgs.keys(), ...sectorsByBronze.keys()]);
  return {
    byBronze: [...bronzes].sort(byName.compare).map((b) => ({
      bronze: b,
      sectors: (sectorsByBronze.get(b) ?? []).sort(byName.compare).join(', '),
      talkgroups: [...(tgs.get(b) ?? [])].sort(byName.compare),
    })),
    byUnit: [...bundle.units]
      .sort((a, b) => byName.compare(a.callSign, b.callSign))
      .map((u) => ({
        callSign: u.callSign,
        unitType: UNIT_TYPES[u.type],
        talkgroup: u.talkgroup,
        bronze: [...(unitBronze.get(u.id) ?? [])].sort(byName.compare).join(', '),
      })),
  };
}

// ---- phase timeline ---------------------------------------------------------------------------------------------

export interface PhaseRow {
  name: string;
  starts: string;
  ends: string;
  /** Position and width of the phase's bar within the operation, 0..1. */
  offset: number;
  width: number;
  units: number;
  features: number;
}

export function phaseTimeline(bundle: OperationBundle): PhaseRow[] {
  const phases = [...bundle.phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const t0 = Math.min(Date.parse(bundle.operation.startsAt), ...phases.map((p) => Date.parse(p.startsAt)));
  const t1 = Math.max(Date.parse(bundle.operation.endsAt), ...phases.map((p) => Date.parse(p.endsAt)));
  const span = Math.max(1, t1 - t0);
  return phases.map((p) => {
    const s = Date.parse(p.startsAt);
    const e = Date.parse(p.endsAt);
    return {
      name: p.name,
      starts: formatDateTime(p.startsAt),
      ends: formatDateTime(p.endsAt),
      offset: (s - t0) / span,
      width: Math.max(0, e - s) / span,
      units: new Set(bundle.assignments.filter((a) => a.phaseId === p.id).map((a) => a.unitId)).size,
      features: bundle.features.filter((f) => f.phaseIds.length === 0 || f.phaseIds.includes(p.id)).length,
    };
  });
}
