/**
 * Check a whole operation: every rule over one shared index. Pure and fast enough to run on every edit
 * (5,000 features, 600 units, 3,000 assignments in well under 100 ms): lookups are by id, and geometry tests
 * run only after a bounding-box prefilter.
 */
import type { OperationBundle } from '../domain';
import { buildPlanIndex, type PlanIndex } from './planIndex';
import { accessPointStaffing } from './rules/accessPointStaffing';
import { assignmentChecks } from './rules/assignmentChecks';
import { authorityTiming } from './rules/authorityTiming';
import { postOutsideSector } from './rules/postOutsideSector';
import { routeCrossesCordon } from './rules/routeCrossesCordon';
import { sectorWithoutBronze } from './rules/sectorWithoutBronze';
import { unitDoubleBooked } from './rules/unitDoubleBooked';
import { RULE_IDS, warning, type PlanWarning, type RuleId } from './types';

/** One check over the index, tagged with the rule it reports under if it fails to run. */
export interface Check {
  rule: RuleId;
  check: (ix: PlanIndex) => PlanWarning[];
}

export const CHECKS: readonly Check[] = [
  { rule: 'unitDoubleBooked', check: unitDoubleBooked },
  { rule: 'postOutsideSector', check: postOutsideSector },
  { rule: 'routeCrossesCordon', check: routeCrossesCordon },
  { rule: 'authorityExpiresEarly', check: authorityTiming },
  { rule: 'sectorWithoutBronze', check: sectorWithoutBronze },
  { rule: 'accessPointUnderstaffed', check: accessPointStaffing },
  { rule: 'assignmentDangling', check: assignmentChecks },
];

const ORDER = new Map(RULE_IDS.map((r, i) => [r, i]));

/**
 * All the problems in a plan, errors first, then by rule, then alphabetically. A check that throws (say, on a
 * corrupt geometry) does not stop the others: it becomes one warning saying that check could not run.
 */
export function validatePlan(bundle: OperationBundle, checks: readonly Check[] = CHECKS): PlanWarning[] {
  const ix = buildPlanIndex(bundle);
  const out: PlanWarning[] = [];
  for (const { rule, check } of checks) {
    try {
      out.push(...check(ix));
    } catch (e) {
      out.push(warning(rule, 'failed', 'warning', `This check could not run: ${e instanceof Error ? e.message : String(e)}.`));
    }
  }
  return out.sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      (ORDER.get(a.rule) ?? 0) - (ORDER.get(b.rule) ?? 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
