/**
 * Authorising, extending or cancelling a legal power is a command decision (National Decision Model: "powers and
 * policy"), so each opens a decision-log entry for the officer who made it, prefilled with what the register knows.
 * Nothing is written until that officer (or their loggist) completes and records it.
 *
 * Which log: chief superintendents and above normally hold Gold, superintendents and below Silver (an inspector's
 * s.60 or s.34 is a Silver-level decision on the day); the form lets the user move the entry to another log.
 */
import { isAtLeastRank, OFFICER_RANKS } from '../../../shared/domain/enums';
import type { PowerDecisionEvent } from '../powers/powerDecisions';
import type { DecisionDraftRequest } from './draftBus';

const VERB = { authorise: 'Authorised', extend: 'Extended', cancel: 'Cancelled' } as const;

export function powerDecisionDraft(e: PowerDecisionEvent): DecisionDraftRequest {
  const who = `${OFFICER_RANKS[e.officer.rank]} ${e.officer.name}${e.officer.collar ? ` (${e.officer.collar})` : ''}`.trim();
  return {
    logId: isAtLeastRank(e.officer.rank, 'chiefSuperintendent') ? 'gold' : 'silver',
    decidedAt: e.at,
    prefill: {
      powersAndPolicy: `${e.summary} — ${VERB[e.kind].toLowerCase()} by ${who}.`,
      decision: e.summary,
      rationale: e.rationale,
    },
  };
}
