/**
 * The legal powers a public order operation relies on, with their statutory rules as data: one row per power, each
 * rule carrying the Act, section and subsection it comes from, so that every warning the register raises can name
 * the law it applies. Validation (validate.ts) reads only this table; adding a power is adding a row.
 *
 * Abbreviations: POA 1986 = Public Order Act 1986; CJPOA 1994 = Criminal Justice and Public Order Act 1994;
 * ASBCPA 2014 = Anti-social Behaviour, Crime and Policing Act 2014; POA 2023 = Public Order Act 2023.
 * Where a subsection could not be confirmed against the text on legislation.gov.uk the rule cites the section alone.
 */
import type { OfficerRank } from '../domain/enums';

export const POWER_TYPES = ['s11', 's12', 's13', 's14', 's14A', 's14ZA', 's60', 's60AA', 's34', 's35', 'poa2023s11'] as const;
export type PowerType = (typeof POWER_TYPES)[number];

/** A rule and the provision it comes from, e.g. { cite: 'CJPOA 1994 s.60(1)' }. */
interface Cited {
  cite: string;
}

/** How long a power may last: a fixed number of hours (or months), or for as long as the event it governs. */
export type MaxDuration = ({ hours: number } | { months: number }) & Cited;

export interface PowerRule {
  type: PowerType;
  /** What the register and the pack call it. */
  title: string;
  /** Short name used in lists and alerts, e.g. "s.60". */
  short: string;
  /**
   * authorisation: a senior officer switches a power on for an area and period (s.60, s.60AA, s.34, POA 2023 s.11);
   * conditions: directions imposing conditions on a procession or assembly (s.12, s.14, s.14ZA);
   * order: a prohibition (s.13, s.14A); direction: what a constable does under an authorisation (s.35);
   * notice: the organiser's advance notice of a procession (s.11): recorded, not authorised.
   */
  kind: 'authorisation' | 'conditions' | 'order' | 'direction' | 'notice';
  /** Lowest rank that may give it in advance; null when no officer gives it (a notice). */
  minRank: ({ rank: OfficerRank } & Cited) | null;
  /** Conditions given at the scene: the most senior officer present, whatever the rank. */
  atScene?: Cited;
  /** Absent: it lasts for the event (end = the operation's end unless the planner sets an earlier one). */
  maxDuration?: MaxDuration;
  /** True for conditions: they last for the procession or assembly, not a fixed time. */
  lastsForEvent?: Cited;
  extension?: { minRank: OfficerRank; addHours: number; maxCount: number } & Cited;
  /** Must be in writing with its grounds. `severity` warning where the statute asks for writing but not grounds. */
  writtenGrounds?: { severity: 'error' | 'warning' } & Cited;
  /** Who must be told: when the authoriser is below `ifBelow`, an officer of `rank` or above must be informed. */
  inform?: { ifBelow: OfficerRank; rank: OfficerRank; text: string } & Cited;
  /** Consent another authority must give (e.g. the Secretary of State in London). */
  consent?: { who: string } & Cited;
  areaRequired?: Cited;
  /** A direction that may only be given while an authorisation of this type is in force. */
  requires?: { type: PowerType } & Cited;
  /** s.11 only: days of notice the organiser must give. */
  noticeDays?: number;
  noticeCite?: string;
}

