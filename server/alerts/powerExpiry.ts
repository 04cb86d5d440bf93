/**
 * Expiry alerts for the legal powers register (Operation.powers), reusing the `authorityExpiring` alert that plan
 * authority areas already raise: one alert `authorityExpiring:power:<id>` from `authorityWarningMin` before the power
 * lapses, and a second, new alert `authorityExpiring:power:<id>:expired` when it has lapsed, so the control room
 * acknowledges the expiry itself and not only the warning. Only authorised, uncancelled powers count: a draft was
 * never in force, and a cancelled power ended by decision, not by lapse.
 */
import { POWER_RULES, effectiveEnd, type Power } from '../../shared/powers';
import { centroid } from '../../shared/geo/measure';
import type { AlertsConfig } from '../config';
import { alertId, hhmm, type Condition, type LivePlan } from './planVsActual';

const describe = (p: Power) => `${POWER_RULES[p.type].short} authorised by ${p.authoriser.name || 'an unnamed officer'}`;

export function powerConditions(lp: LivePlan, now: number, s: Pick<AlertsConfig, 'authorityWarningMin'>): Condition[] {
  const op = lp.ix.bundle.operation;
  if (op.status === 'closed' || op.archived) return [];
  const out: Condition[] = [];
  for (const p of op.powers ?? []) {
    if (!p.authorisedAt || p.cancellation || POWER_RULES[p.type].kind === 'notice') continue;
    const expires = Date.parse(effectiveEnd(p, { eventEndsAt: op.endsAt }));
    const warnFrom = expires - s.authorityWarningMin * 60_000;
    if (now < Date.parse(p.startsAt) || now < warnFrom) continue;
    const area = p.areaFeatureId ? lp.ix.bundle.features.find((f) => f.id === p.areaFeatureId) : undefined;
    const centre = area ? centroid(area.geometry) : undefined;
    const where = area && centre ? { featureId: area.id, lon: centre[0], lat: centre[1] } : {};
    const expired = now >= expires;
    out.push({
      id: expired ? alertId('authorityExpiring', 'power', p.id, 'expired') : alertId('authorityExpiring', 'power', p.id),
      kind: 'authorityExpiring',
      severity: 'high',
      message: expired
        ? `${describe(p)} expired at ${hhmm(expires)}${area ? ` (${area.name})` : ''}`
        : `${describe(p)} expires at ${hhmm(expires)}${area ? ` (${area.name})` : ''}`,
      since: expired ? expires : warnFrom,
      ...where,
    });
  }
  return out;
}
