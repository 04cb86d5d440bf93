/**
 * The decision logs an operation's plan names: Gold and Silver from the briefing, and one log for each Bronze the plan
 * names (on a feature, on an assignment or its post's sector, in the briefing's Bronze call signs), each with its call
 * sign when known. The Decisions workspace offers these instead of asking for a typed name, so that "Sector 1 Bronze"
 * is one log however many people write in it, and the briefing pack's annex titles each log as the plan does.
 */
import type { OperationBundle } from '../domain';
import { readBriefing } from '../domain/briefing';
import { commandChart } from '../brief/tables';
import { bronzeLogId } from './schema';

export interface PlanLog {
  logId: string;
  /** "Gold", "Silver", or the Bronze as the plan names it ("Sector 1 Bronze"). */
  label: string;
  /** The commander's name (Gold and Silver, from the briefing), if set. */
  commander: string;
  callSign: string;
}

const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Gold, Silver, then each Bronze in name order. Without a plan on this workstation: Gold and Silver only. */
export function planLogs(bundle: OperationBundle | null): PlanLog[] {
  const briefing = readBriefing(bundle?.operation.briefing);
  const logs: PlanLog[] = [
    { logId: 'gold', label: 'Gold', commander: briefing.gold.name.trim(), callSign: briefing.gold.callSign.trim() },
    { logId: 'silver', label: 'Silver', commander: briefing.silver.name.trim(), callSign: briefing.silver.callSign.trim() },
  ];
  if (!bundle) return logs;
  const names = new Map<string, string>();
  for (const b of commandChart(bundle, briefing).bronzes) names.set(b.name, b.callSign.trim());
  // A Bronze given a call sign in the briefing but (no longer) on any feature or assignment is still a commander.
  for (const [name, callSign] of Object.entries(briefing.bronzeCallSigns)) if (name.trim() && !names.has(name.trim())) names.set(name.trim(), callSign.trim());
  const seen = new Set(logs.map((l) => l.logId));
  for (const name of [...names.keys()].sort(byName.compare)) {
    // Work that reports straight to Gold or Silver (its "Bronze" is "Silver") belongs in their logs, not a Bronze's.
    if (/^(gold|silver)$/i.test(name)) continue;
    const logId = bronzeLogId(name);
    // Two spellings of one Bronze ("Sector 1", "sector-1") are one log: the first keeps its label.
    if (seen.has(logId)) continue;
    seen.add(logId);
    logs.push({ logId, label: name, commander: '', callSign: names.get(name) ?? '' });
  }
  return logs;
}

/** "Sector 1 Bronze (call sign S1)". */
export const planLogTitle = (l: PlanLog): string => `${l.label}${l.callSign ? ` (call sign ${l.callSign})` : ''}`;
