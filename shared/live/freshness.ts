/**
 * Freshness of a unit's position, judged against its own source's expected reporting interval (a moving handset
 * every few seconds, a parked vehicle every minute). The state of our link to the command server is a separate thing
 * (renderer/features/live/linkView.ts): when the link is down or stalled, ages are frozen "as of last contact" so a
 * lost link never looks like units going silent. Pure; times are epoch milliseconds.
 */

export const FRESHNESS = ['fresh', 'late', 'lost', 'expired'] as const;
export type Freshness = (typeof FRESHNESS)[number];

export const FRESHNESS_LABELS: Record<Freshness, string> = {
  fresh: 'Fresh',
  late: 'Late',
  lost: 'Lost',
  expired: 'Expired',
};

/** Multiples of the expected interval at which a report turns late, lost, expired. */
export const FRESHNESS_LIMITS = { late: 1.5, lost: 3, expired: 10 } as const;

export interface Timed {
  /** When the fix was taken (ms). */
  timeMs: number;
  expectedIntervalS: number;
  /** When the source says the report stops being valid (CoT stale), ms. */
  staleAtMs?: number;
}

/**
 * fresh: age <= 1.5x interval; late: <= 3x; lost: <= 10x, or the source's stale time has passed; expired: older.
 * A fix from the future (clock skew) counts as fresh.
 */
export function freshnessOf(u: Timed, nowMs: number): Freshness {
  const age = nowMs - u.timeMs;
  const interval = u.expectedIntervalS * 1000;
  if (age > interval * FRESHNESS_LIMITS.expired) return 'expired';
  if (age > interval * FRESHNESS_LIMITS.lost) return 'lost';
  if (u.staleAtMs !== undefined && nowMs >= u.staleAtMs) return 'lost';
  if (age > interval * FRESHNESS_LIMITS.late) return 'late';
  return 'fresh';
}

export function freshnessRank(f: Freshness): number {
  return FRESHNESS.indexOf(f);
}

/** "12 s", "4 min", "2 h 05 min". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
