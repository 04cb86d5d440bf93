/**
 * One Cursor-on-Target `<event>` to our unit model. Mapping:
 *   uid -> id; detail/contact@callsign -> callSign (uid when absent); type (a-f-G-U-C ...) -> type;
 *   point@lat/@lon -> lat/lon; point@ce -> accuracyM (omitted when "unknown", 9999999);
 *   detail/track@course/@speed -> headingDeg/speedMps (CoT speed is m/s); time -> time; stale -> staleAt.
 * Only friendly atoms (a-f-*) are positions; other atoms (hostile/unknown markers), pings and chat are ignored.
 *
 * Emergencies (ATAK/iTAK's emergency button): an event of type b-a-o-* (b-a-o-tbl "911 Alert", b-a-o-pan "Ring The
 * Bell", b-a-o-opn "Troops In Contact", b-a-o-c custom) or one with a <emergency> detail. The alert's own uid is
 * "<device uid>-9-1-1"; the device is the link with relation p-p. It becomes a report for the device with status
 * 'emergency'. b-a-o-can, or <emergency cancel="true">, cancels it.
 *
 * No fix: a point at 0,0, TAK's "unknown" 9999999, an out-of-range or missing lat/lon. An ordinary position without a
 * fix is refused (noFix), but an emergency or cancel is returned with `report: null`: a 911 pressed indoors, before the
 * GPS has a fix, is exactly the one that must not be lost (the hub raises it at the last known position).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PositionReport } from '../../shared/protocol';
import { describeZodError } from '../util';

/** The device an event is about (for an emergency, the linked device, not the alert's own uid). */
export interface CotDevice {
  id: string;
  callSign: string;
  type: string;
}

export interface CotEmergency {
  label: string;
  cancel: boolean;
}

export type CotParse =
  | { ok: true; report: PositionReport | null; device: CotDevice; /** Event time (ISO). */ time: string; emergency?: CotEmergency }
  | { ok: false; kind: 'malformed' | 'invalid' | 'noFix' | 'ignored'; error: string };

export interface CotParseOptions {
  /** Filled into expectedIntervalS (CoT does not say how often a device reports). */
  expectedIntervalS: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'link',
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const str = (n: Node | undefined, attr: string): string | undefined => {
  const v = n?.[`@_${attr}`];
  return typeof v === 'string' ? v : undefined;
};
const num = (n: Node | undefined, attr: string): number | undefined => {
  const s = str(n, attr);
  if (s === undefined || s.trim() === '') return undefined;
  const x = Number(s);
  return Number.isFinite(x) ? x : undefined;
};
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  const n = obj(v);
  const t = n?.['#text'];
  return typeof t === 'string' ? t : undefined;
};
const isoOf = (s: string | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
};

const EMERGENCY_LABELS: Record<string, string> = {
  'b-a-o-tbl': '911 Alert',
  'b-a-o-pan': 'Ring The Bell',
  'b-a-o-opn': 'Troops In Contact',
  'b-a-o-c': 'Custom emergency',
  'b-a-g': 'Geo-fence breached',
};

