/**
 * The Bronze a unit reports to for an assignment, and where that answer comes from. A post, key location or access
 * point inside a sector takes the sector's Bronze unless it names its own: planners give a sector its Bronze once,
 * not every post in it, and the Assign tab, command chart, deployment matrix and talkgroups must all agree.
 *
 * Order: the assignment's own Bronze; the target feature's own Bronze; the Bronze of the sector holding the target's
 * point (the first such sector in plan order that has a Bronze). Route segments cross sectors, so they take none.
 */
import type { Assignment, AssignmentTarget, PlanFeature, Position } from '../domain';
import { featureContains, featurePoint, type PlanIndex } from './planIndex';

export type BronzeSource = 'assignment' | 'feature' | 'sector' | 'none';

export interface ResolvedBronze {
  name: string;
  from: BronzeSource;
  /** The sector it was taken from, when `from` is 'sector'. */
  sector?: PlanFeature;
}

const NONE: ResolvedBronze = { name: '', from: 'none' };

/** The point of an assignment target that decides which sector it lies in, if any. */
export function targetPoint(ix: PlanIndex, target: AssignmentTarget): Position | undefined {
  const f = ix.featureById.get(target.featureId);
  if (!f) return undefined;
  if (target.kind === 'accessPoint') return f.props.accessPoints?.find((ap) => ap.id === target.accessPointId)?.position;
  if (target.kind === 'post') return featurePoint(f);
  return undefined;
}

/** The Bronze a target reports to when the assignment names none. */
export function bronzeOfTarget(ix: PlanIndex, target: AssignmentTarget): ResolvedBronze {
  const f = ix.featureById.get(target.featureId);
  if (!f) return NONE;
  const own = f.bronze.trim();
  if (own) return { name: own, from: 'feature' };
  if (target.kind === 'sector' || target.kind === 'routeSegment') return NONE;
  const p = targetPoint(ix, target);
  if (!p) return NONE;
  const sector = ix.featuresOfKind('sector').find((s) => s.bronze.trim() && featureContains(ix, s, p));
  return sector ? { name: sector.bronze.trim(), from: 'sector', sector } : NONE;
}

export function bronzeOfAssignment(ix: PlanIndex, a: Pick<Assignment, 'bronze' | 'target'>): ResolvedBronze {
  const own = a.bronze.trim();
  return own ? { name: own, from: 'assignment' } : bronzeOfTarget(ix, a.target);
}

/** How the Assign tab says it: "Sector 1 Bronze (from sector S1 North)", or "no Bronze". */
export function describeBronze(b: ResolvedBronze): string {
  if (b.from === 'none') return 'no Bronze';
  if (b.from === 'sector' && b.sector) {
    const label = [b.sector.props.sectorCode, b.sector.name.trim()].filter(Boolean).join(' ');
    // A drawn sector is often named "Sector 1": do not say "sector Sector 1".
    return `${b.name} (from ${!label ? 'its sector' : /^sector\b/i.test(label) ? label : `sector ${label}`})`;
  }
  return b.name;
}
