/**
 * The "go to" box: one line of text -> a place on the map.
 *
 * Tried in this order:
 * 1. a grid reference (`TQ 30015 80415`, `tq300804`) or plain eastings/northings (`530015, 180415`);
 * 2. degrees with hemisphere letters, in either order, decimal or degrees-minutes-seconds:
 *    `51.5077N 0.1280W`, `N51.5077 W0.128`, `51°30'27.7"N 0°7'40.8"W`;
 * 3. two bare decimal numbers, read by this rule:
 *    - latitude first (`51.5218, -0.1260`, the order phones and most maps give);
 *    - but if the first number cannot be a latitude (beyond +/-90) it is a longitude (`-120.5, 45.2`);
 *    - and if lat,lon falls outside Great Britain while lon,lat falls inside it, the pair was typed in GeoJSON
 *      order (`-0.1260 51.5218`) and is read as lon,lat;
 *    - two numbers too large for degrees are eastings/northings (rule 1);
 * 4. otherwise, the name of a plan feature (case-insensitive): an exact name beats one that starts with the
 *    text, which beats one with a word starting with it, which beats any substring; ties go to the shorter
 *    name, then to list order.
 */
import { parseGridRef, toGridRef } from './bng';

export type GoToResult =
  { kind: 'point'; lon: number; lat: number; label: string } | { kind: 'feature'; id: string; name: string } | { kind: 'error'; message: string };

export interface NamedFeature {
  id: string;
  name: string;
}

type Found = { lon: number; lat: number; label: string } | { error: string } | null;

const insideGb = (lon: number, lat: number) => toGridRef(lon, lat).ok;

function pointLabel(lon: number, lat: number): string {
  const ref = toGridRef(lon, lat);
  const ll = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  return ref.ok ? `${ll} (${ref.value})` : ll;
}

function gridRef(text: string): Found {
  if (!/^[a-z]{2}\s*\d/i.test(text) && !/^\d{3,}(\.\d+)?\s*[,\s]\s*\d{3,}(\.\d+)?$/.test(text)) return null;
  const r = parseGridRef(text);
  if (!r.ok) return { error: r.error };
  return { lon: r.value.lon, lat: r.value.lat, label: r.value.text };
}

const HEMI_TOKENS = /[NSEW]|\d+(?:\.\d+)?/g;

/** `51°30'27.7"N 0°7'40.8"W`, `51.5077 N, 0.128 W`, `N51.5077 W0.128`. */
function hemisphereDegrees(text: string): Found {
  const t = text.toUpperCase().replace(/[°º'′’"″”,;]/g, ' ');
  if (!/[NSEW]/.test(t) || !/\d/.test(t)) return null;
  if (/[^NSEW\d.\s]/.test(t)) return null;
  const tokens = t.match(HEMI_TOKENS) ?? [];
  if (tokens.join('').length !== t.replace(/\s+/g, '').length) return null;
  const prefix = /^[NSEW]$/.test(tokens[0] ?? '');
  const groups: { nums: number[]; hemi: string }[] = [];
  let nums: number[] = [];
  let hemi = '';
  for (const tok of tokens) {
    if (/^[NSEW]$/.test(tok)) {
      if (prefix) {
        if (hemi) groups.push({ nums, hemi });
        hemi = tok;
        nums = [];
      } else {
        groups.push({ nums, hemi: tok });
        nums = [];
      }
    } else nums.push(Number(tok));
  }
  if (prefix && hemi) groups.push({ nums, hemi });
  else if (!prefix && nums.length > 0) return { error: 'Give N or S after the latitude and E or W after the longitude.' };

  let lat: number | undefined;
  let lon: number | undefined;
  for (const g of groups) {
    if (g.nums.length < 1 || g.nums.length > 3) return { error: 'Write each coordinate as degrees, or degrees minutes seconds.' };
    const [d = 0, m = 0, s = 0] = g.nums;
    if (m >= 60 || s >= 60) return { error: 'Minutes and seconds must be under 60.' };
    const value = d + m / 60 + s / 3600;
    const signed = g.hemi === 'S' || g.hemi === 'W' ? -value : value;
    if (g.hemi === 'N' || g.hemi === 'S') {
      if (lat !== undefined) return { error: 'Two latitudes given (N/S); give one latitude and one longitude.' };
      lat = signed;
    } else {
      if (lon !== undefined) return { error: 'Two longitudes given (E/W); give one latitude and one longitude.' };
      lon = signed;
    }
  }
  if (lat === undefined || lon === undefined) return { error: 'Give one latitude (N/S) and one longitude (E/W).' };
  if (Math.abs(lat) > 90) return { error: 'Latitude must be between 90 S and 90 N.' };
  if (Math.abs(lon) > 180) return { error: 'Longitude must be between 180 W and 180 E.' };
  return { lon, lat, label: pointLabel(lon, lat) };
}

/** Two bare decimal numbers, by the rule in the module comment. */
function decimalPair(text: string): Found {
  const m = /^([-+]?\d+(?:\.\d+)?)\s*[,\s]\s*([-+]?\d+(?:\.\d+)?)$/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (Math.abs(a) > 180 || Math.abs(b) > 180) {
    // Too big for degrees: eastings and northings, or nonsense.
    if (a >= 0 && b >= 0) {
      const r = parseGridRef(text);
      return r.ok ? { lon: r.value.lon, lat: r.value.lat, label: r.value.text } : { error: r.error };
    }
    return { error: 'Latitude must be between -90 and 90 and longitude between -180 and 180.' };
  }
  let lat = a;
  let lon = b;
  if (Math.abs(a) > 90) {
    if (Math.abs(b) > 90) return { error: 'Latitude must be between -90 and 90.' };
    lat = b;
    lon = a;
  } else if (Math.abs(b) <= 90 && !insideGb(b, a) && insideGb(a, b)) {
    lat = b;
    lon = a;
  }
  return { lon, lat, label: pointLabel(lon, lat) };
}

function rankName(name: string, q: string): number {
  const n = name.trim().toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (new RegExp(`(^|[^a-z0-9])${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(n)) return 2;
  if (n.includes(q)) return 3;
  return -1;
}

/** The best feature whose name contains the query (see the module comment), or undefined. */
export function findFeatureByName<F extends NamedFeature>(query: string, features: readonly F[]): F | undefined {
  const q = query.trim().toLowerCase();
  if (q === '') return undefined;
  let best: F | undefined;
  let bestRank = Infinity;
  for (const f of features) {
    const r = rankName(f.name, q);
    if (r < 0) continue;
    if (r < bestRank || (r === bestRank && best !== undefined && f.name.trim().length < best.name.trim().length)) {
      best = f;
      bestRank = r;
    }
  }
  return best;
}

/** Parse a "go to" query; see the module comment for the rules. */
export function parseGoTo(query: string, features: readonly NamedFeature[] = []): GoToResult {
  const text = query.trim();
  if (text === '') return { kind: 'error', message: 'Type a grid reference, coordinates or the name of a plan feature.' };

  let coordinateError: string | undefined;
  for (const attempt of [gridRef, hemisphereDegrees, decimalPair]) {
    const found = attempt(text);
    if (found === null) continue;
    if ('error' in found) {
      coordinateError ??= found.error;
      continue;
    }
    return { kind: 'point', lon: found.lon, lat: found.lat, label: found.label };
  }

  const f = findFeatureByName(text, features);
  if (f) return { kind: 'feature', id: f.id, name: f.name };
  return {
    kind: 'error',
    message: coordinateError ?? `Nothing in the plan is called "${text}", and it is not a grid reference or coordinates.`,
  };
}
