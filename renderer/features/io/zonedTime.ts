/**
 * Wall-clock times in a named time zone (Europe/London for our users) as ISO strings with the right UTC offset,
 * so "07:00" on a summer operation date becomes "2025-08-24T07:00:00+01:00". Uses Intl only.
 */

/** True when the runtime knows the IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC, in minutes, at the given instant. */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? NaN);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * ISO 8601 for a wall-clock time on a date in a zone, e.g. ("2025-08-24", 7, 0, "Europe/London") ->
 * "2025-08-24T07:00:00+01:00". `addDays` moves to a later date (a shift ending after midnight).
 */
export function zonedIso(date: string, hour: number, minute: number, timeZone: string, addDays = 0, second = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d + addDays, hour, minute, second);
  let offset = zoneOffsetMinutes(wall, timeZone);
  const again = zoneOffsetMinutes(wall - offset * 60_000, timeZone);
  if (again !== offset) offset = again; // near a clock change, the second guess is the right one
  const w = new Date(wall);
  const pad = (n: number, len = 2) => String(n).padStart(len, '0');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}` +
    `T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
