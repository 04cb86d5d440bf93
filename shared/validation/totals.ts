/**
 * Head counts for the plan: per phase and per sector, officers by rank and units by type.
 *
 * A unit counts once in a phase if it has any assignment in that phase, and once in a sector if, in any phase,
 * it has a sector assignment to that sector or a post or access point assignment whose position lies inside the
 * sector's polygon. Route segments count towards no sector (a route crosses sectors). `bySector[].byPhase`
 * splits a sector's count by phase on the same rules. `all` counts every unit with at least one assignment.
 *
 * Heads are counted with the app's one head count (shared/domain/strength.ts): officers (Insp + PS + PC), police
 * staff apart, and partner agencies (ambulance, fire) apart again, never as officers.
 */
import { RANKS, headcountOf, isPoliceUnit, type OperationBundle, type Rank, type Unit, type UnitType } from '../domain';
import { targetPoint } from './bronze';
import { buildPlanIndex, featureContains, type PlanIndex, type TimedAssignment } from './planIndex';

export interface Totals {
  units: number;
  /** Inspectors + sergeants + constables of police units. */
  officers: number;
  /** Police staff, counted apart from officers. */
  staff: number;
  /** People of partner agencies (ambulance, fire): not police, not in `officers` or `byRank`. */
  partners: number;
  /** Every rank in the strength of police units, police staff included. */
  byRank: Record<Rank, number>;
  byType: Partial<Record<UnitType, number>>;
}

export interface PhaseTotals {
  phaseId: string;
  name: string;
  totals: Totals;
}

export interface SectorTotals {
  sectorId: string;
  code: string;
  name: string;
  bronze: string;
  totals: Totals;
  /** By phase id; phases with nobody in the sector are left out. */
  byPhase: Record<string, Totals>;
}

export interface PlanTotals {
  all: Totals;
  /** In phase order (by start time). */
  byPhase: PhaseTotals[];
  /** In the order the sectors appear in the plan. */
  bySector: SectorTotals[];
}

const RANK_KEYS = Object.keys(RANKS) as Rank[];

/** Add up a set of units. */
export function sumUnits(units: Iterable<Unit>): Totals {
  const t: Totals = {
    units: 0,
    officers: 0,
    staff: 0,
    partners: 0,
    byRank: { inspectors: 0, sergeants: 0, constables: 0, staff: 0 },
    byType: {},
  };
  for (const u of units) {
    t.units += 1;
    const h = headcountOf(u);
    t.officers += h.officers;
    t.staff += h.staff;
    t.partners += h.partners;
    if (isPoliceUnit(u.type)) for (const r of RANK_KEYS) t.byRank[r] += u.strength[r];
    t.byType[u.type] = (t.byType[u.type] ?? 0) + 1;
  }
  return t;
}

export function planTotals(bundle: OperationBundle): PlanTotals {
  const ix = buildPlanIndex(bundle);
  const unitsOf = (ids: Iterable<string>) => [...ids].map((id) => ix.unitById.get(id)).filter((u): u is Unit => u !== undefined);

  // Assignments of units that no longer exist count nowhere (validation reports them).
  const live = ix.assignments.filter((t) => ix.unitById.has(t.a.unitId));
  const byPhaseIds = new Map<string, Set<string>>();
  const add = <K>(m: Map<K, Set<string>>, k: K, unitId: string) => {
    const s = m.get(k);
    if (s) s.add(unitId);
    else m.set(k, new Set([unitId]));
  };
  for (const t of live) add(byPhaseIds, t.a.phaseId, t.a.unitId);

  const sectors = ix.featuresOfKind('sector');
  const sectorUnits = new Map<string, Set<string>>();
  const sectorPhaseUnits = new Map<string, Map<string, Set<string>>>();
  for (const t of live) {
    for (const sectorId of sectorsOf(ix, t)) {
      add(sectorUnits, sectorId, t.a.unitId);
      let m = sectorPhaseUnits.get(sectorId);
      if (!m) sectorPhaseUnits.set(sectorId, (m = new Map()));
      add(m, t.a.phaseId, t.a.unitId);
    }
  }

  return {
    all: sumUnits(unitsOf(new Set(live.map((t) => t.a.unitId)))),
    byPhase: ix.phases.map((p) => ({
      phaseId: p.phase.id,
      name: p.phase.name,
      totals: sumUnits(unitsOf(byPhaseIds.get(p.phase.id) ?? [])),
    })),
    bySector: sectors.map((s) => ({
      sectorId: s.id,
      code: s.props.sectorCode ?? '',
      name: s.name,
      bronze: s.bronze,
      totals: sumUnits(unitsOf(sectorUnits.get(s.id) ?? [])),
      byPhase: Object.fromEntries(
        [...(sectorPhaseUnits.get(s.id) ?? new Map<string, Set<string>>())].map(([phaseId, ids]) => [phaseId, sumUnits(unitsOf(ids))]),
      ),
    })),
  };
}

/** The sectors an assignment puts its unit in (see the module comment). */
function sectorsOf(ix: PlanIndex, t: TimedAssignment): string[] {
  const target = t.a.target;
  const f = ix.featureById.get(target.featureId);
  if (!f) return [];
  if (target.kind === 'sector') return f.kind === 'sector' ? [f.id] : [];
  const p = targetPoint(ix, target);
  if (!p) return [];
  const at = p;
  return ix
    .featuresOfKind('sector')
    .filter((s) => featureContains(ix, s, at))
    .map((s) => s.id);
}

/** One row of a totals table (per phase or per sector): officers by rank and units by type. */
export interface TotalsRow {
  key: string;
  label: string;
  units: number;
  /** Every rank of police units' strength, police staff included. */
  officers: Record<Rank, number>;
  /** Insp + PS + PC: the same number as everywhere else (officersOf). */
  officerTotal: number;
  /** People of partner agencies, counted apart. */
  partners: number;
  unitsByType: Partial<Record<UnitType, number>>;
}

const row = (key: string, label: string, t: Totals): TotalsRow => ({
  key,
  label,
  units: t.units,
  officers: { ...t.byRank },
  officerTotal: t.officers,
  partners: t.partners,
  unitsByType: { ...t.byType },
});

/** A row per phase, in phase order (phases with nobody show zeros); no rows at all when nothing is assigned. */
export function totalsByPhase(bundle: OperationBundle): TotalsRow[] {
  const totals = planTotals(bundle);
  if (totals.all.units === 0) return [];
  return totals.byPhase.map((p) => row(p.phaseId, p.name, p.totals));
}

/**
 * A row per sector, labelled `S1 Name`; no rows at all when nothing is assigned. With a phase, each sector counts
 * only who is in it in that phase (what the planner is looking at); without one, every phase together.
 */
export function totalsBySector(bundle: OperationBundle, phaseId: string | null = null): TotalsRow[] {
  const totals = planTotals(bundle);
  if (totals.all.units === 0) return [];
  return totals.bySector.map((s) =>
    row(s.sectorId, [s.code, s.name.trim()].filter(Boolean).join(' ') || 'Unnamed sector', phaseId === null ? s.totals : (s.byPhase[phaseId] ?? sumUnits([]))),
  );
}
