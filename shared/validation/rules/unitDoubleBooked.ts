/**
 * A unit booked in two places at once: two of its assignments whose [startsAt, endsAt) windows overlap.
 *
 * A sector assignment is an area of responsibility, not a place to stand, so it does not clash with a post,
 * access point or route segment at the same time (a unit is normally both "in sector 3" and "on post 3/12").
 * Two sector assignments clash with each other; so do any two of the others (including the same post twice).
 */
import { formatWindow, callSign, targetLabel } from '../format';
import type { PlanIndex, TimedAssignment } from '../planIndex';
import { warning, type PlanWarning } from '../types';

const clash = (x: TimedAssignment, y: TimedAssignment) => (x.a.target.kind === 'sector') === (y.a.target.kind === 'sector');

const sameTarget = (x: TimedAssignment, y: TimedAssignment) =>
  x.a.target.featureId === y.a.target.featureId &&
  x.a.target.kind === y.a.target.kind &&
  x.a.target.accessPointId === y.a.target.accessPointId &&
  x.a.target.fromM === y.a.target.fromM &&
  x.a.target.toM === y.a.target.toM;

export function unitDoubleBooked(ix: PlanIndex): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const [unitId, list] of ix.assignmentsByUnit) {
    if (list.length < 2) continue;
    const valid = list.filter((t) => t.end > t.start).sort((x, y) => x.start - y.start || x.end - y.end);
    for (let i = 0; i < valid.length; i++) {
      const x = valid[i];
      if (!x) continue;
      for (let j = i + 1; j < valid.length; j++) {
        const y = valid[j];
        if (!y || y.start >= x.end) break;
        if (!clash(x, y)) continue;
        const cs = callSign(ix, unitId);
        const when = formatWindow(Math.max(x.start, y.start), Math.min(x.end, y.end));
        const message = sameTarget(x, y)
          ? `${cs} is assigned to ${targetLabel(ix, x.a.target)} twice on ${when}.`
          : `${cs} is booked in two places on ${when}: ${targetLabel(ix, x.a.target)} and ${targetLabel(ix, y.a.target)}.`;
        const ids = [x.a.id, y.a.id].sort();
        out.push(
          warning('unitDoubleBooked', ids.join('+'), 'error', message, {
            unitIds: [unitId],
            assignmentIds: ids,
            featureIds: [x.a.target.featureId, y.a.target.featureId],
          }),
        );
      }
    }
  }
  return out;
}
