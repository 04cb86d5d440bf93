/** How the Live workspace writes times, headings and speeds. Pure (times in the user's local zone, 24-hour). */

const two = (n: number) => String(n).padStart(2, '0');

/** "14:02" */
export function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "14:02:07" */
export function hhmmss(ms: number): string {
  const d = new Date(ms);
  return `${hhmm(ms)}:${two(d.getSeconds())}`;
}

/** "26 Aug 14:02:07" */
export function dayTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getDate()} ${d.toLocaleString('en-GB', { month: 'short' })} ${hhmmss(ms)}`;
}

const POINTS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];

/** 93 -> "93° (E)" */
export function heading(deg: number): string {
  return `${Math.round(deg)}° (${POINTS[Math.round((((deg % 360) + 360) % 360) / 45) % 8]})`;
}

/** metres per second -> "5.0 km/h" */
export function speed(mps: number): string {
  return `${(mps * 3.6).toFixed(1)} km/h`;
}

/** The value of an <input type="datetime-local"> for an instant, and back. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${hhmmss(ms)}`;
}

export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : t;
}
