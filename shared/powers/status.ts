/**
 * When a power is in force. Pure: the clock is an argument, so the register, Live and the pack agree at any instant.
 */
import type { Power } from './schema';
import { POWER_RULES, type MaxDuration } from './rules';

export type PowerStatus = 'draft' | 'planned' | 'inForce' | 'expired' | 'cancelled';

export const POWER_STATUS_LABELS: Record<PowerStatus, string> = {
  draft: 'Draft (not authorised)',
  planned: 'Planned',
  inForce: 'In force',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** What the end of a power depends on beyond the record: the event's end, for conditions that last for the event. */
export interface PowerContext {
  /** The operation's end (ISO): the end of the procession or assembly for conditions under s.12/s.14/s.14ZA. */
  eventEndsAt: string;
}

/** The end before any extension: the set end, or for conditions lasting for the event, the event's end. */
export function plannedEnd(p: Power, ctx: PowerContext): string {
  return p.endsAt ?? ctx.eventEndsAt;
}

/** The end now in effect: the last extension's new end, else the planned end; a cancellation ends it early. */
export function effectiveEnd(p: Power, ctx: PowerContext): string {
  const last = p.extensions.at(-1);
  const end = last ? last.newEndsAt : plannedEnd(p, ctx);
  if (p.cancellation && Date.parse(p.cancellation.at) < Date.parse(end)) return p.cancellation.at;
  return end;
}

export function powerStatus(p: Power, now: number, ctx: PowerContext): PowerStatus {
  if (p.cancellation && Date.parse(p.cancellation.at) <= now) return 'cancelled';
  if (!p.authorisedAt && POWER_RULES[p.type].kind !== 'notice') return 'draft';
  if (now < Date.parse(p.startsAt)) return 'planned';
  if (now >= Date.parse(effectiveEnd(p, ctx))) return 'expired';
  return 'inForce';
}

/** The latest end a duration allows from `startIso` (calendar months for s.13's "3 months"). */
export function maxEndFor(startIso: string, max: MaxDuration): number {
  const start = new Date(startIso);
  if ('hours' in max) return start.getTime() + max.hours * 3600_000;
  const d = new Date(start);
  d.setUTCMonth(d.getUTCMonth() + max.months);
  return d.getTime();
}

/** "5 h 20 min", "45 min", "2 d 3 h": how long is left, for Live. */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return 'expired';
  const min = Math.floor(ms / 60_000);
  const days = Math.floor(min / 1440);
  const hours = Math.floor((min % 1440) / 60);
  const mins = min % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${mins} min`;
  return `${mins} min`;
}

/** A duration as the user reads it: "24 h", "3 months". */
export function formatMaxDuration(max: MaxDuration): string {
  return 'hours' in max ? `${max.hours} hours` : `${max.months} months`;
}

export interface LivePower {
  power: Power;
  status: PowerStatus;
  /** Effective end, ms. */
  endsAt: number;
  /** Until the end (in force) or the start (planned), ms. */
  msLeft: number;
}

/**
 * What Live shows: authorised powers in force (soonest to lapse first), then those authorised to start later. Drafts,
 * notices and powers that have ended are left to the register.
 */
export function livePowers(powers: readonly Power[], now: number, ctx: PowerContext): { inForce: LivePower[]; later: LivePower[] } {
  const inForce: LivePower[] = [];
  const later: LivePower[] = [];
  for (const p of powers) {
    const status = powerStatus(p, now, ctx);
    const endsAt = Date.parse(effectiveEnd(p, ctx));
    if (POWER_RULES[p.type].kind === 'notice') continue;
    if (status === 'inForce') inForce.push({ power: p, status, endsAt, msLeft: endsAt - now });
    else if (status === 'planned') later.push({ power: p, status, endsAt, msLeft: Date.parse(p.startsAt) - now });
  }
  inForce.sort((a, b) => a.msLeft - b.msLeft);
  later.sort((a, b) => a.msLeft - b.msLeft);
  return { inForce, later };
}
