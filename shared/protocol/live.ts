/**
 * Live positions and alerts: the one unit model every position source is mapped to (socket.io feeds, HTTP batches,
 * Cursor-on-Target, the simulator), and the alerts the server raises. zod schemas = types + runtime checks at the
 * socket boundary, in both directions.
 */
import { z } from 'zod';
import { Latitude, Longitude } from '../domain/schemas';

const Id = z.string().min(1).max(120);
const IsoTime = z.iso.datetime({ offset: true });

export const LIVE_STATUSES = ['available', 'deployed', 'committed', 'refreshment', 'offDuty', 'emergency'] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

export const POSITION_SOURCES = ['feed', 'http', 'cot', 'simulator', 'manual'] as const;
export type PositionSource = (typeof POSITION_SOURCES)[number];

/** One device's report (a radio, vehicle terminal or TAK device), as every source is mapped to. */
export const PositionReport = z.object({
  /** Stable device/unit id from the source (e.g. radio ISSI, CoT uid). */
  id: Id,
  callSign: z.string().min(1).max(60),
  /** Unit type code (see UNIT_TYPES) or 'officer' for an individual radio. */
  type: z.string().min(1).max(40),
  lon: Longitude,
  lat: Latitude,
  /** Horizontal accuracy, metres. */
  accuracyM: z.number().finite().min(0).max(100_000).optional(),
  /** Degrees clockwise from north. */
  headingDeg: z.number().finite().min(0).max(360).optional(),
  speedMps: z.number().finite().min(0).max(150).optional(),
  status: z.enum(LIVE_STATUSES).default('available'),
  source: z.enum(POSITION_SOURCES),
  /** When the device took the fix. */
  time: IsoTime,
  /** How often this source is expected to report, seconds: freshness is judged against it. */
  expectedIntervalS: z.number().finite().min(1).max(3600).default(10),
  /** The planned unit (call sign of a PSU / serial) this device belongs to, for grouping at low zoom. */
  groupId: z.string().max(60).optional(),
  /** When the source says this report stops being valid (CoT `stale`). */
  staleAt: IsoTime.optional(),
  /**
   * The device cancels its own emergency (its emergency button's cancel). Only a cancel from the source that raised
   * the emergency counts; an ordinary report (any status) never clears one.
   */
  cancelEmergency: z.literal(true).optional(),
});
export type PositionReport = z.infer<typeof PositionReport>;
export type PositionReportInput = z.input<typeof PositionReport>;

/** The largest batch one feed message or HTTP POST may carry. */
export const MAX_BATCH = 5000;
export const PositionBatch = z.array(PositionReport).min(1).max(MAX_BATCH);

export const ALERT_KINDS = {
  emergency: 'Emergency activation',
  postUncovered: 'Post uncovered',
  outOfSector: 'Unit outside its sector',
  cordonBreach: 'Unit inside a cordon it is not assigned to',
  authorityExpiring: 'Legal authority about to expire',
  unitLost: 'Unit lost',
} as const;
export type AlertKind = keyof typeof ALERT_KINDS;

export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const Alert = z.object({
  /** Stable: the same condition keeps the same id while it lasts, so every screen agrees which alert is which. */
  id: Id,
  operationId: Id,
  kind: z.enum(Object.keys(ALERT_KINDS) as [AlertKind, ...AlertKind[]]),
  severity: z.enum(ALERT_SEVERITIES),
  message: z.string().max(500),
  raisedAt: IsoTime,
  /** Set when the condition has gone (the alert stays in the list until acknowledged). */
  clearedAt: IsoTime.optional(),
  unitId: Id.optional(),
  callSign: z.string().max(60).optional(),
  featureId: Id.optional(),
  lon: Longitude.optional(),
  lat: Latitude.optional(),
  acknowledgedBy: z.string().max(120).optional(),
  acknowledgedAt: IsoTime.optional(),
  /** When this version of the alert was made (raised, changed, cleared or acknowledged); orders replayed versions. */
  updatedAt: IsoTime.optional(),
  /** Plan-vs-actual alerts: the published plan version the position was judged against. */
  planVersion: z.number().int().min(1).optional(),
});
export type Alert = z.infer<typeof Alert>;
