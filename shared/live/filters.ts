/** Which units the control room wants to see: by type, status and sector; and search by call sign. Pure. */
import type { LiveStatus } from '../protocol';

export interface LiveFilter {
  /** null: every type. */
  types: readonly string[] | null;
  statuses: readonly LiveStatus[] | null;
  /** A sector feature id, or null for anywhere. */
  sectorId: string | null;
}

export const NO_FILTER: LiveFilter = { types: null, statuses: null, sectorId: null };

export function isFiltering(f: LiveFilter): boolean {
  return f.types !== null || f.statuses !== null || f.sectorId !== null;
}

export function unitMatches(u: { type: string; status: LiveStatus }, sectorId: string, f: LiveFilter): boolean {
  return (
    (f.types === null || f.types.includes(u.type)) && (f.statuses === null || f.statuses.includes(u.status)) && (f.sectorId === null || f.sectorId === sectorId)
  );
}

/** Toggles one value in an "all or some" list; ticking every value again means "all" (null). */
export function toggle<T>(list: readonly T[] | null, value: T, all: readonly T[]): T[] | null {
  const current = list ?? all;
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return next.length === all.length && all.every((v) => next.includes(v)) ? null : next;
}

/** Call-sign search: exact matches first, then prefix, then substring; at most `limit`. */
export function searchCallSigns<U extends { id: string; callSign: string }>(units: Iterable<U>, query: string, limit = 20): U[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const scored: [number, U][] = [];
  for (const u of units) {
    const cs = u.callSign.toLowerCase();
    const score = cs === q ? 0 : cs.startsWith(q) ? 1 : cs.includes(q) ? 2 : -1;
    if (score >= 0) scored.push([score, u]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].callSign.localeCompare(b[1].callSign, 'en', { numeric: true }))
    .slice(0, limit)
    .map((s) => s[1]);
}
