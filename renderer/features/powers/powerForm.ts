/**
 * Pure helpers of the powers register screens: which plan features can be a power's area, and a blank power for the
 * add form. Kept out of the components so they are unit-tested without React.
 */
import type { OperationBundle, PlanFeature } from '../../../shared/domain';
import { FEATURE_KINDS } from '../../../shared/domain';
import { POWER_RULES, type Power, type PowerType } from '../../../shared/powers';

/** Areas are polygons: sectors, cordons, circles and drawn legal authority areas. */
export function areaFeatures(bundle: OperationBundle): PlanFeature[] {
  return bundle.features.filter((f) => f.geometry.type === 'Polygon' && ['sector', 'cordon', 'authority', 'circle'].includes(f.kind));
}

export const areaLabel = (f: PlanFeature): string => `${f.name || '(unnamed)'} · ${FEATURE_KINDS[f.kind]}`;

/** A new draft: starts at the operation's start; a time-limited power runs for its maximum, conditions for the event. */
export function blankPower(bundle: OperationBundle, id: string, type: PowerType = 's60'): Power {
  const start = bundle.operation.startsAt;
  return withType(
    { id, type, authoriser: { name: '', rank: 'inspector', collar: '' }, grounds: '', atScene: false, startsAt: start, extensions: [], notifications: [] },
    type,
  );
}

/** Switches the type, giving the end its default for the new type (max duration in hours, or none for the event). */
export function withType(p: Power, type: PowerType): Power {
  const r = POWER_RULES[type];
  const next: Power = { ...p, type };
  if (r.maxDuration && 'hours' in r.maxDuration) next.endsAt = new Date(Date.parse(p.startsAt) + Math.min(r.maxDuration.hours, 24) * 3600_000).toISOString();
  else if (r.maxDuration) next.endsAt = p.endsAt;
  else delete next.endsAt;
  return next;
}