export const POWER_RULES: Record<PowerType, PowerRule> = {
  s11: {
    type: 's11',
    title: 'POA 1986 s.11 advance notice of a public procession',
    short: 's.11 notice',
    kind: 'notice',
    minRank: null,
    lastsForEvent: { cite: 'POA 1986 s.11(1)' },
    // s.11(5): delivered not less than 6 clear days before the procession; s.11(6): else as soon as reasonably practicable.
    noticeDays: 6,
    noticeCite: 'POA 1986 s.11(5)',
    // s.11(3): the notice specifies the date, start time and proposed route (the area it covers).
    areaRequired: { cite: 'POA 1986 s.11(3)' },
  },
  s12: {
    type: 's12',
    title: 'POA 1986 s.12 conditions on a public procession',
    short: 's.12 conditions',
    kind: 'conditions',
    // s.12(2)(b): for a procession intended to be held, the chief officer of police, who may delegate to an assistant
    // chief constable (an assistant commissioner in London) under s.15.
    minRank: { rank: 'assistantChiefConstable', cite: 'POA 1986 s.12(2)(b) and s.15' },
    // s.12(2)(a): once people are assembling or the procession is being held, the most senior officer present.
    atScene: { cite: 'POA 1986 s.12(2)(a)' },
    lastsForEvent: { cite: 'POA 1986 s.12(1)' },
    // s.12(3): directions given in advance by the chief officer must be in writing.
    writtenGrounds: { severity: 'warning', cite: 'POA 1986 s.12(3)' },
    areaRequired: { cite: 'POA 1986 s.12(1)' },
  },
  s13: {
    type: 's13',
    title: 'POA 1986 s.13 order prohibiting public processions',
    short: 's.13 prohibition',
    kind: 'order',
    // s.13(4): in the City of London and the Metropolitan Police District the Commissioner makes the order.
    minRank: { rank: 'chiefConstable', cite: 'POA 1986 s.13(1) and s.13(4)' },
    maxDuration: { months: 3, cite: 'POA 1986 s.13(4)' },
    consent: { who: 'Secretary of State', cite: 'POA 1986 s.13(4)' },
    writtenGrounds: { severity: 'error', cite: 'POA 1986 s.13(4)' },
    areaRequired: { cite: 'POA 1986 s.13(4)' },
  },
  s14: {
    type: 's14',
    title: 'POA 1986 s.14 conditions on a public assembly',
    short: 's.14 conditions',
    kind: 'conditions',
    minRank: { rank: 'assistantChiefConstable', cite: 'POA 1986 s.14(2)(b) and s.15' },
    atScene: { cite: 'POA 1986 s.14(2)(a)' },
    lastsForEvent: { cite: 'POA 1986 s.14(1)' },
    writtenGrounds: { severity: 'warning', cite: 'POA 1986 s.14(3)' },
    areaRequired: { cite: 'POA 1986 s.14(1)' },
  },
  s14A: {
    type: 's14A',
    title: 'POA 1986 s.14A order prohibiting trespassory assemblies',
    short: 's.14A prohibition',
    kind: 'order',
    minRank: { rank: 'chiefConstable', cite: 'POA 1986 s.14A(1) and s.14A(4)' },
    // s.14A(6): for a specified period not exceeding 4 days, in an area not exceeding a 5-mile radius.
    maxDuration: { hours: 96, cite: 'POA 1986 s.14A(6)' },
    consent: { who: 'Secretary of State', cite: 'POA 1986 s.14A(4)' },
    writtenGrounds: { severity: 'error', cite: 'POA 1986 s.14A(4)' },
    areaRequired: { cite: 'POA 1986 s.14A(6)' },
  },
  s14ZA: {
    type: 's14ZA',
    title: 'POA 1986 s.14ZA conditions on a one-person protest',
    short: 's.14ZA conditions',
    kind: 'conditions',
    minRank: { rank: 'assistantChiefConstable', cite: 'POA 1986 s.14ZA(3)(b) and s.15' },
    atScene: { cite: 'POA 1986 s.14ZA(3)(a)' },
    lastsForEvent: { cite: 'POA 1986 s.14ZA(1)' },
    writtenGrounds: { severity: 'warning', cite: 'POA 1986 s.14ZA(4)' },
    areaRequired: { cite: 'POA 1986 s.14ZA(1)' },
  },
  s60: {
    type: 's60',
    title: 'CJPOA 1994 s.60 search without suspicion (serious violence, weapons)',
    short: 's.60',
    kind: 'authorisation',
    minRank: { rank: 'inspector', cite: 'CJPOA 1994 s.60(1)' },
    maxDuration: { hours: 24, cite: 'CJPOA 1994 s.60(1)' },
    // s.60(3): a superintendent or above may direct that it continue for a further 24 hours (once).
    extension: { minRank: 'superintendent', addHours: 24, maxCount: 1, cite: 'CJPOA 1994 s.60(3)' },
    // s.60(9): in writing, signed, specifying the grounds, the locality and the period.
    writtenGrounds: { severity: 'error', cite: 'CJPOA 1994 s.60(9)' },
    // s.60(3A): an inspector who authorises must cause a superintendent or above to be informed as soon as practicable.
    inform: { ifBelow: 'superintendent', rank: 'superintendent', text: 'a superintendent or above', cite: 'CJPOA 1994 s.60(3A)' },
    areaRequired: { cite: 'CJPOA 1994 s.60(9)' },
  },
  s60AA: {
    type: 's60AA',
    title: 'CJPOA 1994 s.60AA removal of face coverings',
    short: 's.60AA',
    kind: 'authorisation',
    minRank: { rank: 'inspector', cite: 'CJPOA 1994 s.60AA(3)' },
    maxDuration: { hours: 24, cite: 'CJPOA 1994 s.60AA(3)' },
    extension: { minRank: 'superintendent', addHours: 24, maxCount: 1, cite: 'CJPOA 1994 s.60AA(4)' },
    writtenGrounds: { severity: 'error', cite: 'CJPOA 1994 s.60AA(6)' },
    inform: { ifBelow: 'superintendent', rank: 'superintendent', text: 'a superintendent or above', cite: 'CJPOA 1994 s.60AA(5)' },
    areaRequired: { cite: 'CJPOA 1994 s.60AA(6)' },
  },
  s34: {
    type: 's34',
    title: 'ASBCPA 2014 s.34 dispersal authorisation',
    short: 's.34 dispersal authorisation',
    kind: 'authorisation',
    // s.34(1): an inspector or above, for a specified locality, for not more than 48 hours. No extension: a further
    // period needs a fresh authorisation.
    minRank: { rank: 'inspector', cite: 'ASBCPA 2014 s.34(1)' },
    maxDuration: { hours: 48, cite: 'ASBCPA 2014 s.34(1)' },
    // s.34(4): in writing, signed by the officer giving it, specifying the grounds.
    writtenGrounds: { severity: 'error', cite: 'ASBCPA 2014 s.34(4)' },
    areaRequired: { cite: 'ASBCPA 2014 s.34(1)' },
  },
  s35: {
    type: 's35',
    title: 'ASBCPA 2014 s.35 direction to leave (under a s.34 authorisation)',
    short: 's.35 direction',
    kind: 'direction',
    // s.35(1): a constable in uniform, while an authorisation under s.34 is in force; exclusion for up to 48 hours.
    minRank: { rank: 'constable', cite: 'ASBCPA 2014 s.35(1)' },
    maxDuration: { hours: 48, cite: 'ASBCPA 2014 s.35' },
    requires: { type: 's34', cite: 'ASBCPA 2014 s.35(1)' },
    writtenGrounds: { severity: 'warning', cite: 'ASBCPA 2014 s.35' },
    areaRequired: { cite: 'ASBCPA 2014 s.35' },
  },
  poa2023s11: {
    type: 'poa2023s11',
    title: 'POA 2023 s.11 search without suspicion (protest-related offences)',
    short: 'POA 2023 s.11',
    kind: 'authorisation',
    // s.11(1): an inspector or above who reasonably believes protest-related offences may be committed in a locality.
    minRank: { rank: 'inspector', cite: 'POA 2023 s.11(1)' },
    // Modelled on CJPOA s.60: at most 24 hours, a superintendent may continue it once by 24 hours, an inspector must
    // have a superintendent informed, and it is given in writing with its grounds.
    maxDuration: { hours: 24, cite: 'POA 2023 s.11' },
    extension: { minRank: 'superintendent', addHours: 24, maxCount: 1, cite: 'POA 2023 s.11' },
    writtenGrounds: { severity: 'error', cite: 'POA 2023 s.11' },
    inform: { ifBelow: 'superintendent', rank: 'superintendent', text: 'a superintendent or above', cite: 'POA 2023 s.11' },
    areaRequired: { cite: 'POA 2023 s.11(1)' },
  },
};

/** The rules in the order a planner meets them (the register's type picker and the pack follow it). */
export const POWER_RULE_LIST: readonly PowerRule[] = POWER_TYPES.map((t) => POWER_RULES[t]);
