/**
 * What the plan says about the live picture: sectors (to filter units by where they are), the planned unit a device
 * belongs to, and that unit's assignment in the current phase. Pure.
 */
import { ASSIGNMENT_TARGETS, FEATURE_KINDS, type Assignment, type OperationBundle, type Phase, type Unit } from '../../../shared/domain';
import { polygonOf, pointInPolygon, type PreparedPolygon } from './geometry';

export interface SectorArea {
  id: string;
  label: string;
  polygon: PreparedPolygon;
}

export function sectorsOf(plan: OperationBundle | null): SectorArea[] {
  const out: SectorArea[] = [];
  for (const f of plan?.features ?? []) {
    if (f.kind !== 'sector') continue;
    const polygon = polygonOf(f.geometry);
    if (polygon) out.push({ id: f.id, label: [f.props.sectorCode, f.name].filter(Boolean).join(' ') || 'Sector', polygon });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
}

/** The sector a position lies in ('' when none). */
export function sectorAt(lon: number, lat: number, sectors: readonly SectorArea[]): string {
  for (const s of sectors) if (pointInPolygon(lon, lat, s.polygon)) return s.id;
  return '';
}

/** The phase running at `nowMs`, if any. */
export function phaseAt(plan: OperationBundle | null, nowMs: number): Phase | null {
  for (const p of plan?.phases ?? []) if (Date.parse(p.startsAt) <= nowMs && nowMs < Date.parse(p.endsAt)) return p;
  return null;
}

/** The planned unit (PSU, serial, ...) a device reports for: its group's call sign, else its own. */
export function plannedUnitFor(plan: OperationBundle | null, u: { groupId?: string | undefined; callSign: string }): Unit | null {
  if (!plan) return null;
  const keys = [u.groupId, u.callSign].filter((k): k is string => Boolean(k)).map((k) => k.trim().toLowerCase());
  for (const k of keys) {
    const found = plan.units.find((x) => x.callSign.toLowerCase() === k);
    if (found) return found;
  }
  return null;
}

/** Call sign -> unit type, for drawing groups with their planned unit's type. */
export function plannedTypes(plan: OperationBundle | null): Map<string, string> {
  return new Map((plan?.units ?? []).map((u) => [u.callSign, u.type]));
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
