/** The words validation messages are made of: call signs, feature names, times in UK local time. */
import { CORDON_TYPES, FEATURE_KINDS, KEY_LOCATION_TYPES, ROUTE_TYPES, type AssignmentTarget, type AuthorityType, type PlanFeature } from '../domain';
import { formatDistance } from '../geo/measure';
import type { PlanIndex } from './planIndex';

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

const SHORT_AUTHORITY: Record<AuthorityType, string> = {
  s12: 's.12 conditions',
  s14: 's.14 conditions',
  s14ZA: 's.14ZA conditions',
  s60: 's.60 authority',
  s60AA: 's.60AA authority',
  s35: 's.35 dispersal authorisation',
};

/** `"Trafalgar Square"`, or a description when the feature has no name. */
export function quotedName(f: PlanFeature): string {
  const n = f.name.trim();
  return n ? `"${n}"` : `(unnamed ${FEATURE_KINDS[f.kind].toLowerCase()})`;
}

/** A feature as a phrase that can stand mid-sentence: `sector S3 "Hyde Park"`, `inner cordon "Whitehall"`. */
export function featureLabel(f: PlanFeature): string {
  const name = quotedName(f);
  const p = f.props;
  switch (f.kind) {
    case 'sector':
      return p.sectorCode ? `sector ${p.sectorCode} ${name}` : `sector ${name}`;
    case 'cordon':
      return `${p.cordonType ? lowerFirst(CORDON_TYPES[p.cordonType]) : 'cordon'} ${name}`;
    case 'route':
      return `${p.routeType ? lowerFirst(ROUTE_TYPES[p.routeType]) : 'route'} ${name}`;
    case 'keyLocation':
      return `${p.locationType ? lowerFirst(KEY_LOCATION_TYPES[p.locationType]) : 'key location'} ${name}`;
    case 'authority':
      return `${p.authorityType ? SHORT_AUTHORITY[p.authorityType] : 'authority'} ${name}`;
    default:
      return `${FEATURE_KINDS[f.kind].toLowerCase()} ${name}`;
  }
}

/** Capitalised for the start of a sentence. */
export const capitalised = (s: string) => (/^s\.\d/.test(s) ? s : s.charAt(0).toUpperCase() + s.slice(1));

export function callSign(ix: PlanIndex, unitId: string): string {
  return ix.unitById.get(unitId)?.callSign ?? 'an unknown unit';
}

export function phaseName(ix: PlanIndex, phaseId: string): string {
  return ix.phaseById.get(phaseId)?.phase.name ?? 'an unknown phase';
}

/** What an assignment points at, in words: `post "X"`, `access point "Gate A" on inner cordon "Y"`. */
export function targetLabel(ix: PlanIndex, t: AssignmentTarget): string {
  const f = ix.featureById.get(t.featureId);
  if (!f) return 'a feature that no longer exists';
  if (t.kind === 'accessPoint') {
    const ap = f.props.accessPoints?.find((x) => x.id === t.accessPointId);
    const apName = ap?.name.trim() ? `"${ap.name.trim()}"` : 'an access point';
    return `access point ${apName} on ${featureLabel(f)}`;
  }
  if (t.kind === 'routeSegment' && (t.fromM !== undefined || t.toM !== undefined)) {
    return `${featureLabel(f)} (${formatDistance(t.fromM ?? 0)} to ${t.toM === undefined ? 'the end' : formatDistance(t.toM)})`;
  }
  return featureLabel(f);
}

const dayTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const parts = (ms: number) => {
  const p = Object.fromEntries(dayTime.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p.day} ${p.month}`, time: `${p.hour}:${p.minute}` };
};

/** `24 Aug 14:00`, UK local time (the operation's time zone). */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'an invalid time';
  const p = parts(ms);
  return `${p.day} ${p.time}`;
}

/** `24 Aug 10:00–12:00`, or `24 Aug 22:00 – 25 Aug 02:00` across midnight. */
export function formatWindow(start: number, end: number): string {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return `${formatTime(start)} to ${formatTime(end)}`;
  const a = parts(start);
  const b = parts(end);
  return a.day === b.day ? `${a.day} ${a.time}–${b.time}` : `${a.day} ${a.time} – ${b.day} ${b.time}`;
}

/** `Assembly`, `Assembly and Procession`, `Assembly, Procession and Dispersal`. */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
