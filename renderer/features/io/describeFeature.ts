/**
 * Reads the name, notes and hints (location type, route type, colour) out of the properties of a feature from
 * another tool: KML/GPX names and descriptions, GeoJSON attribute tables.
 */
import type { KeyLocationType, RouteType } from '../../../shared/domain';
import { htmlToText } from './text';

type Props = Record<string, unknown>;

const NAME_KEYS = ['name', 'title', 'label'];
const NOTE_KEYS = ['notes', 'description', 'desc', 'cmt', 'comment'];
/** Styling, GPX plumbing and other keys that say nothing a planner needs in the notes. */
const IGNORED_KEYS = new Set([
  'styleurl',
  'stylehash',
  'stylemaphash',
  'visibility',
  'open',
  'icon',
  'sym',
  'type',
  'time',
  'timespan',
  'timestamp',
  'coordinateproperties',
  '_gpxtype',
  'id',
  'fid',
  'objectid',
]);
const IGNORED_PREFIXES = ['stroke', 'fill', 'marker-', 'icon-', 'label-', 'cordon:', '@'];
const MAX_ATTRIBUTE_LINES = 50;
const MAX_ATTRIBUTE_CHARS = 500;

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v && typeof v === 'object' && (v as { '@type'?: unknown })['@type'] === 'html') {
    const value = (v as { value?: unknown }).value;
    return typeof value === 'string' ? htmlToText(value) || undefined : undefined;
  }
  return undefined;
}

function lowerKeyMap(props: Props): Map<string, string> {
  const m = new Map<string, string>();
  for (const k of Object.keys(props)) if (!m.has(k.toLowerCase())) m.set(k.toLowerCase(), k);
  return m;
}

/** The feature's name: `name`/`title`/`label`, else an ONS-style `...NM` column (e.g. WD13NM), else a `...CD` code. */
export function nameFromProperties(props: Props | null | undefined): { name?: string; key?: string } {
  if (!props) return {};
  const keys = lowerKeyMap(props);
  for (const k of NAME_KEYS) {
    const real = keys.get(k);
    const v = real === undefined ? undefined : text(props[real]);
    if (v && real) return { name: v, key: real };
  }
  for (const pattern of [/(^|_)name$/i, /nm$/i, /cd$/i]) {
    for (const real of Object.keys(props)) {
      if (!pattern.test(real)) continue;
      const v = text(props[real]);
      if (v) return { name: v, key: real };
    }
  }
  return {};
}

/** Notes: the description (HTML reduced to text), then any other plain attributes as `key: value` lines. */
export function notesFromProperties(props: Props | null | undefined, nameKey: string | undefined, name: string): string {
  if (!props) return '';
  const parts: string[] = [];
  const used = new Set<string>(nameKey ? [nameKey] : []);
  const keys = lowerKeyMap(props);
  for (const k of NOTE_KEYS) {
    const real = keys.get(k);
    if (real === undefined) continue;
    used.add(real);
    const v = text(props[real]);
    if (v && v !== name && !parts.includes(v)) parts.push(v);
  }
  const attributes: string[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (used.has(k) || IGNORED_KEYS.has(k.toLowerCase())) continue;
    const lower = k.toLowerCase();
    if (IGNORED_PREFIXES.some((p) => lower.startsWith(p))) continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    const s = String(v).trim();
    if (!s) continue;
    if (attributes.length >= MAX_ATTRIBUTE_LINES) break;
    attributes.push(`${k}: ${s.length > MAX_ATTRIBUTE_CHARS ? `${s.slice(0, MAX_ATTRIBUTE_CHARS)}...` : s}`);
  }
  if (attributes.length) parts.push(attributes.join('\n'));
  return parts.join('\n\n');
}

const LOCATION_WORDS: Array<[KeyLocationType, RegExp]> = [
  ['rvp', /\b(rvp|rendez-?vous( point)?)\b/i],
  ['fha', /\b(fha|forward holding( area)?)\b/i],
  ['casualtyClearing', /\b(casualty clearing|ccp)\b/i],
  ['ppp', /\b(ppp|prisoner processing)\b/i],
  ['muster', /\b(muster|briefing point)\b/i],
  ['welfare', /\b(welfare|feeding)\b/i],
  ['hospital', /\bhospital\b/i],
  ['controlRoom', /\bcontrol room\b/i],
  ['pinchPoint', /\bpinch ?point\b/i],
  ['sensitiveSite', /\bsensitive site\b/i],
  ['cctv', /\bcctv\b/i],
  ['stage', /\bstage\b/i],
];

/** A key location's type when its name plainly says it ("RVP 1", "Muster point", "St Thomas' Hospital"). */
export function guessLocationType(name: string): KeyLocationType | undefined {
  return LOCATION_WORDS.find(([, re]) => re.test(name))?.[0];
}

const ROUTE_WORDS: Array<[RouteType, RegExp]> = [
  ['casevac', /\b(casevac|casualty evacuation)\b/i],
  ['dispersal', /\bdispersal\b/i],
  ['diversion', /\bdiversion\b/i],
  ['carrier', /\bcarrier route\b/i],
  ['procession', /\b(procession|march route)\b/i],
];

export function guessRouteType(name: string): RouteType | undefined {
  return ROUTE_WORDS.find(([, re]) => re.test(name))?.[0];
}

/** A simplestyle/KML fill (else stroke) colour as `#rrggbb`, for sectors. */
export function colourFromProperties(props: Props | null | undefined): string | undefined {
  if (!props) return undefined;
  for (const k of ['fill', 'stroke']) {
    const v = props[k];
    if (typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v)) return v.toLowerCase();
  }
  return undefined;
}
