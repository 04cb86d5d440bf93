/**
 * The statutory checks on one power, read from the rules table (rules.ts). Each issue names the provision it applies
 * (the message starts with it, e.g. "CJPOA 1994 s.60(1): ...") so that a planner or an inquiry can check the law.
 * Errors: the power as recorded would be unlawful or unlawfully recorded. Warnings: something to confirm.
 */
import { OFFICER_RANKS, isAtLeastRank, type OfficerRank } from '../domain/enums';
import { POWER_RULES, type PowerRule } from './rules';
import type { Power, PowerExtension } from './schema';
import { effectiveEnd, formatMaxDuration, maxEndFor, plannedEnd, type PowerContext } from './status';

export type PowerIssueRule =
  'authoriser' | 'rank' | 'times' | 'duration' | 'extension' | 'grounds' | 'notification' | 'consent' | 'area' | 'requires' | 'notice';

export interface PowerIssue {
  severity: 'error' | 'warning';
  rule: PowerIssueRule;
  /** The provision, e.g. "CJPOA 1994 s.60(3)". */
  cite: string;
  message: string;
  /** For extension issues: which extension (0-based). */
  extensionIndex?: number;
}

export interface ValidationContext extends PowerContext {
  /** Every power of the operation (s.35 directions look up their s.34 authorisation). */
  powers?: readonly Power[];
  /** Ids of the plan's features, to catch an area that has since been deleted. */
  featureIds?: ReadonlySet<string>;
}

const rankName = (r: OfficerRank): string => OFFICER_RANKS[r].split(' / ')[0]!.toLowerCase();
const article = (w: string) => (/^[aeiou]/i.test(w) ? 'an' : 'a');
const hoursBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 3600_000;
const fmtHours = (h: number) => `${Math.round(h * 10) / 10} hours`;

function issue(severity: PowerIssue['severity'], rule: PowerIssueRule, cite: string, text: string, extra?: Partial<PowerIssue>): PowerIssue {
  return { severity, rule, cite, message: `${cite}: ${text}`, ...extra };
}

function checkAuthoriser(p: Power, r: PowerRule, out: PowerIssue[]) {
  if (r.kind === 'notice') return;
  const cite = r.minRank?.cite ?? r.title;
  if (!p.authoriser.name.trim()) out.push(issue('error', 'authoriser', cite, 'name the officer who gives it.'));
  // Conditions given at the scene may be given by the most senior officer present, of any rank (s.12(2)(a) etc.).
  if (!r.minRank || (p.atScene && r.atScene)) return;
  const min = r.minRank.rank;
  if (!isAtLeastRank(p.authoriser.rank, min)) {
    const who = rankName(min);
    out.push(
      issue(
        'error',
        'rank',
        r.minRank.cite,
        `only ${article(who)} ${who} or above may give ${article(r.short)} ${r.short}; the authorising officer is ${article(rankName(p.authoriser.rank))} ${rankName(p.authoriser.rank)}.`,
      ),
    );
  }
}

function checkTimes(p: Power, r: PowerRule, ctx: PowerContext, out: PowerIssue[]) {
  if (p.endsAt && Date.parse(p.endsAt) <= Date.parse(p.startsAt)) {
    out.push(issue('error', 'times', r.maxDuration?.cite ?? r.title, 'it must end after it starts.'));
    return;
  }
  if (r.maxDuration) {
    if (!p.endsAt) {
      out.push(
        issue('error', 'duration', r.maxDuration.cite, `set the end: ${article(r.short)} ${r.short} lasts at most ${formatMaxDuration(r.maxDuration)}.`),
      );
    } else if (Date.parse(p.endsAt) > maxEndFor(p.startsAt, r.maxDuration)) {
      const ext = r.extension
        ? ` Only ${article(rankName(r.extension.minRank))} ${rankName(r.extension.minRank)} or above may continue it, under ${r.extension.cite}.`
        : '';
      out.push(
        issue(
          'error',
          'duration',
          r.maxDuration.cite,
          `${article(r.short)} ${r.short} may last at most ${formatMaxDuration(r.maxDuration)}; this one lasts ${fmtHours(hoursBetween(p.startsAt, p.endsAt))}.${ext}`,
        ),
      );
    }
  }
  if (r.lastsForEvent && p.endsAt && Date.parse(p.endsAt) > Date.parse(ctx.eventEndsAt)) {
    out.push(issue('warning', 'duration', r.lastsForEvent.cite, 'conditions last for the procession or assembly; this end is after the event ends.'));
  }
}

