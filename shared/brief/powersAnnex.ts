/**
 * Annex B of the briefing pack, the powers register part: every power with its authoriser, a summary of its grounds,
 * its times and each extension, so a reader of the pack sees the legal basis of the operation and when it lapses.
 * Pure: the same rows print in the pack and are checked in tests.
 */
import { OFFICER_RANKS, type OperationBundle } from '../domain';
import { POWER_RULES, effectiveEnd, plannedEnd, type Officer, type Power } from '../powers';
import { formatDateTime, gridRefOf, representativePoint } from './tables';

export interface PowerAnnexRow {
  power: string;
  authoriser: string;
  /** The grounds, cut to a summary (the full text is in the register). */
  grounds: string;
  area: string;
  /** Start to planned end ("14 Jun 10:00 to 15 Jun 01:00", or "to the end of the event"). */
  times: string;
  /** One line per extension: by whom, when, the new end. */
  extensions: string[];
  /** Authorised, draft, cancelled, with who was informed. */
  status: string;
}

const GROUNDS_SUMMARY = 200;

export const officerLine = (o: Officer): string => [OFFICER_RANKS[o.rank].split(' / ')[0], o.name, o.collar && `(${o.collar})`].filter(Boolean).join(' ');

function summary(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return 'NOT RECORDED';
  return t.length <= GROUNDS_SUMMARY ? t : `${t.slice(0, GROUNDS_SUMMARY - 1).replace(/\s+\S*$/, '')}…`;
}

function status(p: Power): string {
  const informed = p.notifications.map((n) => `${n.who} informed ${formatDateTime(n.at)}`);
  const head = p.cancellation
    ? `Cancelled ${formatDateTime(p.cancellation.at)} by ${officerLine(p.cancellation.by)}: ${p.cancellation.reason}`
    : POWER_RULES[p.type].kind === 'notice'
      ? `Notice${p.noticeReceivedAt ? ` received ${formatDateTime(p.noticeReceivedAt)}` : ''}`
      : p.authorisedAt
        ? `Authorised ${formatDateTime(p.authorisedAt)}`
        : 'DRAFT: not authorised';
  return [head, ...informed].join('; ');
}

export function powersAnnex(bundle: OperationBundle): PowerAnnexRow[] {
  const ctx = { eventEndsAt: bundle.operation.endsAt };
  return [...(bundle.operation.powers ?? [])]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.type.localeCompare(b.type))
    .map((p) => {
      const rule = POWER_RULES[p.type];
      const f = p.areaFeatureId ? bundle.features.find((x) => x.id === p.areaFeatureId) : undefined;
      const area = f ? `${f.name || '(unnamed area)'} ${gridRefOf(...representativePoint(f.geometry))}` : 'NOT SET';
      const end = p.endsAt ? formatDateTime(plannedEnd(p, ctx)) : `the end of the event (${formatDateTime(plannedEnd(p, ctx))})`;
      const last = effectiveEnd(p, ctx);
      return {
        power: rule.title,
        // A s.11 notice comes from the organiser: a name, no rank.
        authoriser: (rule.kind === 'notice' ? p.authoriser.name.trim() : officerLine(p.authoriser)) || 'NOT SET',
        grounds: summary(p.grounds),
        area,
        times: `${formatDateTime(p.startsAt)} to ${end}${p.extensions.length || p.cancellation ? `; now ends ${formatDateTime(last)}` : ''}`,
        extensions: p.extensions.map(
          (e, i) =>
            `Extension ${i + 1}: ${officerLine(e.by)} at ${formatDateTime(e.at)} to ${formatDateTime(e.newEndsAt)}${e.grounds.trim() ? ` (${summary(e.grounds)})` : ''}`,
        ),
        status: status(p),
      };
    });
}
