/** What plan validation reports: one warning per problem, in the users' words, pointing at what to fix. */

export const RULES = {
  unitDoubleBooked: 'Unit booked twice',
  postOutsideSector: 'Post outside its sector',
  routeCrossesCordon: 'Route crosses an inner cordon or sterile area',
  authorityExpiresEarly: 'Authority lapses before its phase ends',
  authorityStartsLate: 'Authority starts after its phase begins',
  authorityNoExpiry: 'Authority has no expiry',
  sectorWithoutBronze: 'Sector without a Bronze',
  accessPointUnderstaffed: 'Access point not fully staffed',
  assignmentOutsidePhase: 'Assignment outside its phase',
  targetNotInPhase: 'Assigned to a feature not active in that phase',
  assignmentDangling: 'Assignment to something that no longer exists',
} as const;
export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

export type Severity = 'error' | 'warning';

export interface PlanWarning {
  /** Stable across runs for the same problem (rule plus the ids involved), so the UI can key and dismiss it. */
  id: string;
  rule: RuleId;
  severity: Severity;
  /** One sentence with call signs and feature names, never ids. */
  message: string;
  featureIds: string[];
  unitIds: string[];
  assignmentIds: string[];
}

export function warning(
  rule: RuleId,
  key: string,
  severity: Severity,
  message: string,
  refs: { featureIds?: string[]; unitIds?: string[]; assignmentIds?: string[] } = {},
): PlanWarning {
  const uniq = (xs: string[] | undefined) => [...new Set(xs ?? [])];
  return {
    id: `${rule}:${key}`,
    rule,
    severity,
    message,
    featureIds: uniq(refs.featureIds),
    unitIds: uniq(refs.unitIds),
    assignmentIds: uniq(refs.assignmentIds),
  };
}
