/**
 * Opening a decision-log entry from elsewhere in the app, prefilled: e.g. authorising a legal power (s.60, s.34...)
 * opens an entry in the authorising officer's log with the power and its grounds filled in.
 *
 *   openDecisionDraft({ logId: 'silver', prefill: { powersAndPolicy: 'CJPOA 1994 s.60 authorised ...', decision: '...' } })
 *
 * The app switches to the Decisions workspace (App listens with onDecisionDraft) and the workspace opens the form with
 * these fields; the user completes and submits it (nothing is written without them).
 */
import type { DecisionBody } from '../../../shared/decisionLog';

export interface DecisionDraftRequest {
  logId: string;
  /** Any NDM fields to fill in. */
  prefill?: Partial<Omit<DecisionBody, 'type'>>;
  /** When the decision was made (default: now). */
  decidedAt?: string;
}

let pending: DecisionDraftRequest | null = null;
const listeners = new Set<(r: DecisionDraftRequest) => void>();

export function openDecisionDraft(request: DecisionDraftRequest): void {
  pending = request;
  for (const l of [...listeners]) l(request);
}

/** Called with each request; returns the unsubscribe function. */
export function onDecisionDraft(listener: (r: DecisionDraftRequest) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The request not yet shown (the Decisions workspace takes it when it opens). */
export function takePendingDecisionDraft(): DecisionDraftRequest | null {
  const r = pending;
  pending = null;
  return r;
}
