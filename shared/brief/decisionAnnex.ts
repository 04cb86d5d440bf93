/**
 * The briefing pack's decision-log annex: per commander's log (Gold, Silver, each Bronze), the decisions made at or
 * before the pack's time, from the verified copy this workstation kept when it last read the logs from the command
 * server (the pack prints with no connection). Each log names the signed checkpoint it was verified against, so a
 * reader can match the printed page to the log held on the server. When nothing was ever kept, the annex says so
 * plainly rather than being left out: an absent annex would read as "no decisions".
 * Pure: the same rows print in the pack and are checked in tests.
 */
import { correctionsOf, entriesUpTo, logLabel, type Checkpoint, type LogEntry } from '../decisionLog';
import { planLogTitle, type PlanLog } from '../decisionLog/planLogs';
import { formatDateTime } from './tables';

/** One log as kept on this workstation (renderer/data/logCache.ts), already verified. */
export interface KeptLog {
  logId: string;
  entries: readonly LogEntry[];
  rootHash: string;
  checkpoint: Checkpoint | null;
  fetchedAt: string;
}

export interface DecisionAnnexRow {
  seq: number;
  decidedAt: string;
  writtenAt: string;
  decision: string;
  rationale: string;
  /** The commander, and the loggist who wrote it for them if any. */
  who: string;
  /** Corrected by a later entry (printed struck through), with the correcting entries' numbers. */
  correctedBy: number[];
  /** The entry this one corrects. */
  corrects: number | null;
  /** Written late: the reason given. */
  delayReason: string;
}

export interface DecisionAnnexLog {
  logId: string;
  title: string;
  rows: DecisionAnnexRow[];
  /** Entries of this log decided after the pack's time (kept, not printed). */
  later: number;
  /** What the copy was verified against: the signed checkpoint (its root hash) or, before any, the chained root. */
  verifiedAgainst: string;
  fetchedAt: string;
}

export type DecisionAnnex =
  { available: false; message: string; problems: string[] } | { available: true; upTo: string; logs: DecisionAnnexLog[]; problems: string[] };

export interface DecisionAnnexInput {
  /** The pack's time: only decisions made at or before it. */
  upTo: string;
  kept: readonly KeptLog[];
  /** The newest fetch of any of the operation's logs, or null when none was ever kept here. */
  lastFetched: string | null;
  /** Kept copies that no longer verify (named, not printed). */
  problems?: readonly string[];
  /** The logs the plan names (shared/decisionLog/planLogs.ts), in order. */
  planned: readonly PlanLog[];
}

function who(e: LogEntry): string {
  const author = `${e.author.user} (${e.author.role})`;
  return e.onBehalfOf ? `${e.onBehalfOf}; logged by ${author}` : author;
}

function rowsOf(entries: readonly LogEntry[]): DecisionAnnexRow[] {
  const corrections = correctionsOf(entries);
  return entries.map((e) => ({
    seq: e.seq,
    decidedAt: formatDateTime(e.decidedAt),
    writtenAt: formatDateTime(e.writtenAt),
    decision: e.body.type === 'decision' ? e.body.decision : e.body.text,
    rationale: e.body.type === 'decision' ? e.body.rationale : '',
    who: who(e),
    correctedBy: corrections.get(e.seq) ?? [],
    corrects: e.corrects?.seq ?? null,
    delayReason: e.delayReason ?? '',
  }));
}

function verifiedAgainst(log: KeptLog): string {
  const cp = log.checkpoint;
  return cp
    ? `Verified against the checkpoint of ${cp.size} entries signed by the command server at ${formatDateTime(cp.signedAt)}: root hash ${cp.rootHash}`
    : `No checkpoint signed yet: ${log.entries.length} entries chained, root hash ${log.rootHash}`;
}

export function decisionLogAnnex(input: DecisionAnnexInput): DecisionAnnex {
  const problems = [...(input.problems ?? [])];
  if (input.kept.length === 0) {
    const last = input.lastFetched ? formatDateTime(input.lastFetched) : 'never';
    return { available: false, message: `Decision log not available on this workstation (last fetched: ${last})`, problems };
  }
  const kept = new Map(input.kept.map((l) => [l.logId, l]));
  const planned = new Map(input.planned.map((p) => [p.logId, p]));
  // The plan's logs in its order, then any log kept here the plan does not (or no longer) name.
  const order = [...input.planned.map((p) => p.logId), ...[...kept.keys()].filter((id) => !planned.has(id)).sort()];
  const logs = order.map((logId): DecisionAnnexLog => {
    const p = planned.get(logId);
    const title = p ? `${planLogTitle(p)}${p.commander ? `: ${p.commander}` : ''}` : `${logLabel(logId)} (not named in the plan)`;
    const log = kept.get(logId);
    if (!log || log.entries.length === 0)
      return { logId, title, rows: [], later: 0, verifiedAgainst: '', fetchedAt: formatDateTime(log?.fetchedAt ?? input.lastFetched!) };
    const shown = entriesUpTo(log.entries, input.upTo);
    return {
      logId,
      title,
      rows: rowsOf(shown),
      later: log.entries.length - shown.length,
      verifiedAgainst: verifiedAgainst(log),
      fetchedAt: formatDateTime(log.fetchedAt),
    };
  });
  return { available: true, upTo: input.upTo, logs, problems };
}
