/**
 * The domain model as zod schemas: one definition gives both the TypeScript types and the runtime check used at
 * every trust boundary (IndexedDB upgrades, imported files, IPC, sockets).
 */
import { z } from 'zod';
import {
  AUTHORITY_TYPES,
  CORDON_TYPES,
  FEATURE_KINDS,
  KEY_LOCATION_TYPES,
  OPERATION_STATUSES,
  OPERATION_TYPES,
  POSTURES,
  PROTECTIVE_MARKINGS,
  ROUTE_TYPES,
  UNIT_TYPES,
  ASSIGNMENT_TARGETS,
  FORBIDDEN_MARKINGS,
} from './enums';
import { CordonCrossing } from './cordonCrossing';
import { Briefing } from './briefing';
import { Power } from '../powers/schema';

const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const IsoTime = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(100);
const Name = z.string().trim().max(200);
const Notes = z.string().max(20_000);

export const Longitude = z.number().finite().min(-180).max(180);
export const Latitude = z.number().finite().min(-90).max(90);
export const Position = z.tuple([Longitude, Latitude]).rest(z.number().finite());
export type Position = z.infer<typeof Position>;

const LinearRing = z.array(Position).min(4);
export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position });
export const LineGeometry = z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) });
export const PolygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(LinearRing).min(1) });
export const PlanGeometry = z.discriminatedUnion('type', [PointGeometry, LineGeometry, PolygonGeometry]);
export type PlanGeometry = z.infer<typeof PlanGeometry>;

/** The message a SECRET or TOP SECRET operation is refused with, wherever it tries to come in. */
export const MARKING_REFUSED =
  'Cordon holds OFFICIAL and OFFICIAL-SENSITIVE material only. A SECRET or TOP SECRET operation must be planned on a system accredited for it; it was not loaded.';

export const Marking = z.enum(PROTECTIVE_MARKINGS, {
  error: (issue) =>
    (FORBIDDEN_MARKINGS as readonly unknown[]).includes(issue.input)
      ? MARKING_REFUSED
      : `Unknown protective marking (use ${PROTECTIVE_MARKINGS.join(' or ')}).`,
});

