/**
 * The log picker's list: the logs the plan names (Gold, Silver, each Bronze with its call sign:
 * shared/decisionLog/planLogs.ts), then any other log this operation already has entries in or that was added as
 * "Other Bronze…", marked as not in the plan so that a typed name is never mistaken for a planned commander. Pure.
 */
import { logLabel } from '../../../shared/decisionLog';
import { planLogTitle, type PlanLog } from '../../../shared/decisionLog/planLogs';

export interface PickerLog {
  logId: string;
  /** "Sector 1 Bronze (call sign S1)", or "Bronze TRAFFIC (not in the plan)". */
  title: string;
  /** The commander's name when the plan gives it. */
  commander: string;
  inPlan: boolean;
}

export function pickerLogs(planned: readonly PlanLog[], known: readonly string[]): PickerLog[] {
  const inPlan = new Set(planned.map((p) => p.logId));
  return [
    ...planned.map((p) => ({ logId: p.logId, title: planLogTitle(p), commander: p.commander, inPlan: true })),
    ...known.filter((id) => !inPlan.has(id)).map((id) => ({ logId: id, title: `${logLabel(id)} (not in the plan)`, commander: '', inPlan: false })),
  ];
}