export function parseCotEvent(xml: string, options: CotParseOptions): CotParse {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, kind: 'malformed', error: 'DOCTYPE/ENTITY declarations are not allowed' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, kind: 'malformed', error: `malformed XML: ${valid.err.msg} (line ${valid.err.line})` };
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    return { ok: false, kind: 'malformed', error: `malformed XML: ${(e as Error).message}` };
  }
  const event = obj(doc['event']);
  if (!event) return { ok: false, kind: 'invalid', error: 'no <event> element' };
  const uid = str(event, 'uid')?.trim();
  const type = str(event, 'type')?.trim() ?? '';
  if (!uid) return { ok: false, kind: 'invalid', error: 'event has no uid' };
  const detail = obj(event['detail']);
  const emergencyNode = detail?.['emergency'];
  const emergencyEl = obj(emergencyNode) ?? (typeof emergencyNode === 'string' ? { '#text': emergencyNode } : undefined);
  const isEmergency = type.startsWith('b-a-o-') || type === 'b-a-g' || emergencyEl !== undefined;
  if (!isEmergency && !type.startsWith('a-f-')) return { ok: false, kind: 'ignored', error: `event type ${type || '(none)'} is not a friendly position` };

  const point = obj(event['point']);
  const fix = fixOf(point);
  if (fix === 'garbled' && !isEmergency) return { ok: false, kind: 'invalid', error: 'point lat/lon are not numbers' };
  if (fix === null && !isEmergency) return { ok: false, kind: 'noFix', error: 'no GPS fix (no point, 0,0, 9999999 or out of range)' };
  const time = isoOf(str(event, 'time')) ?? isoOf(str(event, 'start'));
  if (!time) return { ok: false, kind: 'invalid', error: 'event has no valid time' };
  const staleAt = isoOf(str(event, 'stale'));
  const contact = obj(detail?.['contact']);
  const track = obj(detail?.['track']);
  const ce = num(point, 'ce');
  const course = num(track, 'course');
  const speed = num(track, 'speed');

  let id = uid;
  let callSign = str(contact, 'callsign')?.trim() || uid;
  let unitType = type;
  let emergency: CotEmergency | undefined;
  if (isEmergency) {
    const links = Array.isArray(detail?.['link']) ? (detail['link'] as unknown[]).map(obj) : [];
    const device = links.find((l) => str(l, 'relation') === 'p-p' && str(l, 'uid')) ?? links.find((l) => str(l, 'uid'));
    id = str(device, 'uid')?.trim() || uid.replace(/-9-1-1$/, '');
    unitType = str(device, 'type')?.trim() || 'a-f-G-U-C';
    const who = text(emergencyEl)?.trim();
    callSign = who || callSign.replace(/-Alert$/, '');
    const cancel = type === 'b-a-o-can' || str(emergencyEl, 'cancel') === 'true';
    emergency = { label: str(emergencyEl, 'type')?.trim() || EMERGENCY_LABELS[type] || 'Emergency', cancel };
  }
  const dev: CotDevice = { id: id.slice(0, 120), callSign: callSign.slice(0, 60), type: unitType.slice(0, 40) || 'a-f' };
  const status = emergency && !emergency.cancel ? ('emergency' as const) : ('available' as const);
  const devCheck = PositionReport.safeParse({ ...dev, lon: 0, lat: 0, status, source: 'cot', time, expectedIntervalS: options.expectedIntervalS });
  if (!devCheck.success) return { ok: false, kind: 'invalid', error: describeZodError(devCheck.error) };
  const withDevice = (report: PositionReport | null): CotParse =>
    emergency ? { ok: true, report, device: dev, time, emergency } : { ok: true, report, device: dev, time };
  if (typeof fix !== 'object' || fix === null) return withDevice(null);

  const candidate = {
    ...dev,
    lon: fix.lon,
    lat: fix.lat,
    ...(ce !== undefined && ce >= 0 && ce <= 100_000 ? { accuracyM: ce } : {}),
    ...(course !== undefined ? { headingDeg: course >= 0 && course <= 360 ? course : ((course % 360) + 360) % 360 } : {}),
    ...(speed !== undefined && speed >= 0 && speed <= 150 ? { speedMps: speed } : {}),
    status,
    source: 'cot' as const,
    time,
    expectedIntervalS: options.expectedIntervalS,
    ...(staleAt ? { staleAt } : {}),
  };
  const parsed = PositionReport.safeParse(candidate);
  if (parsed.success) return withDevice(parsed.data);
  // The device is valid (checked above), so this is a bad optional field; an emergency still goes through.
  return emergency ? withDevice(null) : { ok: false, kind: 'invalid', error: describeZodError(parsed.error) };
}

/** TAK writes 9999999 for "unknown"; 0,0 is what a device without a fix sends. */
const UNKNOWN = 9_999_999;

/** The point's position, null when it has no fix, 'garbled' when lat/lon are there but not numbers. */
function fixOf(point: Node | undefined): { lat: number; lon: number } | null | 'garbled' {
  const rawLat = str(point, 'lat')?.trim();
  const rawLon = str(point, 'lon')?.trim();
  if (!rawLat || !rawLon) return null;
  const lat = num(point, 'lat');
  const lon = num(point, 'lon');
  if (lat === undefined || lon === undefined) return 'garbled';
  if (lat === UNKNOWN || lon === UNKNOWN || (lat === 0 && lon === 0)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}

/**
 * An emergency or cancel stamped more than `maxAgeS` before `nowMs`: a replayed capture (or a device clock years out)
 * must neither raise a live emergency nor silence one. Every source should apply it before signalling.
 */
export function emergencyTooOld(time: string, nowMs: number, maxAgeS: number): boolean {
  const t = Date.parse(time);
  return !Number.isFinite(t) || t < nowMs - maxAgeS * 1000;
}

/** Cheap pre-check (no XML parse) for events that may be emergencies or cancels: b-a-o-* / b-a-g types or <emergency. */
export function mayBeEmergency(xml: string): boolean {
  return xml.includes('b-a-') || xml.includes('<emergency');
}