export const Operation = z.object({
  id: Id,
  name: Name.min(1),
  type: z.enum(keysOf(OPERATION_TYPES)),
  status: z.enum(OPERATION_STATUSES),
  marking: Marking,
  /** OFFICIAL-SENSITIVE descriptor, e.g. PERSONAL; printed under the marking. */
  markingDescriptor: z.string().trim().max(60).optional(),
  /** Handling instructions, e.g. "Not to be shared outside the command team"; printed under the marking. */
  handlingInstructions: z.string().trim().max(300).optional(),
  /** Who may cross which cordon without a breach alert; absent: DEFAULT_CORDON_CROSSING. */
  cordonCrossing: CordonCrossing.optional(),
  startsAt: IsoTime,
  endsAt: IsoTime,
  goldStrategy: Notes.default(''),
  silverPlan: Notes.default(''),
  archived: z.boolean().default(false),
  /** The briefing pack's written order (IIMARCH), risk register and distribution; absent until first edited. */
  briefing: Briefing.optional(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  /**
   * The legal powers register (shared/powers): kept on the operation, like the briefing, so that every path an
   * operation already takes (undo, history, sync, .cordon export/import, templates) carries it. Absent: none yet.
   */
  powers: z.array(Power).max(500).optional(),
});
export type Operation = z.infer<typeof Operation>;

export const Phase = z.object({
  id: Id,
  operationId: Id,
  name: Name.min(1),
  startsAt: IsoTime,
  endsAt: IsoTime,
});
export type Phase = z.infer<typeof Phase>;

export const AccessPoint = z.object({
  id: Id,
  name: Name,
  position: Position,
  /** Officers needed to staff it. */
  staffingRequired: z.number().int().min(0).max(1000),
});
export type AccessPoint = z.infer<typeof AccessPoint>;

export const Checkpoint = z.object({
  id: Id,
  name: Name,
  /** Distance along the route from its start, metres. */
  distanceM: z.number().finite().min(0),
  /** Planned time of arrival, if the planner set one (the app also computes one from pace). */
  plannedAt: IsoTime.optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** Kind-specific fields; a feature only carries those of its kind. */
export const FeatureProps = z.object({
  sectorCode: z.string().max(20).optional(),
  colour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  cordonType: z.enum(keysOf(CORDON_TYPES)).optional(),
  accessPoints: z.array(AccessPoint).max(500).optional(),
  routeType: z.enum(keysOf(ROUTE_TYPES)).optional(),
  paceKmh: z.number().finite().min(0.5).max(60).optional(),
  routeStartsAt: IsoTime.optional(),
  checkpoints: z.array(Checkpoint).max(500).optional(),
  locationType: z.enum(keysOf(KEY_LOCATION_TYPES)).optional(),
  authorityType: z.enum(keysOf(AUTHORITY_TYPES)).optional(),
  authorisingOfficer: Name.optional(),
  authorityStartsAt: IsoTime.optional(),
  authorityExpiresAt: IsoTime.optional(),
  radiusM: z.number().finite().positive().max(100_000).optional(),
  /** Text drawn on the map for annotations. */
  text: z.string().max(500).optional(),
  /** A post's tolerance radius, metres: a unit within it counts as on post. */
  toleranceM: z.number().finite().positive().max(5000).optional(),
});
export type FeatureProps = z.infer<typeof FeatureProps>;

export const PlanFeature = z.object({
  id: Id,
  operationId: Id,
  kind: z.enum(keysOf(FEATURE_KINDS)),
  name: Name,
  notes: Notes.default(''),
  /** Phases in which the feature is active; empty means every phase. */
  phaseIds: z.array(Id).default([]),
  /** The Bronze who owns it (e.g. "Sector 3 Bronze"). */
  bronze: Name.default(''),
  geometry: PlanGeometry,
  props: FeatureProps.default({}),
  updatedAt: IsoTime,
});
export type PlanFeature = z.infer<typeof PlanFeature>;

export const Strength = z.object({
  inspectors: z.number().int().min(0).max(100),
  sergeants: z.number().int().min(0).max(100),
  constables: z.number().int().min(0).max(500),
  staff: z.number().int().min(0).max(500),
});
export type Strength = z.infer<typeof Strength>;

export const Unit = z.object({
  id: Id,
  operationId: Id,
  callSign: z.string().trim().min(1).max(40),
  type: z.enum(keysOf(UNIT_TYPES)),
  strength: Strength,
  homeForce: Name.default(''),
  talkgroup: z.string().max(60).default(''),
  shiftStart: IsoTime.optional(),
  shiftEnd: IsoTime.optional(),
  notes: Notes.default(''),
});
export type Unit = z.infer<typeof Unit>;

export const AssignmentTarget = z.object({
  kind: z.enum(keysOf(ASSIGNMENT_TARGETS)),
  featureId: Id,
  /** For cordon access points. */
  accessPointId: Id.optional(),
  /** For route segments: from and to, metres along the route. */
  fromM: z.number().finite().min(0).optional(),
  toM: z.number().finite().min(0).optional(),
});
export type AssignmentTarget = z.infer<typeof AssignmentTarget>;

export const Assignment = z.object({
  id: Id,
  operationId: Id,
  unitId: Id,
  phaseId: Id,
  target: AssignmentTarget,
  startsAt: IsoTime,
  endsAt: IsoTime,
  posture: z.enum(POSTURES),
  /** The Bronze the unit reports to for this assignment. */
  bronze: Name.default(''),
});
export type Assignment = z.infer<typeof Assignment>;

/** Everything that belongs to one operation: the unit of export, import and validation. */
export const OperationBundle = z.object({
  operation: Operation,
  phases: z.array(Phase),
  features: z.array(PlanFeature),
  units: z.array(Unit),
  assignments: z.array(Assignment),
});
export type OperationBundle = z.infer<typeof OperationBundle>;
