/**
 * Everything the rules look up, built once per validation: maps by id, assignments by unit and by access point,
 * parsed times, and cached bounding boxes (the cheap prefilter before any Turf geometry test).
 */
import type { Assignment, OperationBundle, Phase, PlanFeature, PlanGeometry, Position, Unit } from '../domain';
import { centroid } from '../geo/measure';
import { geometryContains } from '../live/areas';

export type BBox = readonly [number, number, number, number];

export interface TimedPhase {
  phase: Phase;
  start: number;
  end: number;
}

export interface TimedAssignment {
  a: Assignment;
  start: number;
  end: number;
}

export interface PlanIndex {
  bundle: OperationBundle;
  /** Sorted by start time. */
  phases: TimedPhase[];
  phaseById: Map<string, TimedPhase>;
  featureById: Map<string, PlanFeature>;
  unitById: Map<string, Unit>;
  assignments: TimedAssignment[];
  assignmentsByUnit: Map<string, TimedAssignment[]>;
  /** Keyed by accessKey(cordonId, accessPointId). */
  assignmentsByAccessPoint: Map<string, TimedAssignment[]>;
  featuresOfKind(kind: PlanFeature['kind']): PlanFeature[];
  bbox(feature: PlanFeature): BBox;
  /** The phases a feature is active in: its phaseIds that exist, or every phase when it lists none. */
  activePhases(feature: PlanFeature): TimedPhase[];
  operationStart: number;
  operationEnd: number;
}

export const accessKey = (cordonId: string, accessPointId: string) => `${cordonId}\u0000${accessPointId}`;

export function geometryBBox(g: PlanGeometry): BBox {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const visit = (p: Position) => {
    const [x, y] = p;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  if (g.type === 'Point') visit(g.coordinates);
  else if (g.type === 'LineString') g.coordinates.forEach(visit);
  else for (const ring of g.coordinates) ring.forEach(visit);
  return [minX, minY, maxX, maxY];
}

export const bboxesOverlap = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
export const bboxContains = (b: BBox, p: Position) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];

export function buildPlanIndex(bundle: OperationBundle): PlanIndex {
  const phases = bundle.phases.map((phase) => ({ phase, start: Date.parse(phase.startsAt), end: Date.parse(phase.endsAt) })).sort((x, y) => x.start - y.start);
  const phaseById = new Map(phases.map((p) => [p.phase.id, p]));
  const featureById = new Map(bundle.features.map((f) => [f.id, f]));
  const unitById = new Map(bundle.units.map((u) => [u.id, u]));
  const byKind = new Map<PlanFeature['kind'], PlanFeature[]>();
  for (const f of bundle.features) {
    const list = byKind.get(f.kind);
    if (list) list.push(f);
    else byKind.set(f.kind, [f]);
  }
  const assignments = bundle.assignments.map((a) => ({ a, start: Date.parse(a.startsAt), end: Date.parse(a.endsAt) }));
  const assignmentsByUnit = new Map<string, TimedAssignment[]>();
  const assignmentsByAccessPoint = new Map<string, TimedAssignment[]>();
  const push = (m: Map<string, TimedAssignment[]>, k: string, t: TimedAssignment) => {
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  };
  for (const t of assignments) {
    push(assignmentsByUnit, t.a.unitId, t);
    if (t.a.target.kind === 'accessPoint' && t.a.target.accessPointId !== undefined) {
      push(assignmentsByAccessPoint, accessKey(t.a.target.featureId, t.a.target.accessPointId), t);
    }
  }
  const bboxes = new Map<string, BBox>();
  return {
    bundle,
    phases,
    phaseById,
    featureById,
    unitById,
    assignments,
    assignmentsByUnit,
    assignmentsByAccessPoint,
    featuresOfKind: (kind) => byKind.get(kind) ?? [],
    bbox(f) {
      let b = bboxes.get(f.id);
      if (!b) {
        b = geometryBBox(f.geometry);
        bboxes.set(f.id, b);
      }
      return b;
    },
    activePhases(f) {
      if (f.phaseIds.length === 0) return phases;
      const ids = new Set(f.phaseIds);
      return phases.filter((p) => ids.has(p.phase.id));
    },
    operationStart: Date.parse(bundle.operation.startsAt),
    operationEnd: Date.parse(bundle.operation.endsAt),
  };
}

/** Where a feature "is" for point tests: a point's position, otherwise its centroid. */
export function featurePoint(f: PlanFeature): Position {
  return f.geometry.type === 'Point' ? f.geometry.coordinates : centroid(f.geometry);
}

/**
 * Point-in-polygon with the bounding box checked first; false for non-polygon features. The one "inside" test of
 * shared/live/areas.ts (holes outside, boundary inside), so plan checks agree with live alerts and the screen.
 */
export function featureContains(ix: PlanIndex, f: PlanFeature, p: Position): boolean {
  if (f.geometry.type !== 'Polygon') return false;
  return geometryContains(f.geometry, ix.bbox(f), p[0], p[1]);
}

/** The app's one officer count (shared/domain/strength.ts): police staff and partner agencies do not staff a cordon. */
export { officersOf } from '../domain/strength';
