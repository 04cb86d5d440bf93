/**
 * What the plan says about the live picture: sectors (to filter units by where they are), the planned unit a device
 * belongs to, and that unit's assignment in the current phase. Pure.
 */
import { ASSIGNMENT_TARGETS, FEATURE_KINDS, type Assignment, type OperationBundle, type Phase, type Unit } from '../../../shared/domain';
import { areaContains, buildAreaIndex, plannedTypesOf, plannedUnitIn, type AreaIndex, type PreparedArea } from '../../../shared/live';

/** A sector as the filters and the unit panel use it: prepared once by the shared area index. */
export type SectorArea = PreparedArea;

/** The plan's sectors, ordered by label ("S1 North", "S2 South", ...). */
export function sectorsOf(plan: OperationBundle | null): SectorArea[] {
  return [...buildAreaIndex(plan).ofKind('sector')];
}

/** The sector a position lies in ('' when none; the first by label when sectors overlap). */
export function sectorAt(lon: number, lat: number, sectors: readonly SectorArea[]): string {
  for (const s of sectors) if (areaContains(s, lon, lat)) return s.id;
  return '';
}

/** The phase running at `nowMs`, if any. */
export function phaseAt(plan: OperationBundle | null, nowMs: number): Phase | null {
  for (const p of plan?.phases ?? []) if (Date.parse(p.startsAt) <= nowMs && nowMs < Date.parse(p.endsAt)) return p;
  return null;
}

/** The planned unit (PSU, serial, ...) a device reports for: the one rule the server's alerts use (shared/live). */
export function plannedUnitFor(plan: OperationBundle | null, u: { groupId?: string | undefined; callSign: string }): Unit | null {
  return plannedUnitIn(plan, u);
}

/** Where a unit stands in the plan, as the unit panel shows it (judged by the rules the server's alerts use). */
export interface UnitPlace {
  /** The planned unit the device reports for (shared/live/plannedUnit.ts). */
  planned: Unit | null;
  /** The sectors holding its position, by label; the panel names the first. */
  sectors: PreparedArea[];
  /** The cordons and authority areas holding its position (boundary included, holes excluded). */
  within: PreparedArea[];
}

export function unitPlace(
  plan: OperationBundle | null,
  areas: AreaIndex,
  u: { callSign: string; groupId?: string | undefined; lon: number; lat: number },
): UnitPlace {
  return {
    planned: plannedUnitFor(plan, u),
    sectors: areas.at(u.lon, u.lat, 'sector'),
    within: [...areas.at(u.lon, u.lat, 'cordon'), ...areas.at(u.lon, u.lat, 'authority')],
  };
}

/** Call sign -> unit type, for drawing groups with their planned unit's type. */
export function plannedTypes(plan: OperationBundle | null): Map<string, string> {
  return plannedTypesOf(plan?.units ?? []);
}

export interface AssignmentView {
  assignment: Assignment;
  phaseName: string;
  /** e.g. "Post: Gate 3" or "Sector: S2 North". */
  target: string;
  featureId: string;
}

/**
 * The planned unit's assignments in the given phase, or (no phase chosen) those whose time window covers `nowMs`,
 * earliest first.
 */
export function assignmentsFor(plan: OperationBundle | null, unit: Unit | null, phaseId: string | null, nowMs: number): AssignmentView[] {
  if (!plan || !unit) return [];
  const phases = new Map(plan.phases.map((p) => [p.id, p]));
  const features = new Map(plan.features.map((f) => [f.id, f]));
  return plan.assignments
    .filter((a) => a.unitId === unit.id)
    .filter((a) => (phaseId ? a.phaseId === phaseId : Date.parse(a.startsAt) <= nowMs && nowMs < Date.parse(a.endsAt)))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((a) => {
      const f = features.get(a.target.featureId);
      const ap = a.target.accessPointId ? f?.props.accessPoints?.find((x) => x.id === a.target.accessPointId) : undefined;
      const name = f ? f.name || FEATURE_KINDS[f.kind] : 'a deleted feature';
      return {
        assignment: a,
        phaseName: phases.get(a.phaseId)?.name ?? '',
        target: `${ASSIGNMENT_TARGETS[a.target.kind]}: ${name}${ap ? ` (${ap.name || 'access point'})` : ''}`,
        featureId: a.target.featureId,
      };
    });
}
