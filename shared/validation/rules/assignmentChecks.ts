/**
 * Assignments that no longer make sense:
 * - assignmentDangling (error): its unit, phase or target feature is gone; the target is the wrong kind of
 *   feature (a sector assignment to something that is not a sector, an access point that is not on its cordon,
 *   a route segment on something that is not a route); (warning) a route segment that runs past the end of the
 *   route as now drawn.
 * - assignmentOutsidePhase: the window ends before it starts (error), lies wholly outside its phase (error), or
 *   spills over the start or end of its phase (warning).
 * - targetNotInPhase (warning): the target feature lists the phases it is active in and this phase is not one.
 */
import { ASSIGNMENT_TARGETS } from '../../domain';
import { formatDistance, lengthM } from '../../geo/measure';
import { callSign, featureLabel, formatTime, formatWindow, listWords, phaseName, targetLabel } from '../format';
import type { PlanIndex, TimedAssignment } from '../planIndex';
import { warning, type PlanWarning, type Severity } from '../types';

const ROUTE_SLACK_M = 5;

export function assignmentChecks(ix: PlanIndex): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const t of ix.assignments) {
    const d = dangling(ix, t);
    if (d) out.push(d);
    const p = outsidePhase(ix, t);
    if (p) out.push(p);
    const n = targetNotInPhase(ix, t);
    if (n) out.push(n);
  }
  return out;
}

const refsOf = (t: TimedAssignment) => ({
  unitIds: [t.a.unitId],
  assignmentIds: [t.a.id],
  featureIds: [t.a.target.featureId],
});

function dangling(ix: PlanIndex, t: TimedAssignment): PlanWarning | undefined {
  const { a } = t;
  const say = (message: string, severity: Severity = 'error') => warning('assignmentDangling', a.id, severity, message, refsOf(t));
  const unit = ix.unitById.get(a.unitId);
  const kindWord = ASSIGNMENT_TARGETS[a.target.kind].toLowerCase();
  const f = ix.featureById.get(a.target.featureId);
  const where = () => (f ? targetLabel(ix, a.target) : `a ${kindWord} that no longer exists`);
  if (!unit) return say(`An assignment to ${where()} in ${phaseName(ix, a.phaseId)} is for a unit that no longer exists.`);
  const cs = unit.callSign;
  if (!f) return say(`${cs} is assigned in ${phaseName(ix, a.phaseId)} to a ${kindWord} that no longer exists.`);
  if (!ix.phaseById.has(a.phaseId)) return say(`${cs}'s assignment to ${where()} is in a phase that no longer exists.`);
  switch (a.target.kind) {
    case 'sector':
      if (f.kind !== 'sector') return say(`${cs} has a sector assignment to ${featureLabel(f)}, which is not a sector.`);
      break;
    case 'accessPoint':
      if (f.kind !== 'cordon') return say(`${cs} is assigned to an access point on ${featureLabel(f)}, which is not a cordon.`);
      if (!f.props.accessPoints?.some((ap) => ap.id === a.target.accessPointId)) {
        return say(`${cs} is assigned to an access point that is no longer on ${featureLabel(f)}.`);
      }
      break;
    case 'routeSegment': {
      if (f.kind !== 'route' || f.geometry.type !== 'LineString') {
        return say(`${cs} is assigned to a route segment on ${featureLabel(f)}, which is not a route.`);
      }
      const far = Math.max(a.target.fromM ?? 0, a.target.toM ?? 0);
      const len = lengthM(f.geometry);
      if (far > len + ROUTE_SLACK_M) {
        return say(`${cs}'s segment of ${featureLabel(f)} runs to ${formatDistance(far)}, past the end of the route (${formatDistance(len)}).`, 'warning');
      }
      break;
    }
    case 'post':
      break;
  }
  return undefined;
}

function outsidePhase(ix: PlanIndex, t: TimedAssignment): PlanWarning | undefined {
  const { a } = t;
  const p = ix.phaseById.get(a.phaseId);
  const bad = !(t.end > t.start);
  if (!bad && (!p || (t.start >= p.start && t.end <= p.end))) return undefined; // fine, or reported as dangling
  // Only now build the words: formatting times is the slow part of validation.
  const who = `${callSign(ix, a.unitId)}'s assignment to ${targetLabel(ix, a.target)}`;
  const say = (severity: Severity, message: string) => warning('assignmentOutsidePhase', a.id, severity, message, refsOf(t));
  if (bad || !p) return say('error', `${who} ends before it starts (${formatTime(t.start)} to ${formatTime(t.end)}).`);
  const mine = formatWindow(t.start, t.end);
  const theirs = `${p.phase.name} (${formatWindow(p.start, p.end)})`;
  if (t.end <= p.start || t.start >= p.end) return say('error', `${who} (${mine}) is wholly outside its phase, ${theirs}.`);
  if (t.start < p.start && t.end > p.end) return say('warning', `${who} (${mine}) starts before and ends after its phase, ${theirs}.`);
  if (t.start < p.start) return say('warning', `${who} (${mine}) starts before its phase, ${theirs}.`);
  return say('warning', `${who} (${mine}) runs past the end of its phase, ${theirs}.`);
}

function targetNotInPhase(ix: PlanIndex, t: TimedAssignment): PlanWarning | undefined {
  const { a } = t;
  const f = ix.featureById.get(a.target.featureId);
  const p = ix.phaseById.get(a.phaseId);
  if (!f || !p || f.phaseIds.length === 0 || f.phaseIds.includes(a.phaseId)) return undefined;
  const active = f.phaseIds.map((id) => ix.phaseById.get(id)?.phase.name).filter((n): n is string => !!n);
  const only = active.length > 0 ? `only active in ${listWords(active)}` : 'not active in any phase of the plan';
  return warning(
    'targetNotInPhase',
    a.id,
    'warning',
    `${callSign(ix, a.unitId)} is assigned to ${featureLabel(f)} in ${p.phase.name}, but it is ${only}.`,
    refsOf(t),
  );
}
