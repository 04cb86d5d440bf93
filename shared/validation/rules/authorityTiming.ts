/**
 * Legal authorities (s.12/s.14 conditions, s.60, s.60AA, s.35) whose time limits do not cover the phases they
 * are active in (a feature with no phases is active in every phase; with no phases in the plan at all, the
 * operation's own window is used):
 * - authorityExpiresEarly (error): it expires before the last of its phases ends, or before it starts;
 * - authorityStartsLate (warning): it starts after the first of its phases begins;
 * - authorityNoExpiry (warning): no expiry time is set.
 */
import { capitalised, featureLabel, formatTime, listWords } from '../format';
import type { PlanIndex } from '../planIndex';
import { warning, type PlanWarning } from '../types';

export function authorityTiming(ix: PlanIndex): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const f of ix.featuresOfKind('authority')) {
    const label = capitalised(featureLabel(f));
    const refs = { featureIds: [f.id] };
    const phases = ix.activePhases(f);
    const windows =
      phases.length > 0
        ? phases.map((p) => ({ name: p.phase.name, start: p.start, end: p.end }))
        : ix.phases.length === 0
          ? [{ name: 'the operation', start: ix.operationStart, end: ix.operationEnd }]
          : [];
    const starts = f.props.authorityStartsAt ? Date.parse(f.props.authorityStartsAt) : undefined;
    const expires = f.props.authorityExpiresAt ? Date.parse(f.props.authorityExpiresAt) : undefined;

    if (expires === undefined) {
      out.push(warning('authorityNoExpiry', f.id, 'warning', `${label} has no expiry time.`, refs));
    } else if (starts !== undefined && expires <= starts) {
      out.push(warning('authorityExpiresEarly', f.id, 'error', `${label} expires (${formatTime(expires)}) before it starts (${formatTime(starts)}).`, refs));
    } else {
      const lapsed = windows.filter((w) => w.end > expires).sort((a, b) => a.end - b.end);
      const last = lapsed[lapsed.length - 1];
      if (last) {
        const ends = lapsed.length === 1 ? 'ends' : 'end';
        out.push(
          warning(
            'authorityExpiresEarly',
            f.id,
            'error',
            `${label} expires at ${formatTime(expires)}, before ${listWords(lapsed.map((w) => w.name))} ${ends} ` +
              `(${formatTime(last.end)}): plan an extension or a new authority.`,
            refs,
          ),
        );
      }
    }

    if (starts !== undefined && windows.length > 0) {
      const first = windows.reduce((a, b) => (b.start < a.start ? b : a));
      if (starts > first.start) {
        out.push(
          warning(
            'authorityStartsLate',
            f.id,
            'warning',
            `${label} starts at ${formatTime(starts)}, after ${first.name} begins (${formatTime(first.start)}): ` + `the power is not available until then.`,
            refs,
          ),
        );
      }
    }
  }
  return out;
}
