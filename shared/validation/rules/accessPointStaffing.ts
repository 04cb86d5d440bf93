/**
 * Cordon access points that need staff (staffingRequired > 0) and do not have enough.
 *
 * Officers are counted as inspectors + sergeants + constables of each unit assigned to the access point (police
 * staff are not counted). For each phase the cordon is active in, the assignments of that phase are clipped to
 * the phase's window and swept over time, so reliefs add up properly: two units covering 10:00-12:00 and
 * 12:00-14:00 staff the point for the whole 10:00-14:00 phase at their own strengths, not at the sum of both.
 * The lowest level in each phase is reported with when it happens. One warning per access point: an error when
 * at some time nobody is there, a warning when it is only short.
 *
 * With no phases in the plan, the officers of all its assignments are simply added up.
 */
import type { AccessPoint, PlanFeature } from '../../domain';
import { featureLabel, formatWindow, listWords } from '../format';
import { accessKey, officersOf, type PlanIndex, type TimedAssignment, type TimedPhase } from '../planIndex';
import { warning, type PlanWarning } from '../types';

interface Shortfall {
  phase: TimedPhase;
  officers: number;
  from: number;
  to: number;
}

/** The lowest number of officers on the point during the phase, and the first stretch of time it is that low. */
export function lowestStaffing(
  assignments: readonly TimedAssignment[],
  phase: { start: number; end: number },
  officers: (t: TimedAssignment) => number,
): { officers: number; from: number; to: number } {
  const deltas = new Map<number, number>();
  const add = (t: number, d: number) => deltas.set(t, (deltas.get(t) ?? 0) + d);
  for (const t of assignments) {
    const s = Math.max(t.start, phase.start);
    const e = Math.min(t.end, phase.end);
    if (!(s < e)) continue;
    const n = officers(t);
    add(s, n);
    add(e, -n);
  }
  const times = [...new Set([phase.start, ...deltas.keys(), phase.end])].sort((a, b) => a - b);
  let level = 0;
  let best = { officers: Infinity, from: phase.start, to: phase.end };
  for (let i = 0; i < times.length - 1; i++) {
    const t0 = times[i] ?? 0;
    const t1 = times[i + 1] ?? 0;
    level += deltas.get(t0) ?? 0;
    if (level < best.officers) best = { officers: level, from: t0, to: t1 };
    else if (level === best.officers && best.to === t0) best.to = t1;
  }
  return best.officers === Infinity ? { officers: 0, from: phase.start, to: phase.end } : best;
}

export function accessPointStaffing(ix: PlanIndex): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const cordon of ix.featuresOfKind('cordon')) {
    for (const ap of cordon.props.accessPoints ?? []) {
      if (ap.staffingRequired <= 0) continue;
      const w = checkAccessPoint(ix, cordon, ap);
      if (w) out.push(w);
    }
  }
  return out;
}

function checkAccessPoint(ix: PlanIndex, cordon: PlanFeature, ap: AccessPoint): PlanWarning | undefined {
  const all = (ix.assignmentsByAccessPoint.get(accessKey(cordon.id, ap.id)) ?? []).filter((t) => t.end > t.start);
  const apName = ap.name.trim() ? `"${ap.name.trim()}"` : '(unnamed)';
  const subject = `Access point ${apName} on ${featureLabel(cordon)} needs ${ap.staffingRequired} officers`;
  const refs = {
    featureIds: [cordon.id],
    unitIds: all.map((t) => t.a.unitId),
    assignmentIds: all.map((t) => t.a.id),
  };
  const officers = (t: TimedAssignment) => officersOf(ix.unitById.get(t.a.unitId));

  if (ix.phases.length === 0) {
    const units = new Set(all.map((t) => t.a.unitId));
    const total = [...units].reduce((n, id) => n + officersOf(ix.unitById.get(id)), 0);
    if (total >= ap.staffingRequired) return undefined;
    const has = total === 0 ? 'has nobody assigned' : `has ${total}`;
    return warning('accessPointUnderstaffed', `${cordon.id}/${ap.id}`, total === 0 ? 'error' : 'warning', `${subject}; it ${has}.`, refs);
  }

  const shortfalls: Shortfall[] = [];
  for (const phase of ix.activePhases(cordon)) {
    const inPhase = all.filter((t) => t.a.phaseId === phase.phase.id);
    const low = lowestStaffing(inPhase, phase, officers);
    if (low.officers < ap.staffingRequired) shortfalls.push({ phase, ...low });
  }
  if (shortfalls.length === 0) return undefined;
  // Whole-phase shortfalls of the same size read as one clause: "only 25 in Assembly and Procession".
  const parts: string[] = [];
  const wholePhases = new Map<string, string[]>();
  for (const s of shortfalls) {
    const who = s.officers === 0 ? 'nobody' : `only ${s.officers}`;
    if (s.from <= s.phase.start && s.to >= s.phase.end) {
      const names = wholePhases.get(who);
      if (names) names.push(s.phase.phase.name);
      else {
        wholePhases.set(who, [s.phase.phase.name]);
        parts.push(who);
      }
    } else parts.push(`${who} on ${formatWindow(s.from, s.to)} in ${s.phase.phase.name}`);
  }
  const clauses = parts.map((p) => {
    const names = wholePhases.get(p);
    return names ? `${p} in ${listWords(names)}` : p;
  });
  const severity = shortfalls.some((s) => s.officers === 0) ? 'error' : 'warning';
  return warning('accessPointUnderstaffed', `${cordon.id}/${ap.id}`, severity, `${subject}: ${clauses.join('; ')}.`, refs);
}