function checkExtensions(p: Power, r: PowerRule, ctx: PowerContext, out: PowerIssue[]) {
  if (p.extensions.length === 0) return;
  const ext = r.extension;
  if (!ext) {
    const cite = r.maxDuration?.cite ?? r.title;
    p.extensions.forEach((_e, i) =>
      out.push(
        issue('error', 'extension', cite, `${article(r.short)} ${r.short} cannot be extended; a further period needs a new authorisation.`, {
          extensionIndex: i,
        }),
      ),
    );
    return;
  }
  let prevEnd = plannedEnd(p, ctx);
  p.extensions.forEach((e: PowerExtension, i) => {
    const at = { extensionIndex: i };
    if (i >= ext.maxCount) {
      out.push(
        issue(
          'error',
          'extension',
          ext.cite,
          `${article(r.short)} ${r.short} may be continued ${ext.maxCount === 1 ? 'once only' : `${ext.maxCount} times only`}, for a further ${ext.addHours} hours; this would be extension ${i + 1}.`,
          at,
        ),
      );
    }
    if (!isAtLeastRank(e.by.rank, ext.minRank)) {
      const who = rankName(ext.minRank);
      out.push(
        issue(
          'error',
          'extension',
          ext.cite,
          `only ${article(who)} ${who} or above may continue ${article(r.short)} ${r.short}; ${e.by.name || 'this officer'} is ${article(rankName(e.by.rank))} ${rankName(e.by.rank)}.`,
          at,
        ),
      );
    }
    const added = hoursBetween(prevEnd, e.newEndsAt);
    if (added <= 0) out.push(issue('error', 'extension', ext.cite, 'the new end must be later than the current end.', at));
    else if (added > ext.addHours + 1e-9)
      out.push(issue('error', 'extension', ext.cite, `a continuation adds at most ${ext.addHours} hours; this one adds ${fmtHours(added)}.`, at));
    if (Date.parse(e.at) > Date.parse(prevEnd))
      out.push(issue('error', 'extension', ext.cite, 'it was given after the authorisation had lapsed; a lapsed authorisation cannot be continued.', at));
    prevEnd = e.newEndsAt;
  });
}

function checkGrounds(p: Power, r: PowerRule, out: PowerIssue[]) {
  // Conditions given orally at the scene need no writing (the writing rule applies to advance directions).
  if (!r.writtenGrounds || (p.atScene && r.atScene)) return;
  if (!p.grounds.trim()) out.push(issue(r.writtenGrounds.severity, 'grounds', r.writtenGrounds.cite, 'record the grounds in writing.'));
}

function checkNotifications(p: Power, r: PowerRule, out: PowerIssue[]) {
  const inf = r.inform;
  if (inf && !isAtLeastRank(p.authoriser.rank, inf.ifBelow)) {
    const told = p.notifications.some((n) => n.rank !== undefined && isAtLeastRank(n.rank, inf.rank));
    if (!told)
      out.push(
        issue(
          'error',
          'notification',
          inf.cite,
          `an authorisation by ${article(rankName(p.authoriser.rank))} ${rankName(p.authoriser.rank)} must be notified to ${inf.text} as soon as practicable; record who was informed and when.`,
        ),
      );
  }
  if (r.consent) {
    const who = r.consent.who.toLowerCase();
    if (!p.notifications.some((n) => n.who.toLowerCase().includes(who))) {
      out.push(issue('warning', 'consent', r.consent.cite, `in London the order needs the consent of the ${r.consent.who}; record it under notifications.`));
    }
  }
}

function checkArea(p: Power, r: PowerRule, ctx: ValidationContext, out: PowerIssue[]) {
  if (!r.areaRequired) return;
  if (!p.areaFeatureId) out.push(issue('error', 'area', r.areaRequired.cite, 'specify the area (locality) it covers.'));
  else if (ctx.featureIds && !ctx.featureIds.has(p.areaFeatureId))
    out.push(issue('error', 'area', r.areaRequired.cite, 'its area is no longer on the plan; pick the area again.'));
}

function checkRequires(p: Power, r: PowerRule, ctx: ValidationContext, out: PowerIssue[]) {
  if (!r.requires) return;
  const needed = POWER_RULES[r.requires.type];
  const parent = ctx.powers?.find((x) => x.id === p.underPowerId && x.type === r.requires!.type);
  if (!parent) {
    out.push(
      issue(
        'error',
        'requires',
        r.requires.cite,
        `${article(r.short)} ${r.short} may only be given while ${article(needed.short)} ${needed.short} is in force; choose the authorisation it is given under.`,
      ),
    );
    return;
  }
  const start = Date.parse(p.startsAt);
  if (start < Date.parse(parent.startsAt) || start >= Date.parse(effectiveEnd(parent, ctx))) {
    out.push(issue('error', 'requires', r.requires.cite, `it starts outside the period of the ${needed.short} it is given under.`));
  }
}

function checkNotice(p: Power, r: PowerRule, out: PowerIssue[]) {
  if (r.kind !== 'notice' || !r.noticeDays || !r.noticeCite) return;
  if (!p.noticeReceivedAt) {
    out.push(issue('warning', 'notice', r.noticeCite, 'record when the organiser’s written notice was received.'));
    return;
  }
  const days = (Date.parse(p.startsAt) - Date.parse(p.noticeReceivedAt)) / 86_400_000;
  if (days < r.noticeDays) {
    out.push(
      issue(
        'warning',
        'notice',
        r.noticeCite,
        `notice must reach the police ${r.noticeDays} clear days before the procession; this came ${Math.max(0, Math.floor(days))} days before (s.11(6) allows less only where ${r.noticeDays} days was not reasonably practicable).`,
      ),
    );
  }
}

/** Every statutory issue with one power, errors first. */
export function validatePower(p: Power, ctx: ValidationContext): PowerIssue[] {
  const r = POWER_RULES[p.type];
  const out: PowerIssue[] = [];
  checkAuthoriser(p, r, out);
  checkTimes(p, r, ctx, out);
  checkExtensions(p, r, ctx, out);
  checkGrounds(p, r, out);
  checkNotifications(p, r, out);
  checkArea(p, r, ctx, out);
  checkRequires(p, r, ctx, out);
  checkNotice(p, r, out);
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/**
 * Errors that stop a power being authorised. A missing notification does not: the duty to inform (e.g. s.60(3A)) is
 * met after the authorisation is given, so it stays on the register as an outstanding error instead.
 */
export const blocksAuthorisation = (i: PowerIssue): boolean => i.severity === 'error' && i.rule !== 'notification';
