/**
 * The hook point between the powers register and the commanders' decision log. Authorising, extending or cancelling
 * a power is a decision the authorising officer must log with their rationale (National Decision Model: "powers and
 * policy"). The register emits one typed event after each such edit is saved; App subscribes and opens a prefilled
 * decision-log entry for that officer (features/decisions/powerDecisionDraft.ts).
 */
import type { Officer, Power } from '../../../shared/powers';

export interface PowerDecisionEvent {
  kind: 'authorise' | 'extend' | 'cancel';
  operationId: string;
  /** The power as it stood just before this decision (its id finds the saved one on the operation). */
  power: Power;
  /** The officer whose decision it is (authoriser, extending officer, cancelling officer). */
  officer: Officer;
  /** When the decision was made (event time, as entered). */
  at: string;
  /** One line for the log entry's "decision" field, naming the section. */
  summary: string;
  /** The grounds or reason given, for the entry's rationale. */
  rationale: string;
}

export type PowerDecisionListener = (event: PowerDecisionEvent) => void;

const listeners = new Set<PowerDecisionListener>();

/** Subscribes to power decisions; returns the unsubscribe function. */
export function onPowerDecision(listener: PowerDecisionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitPowerDecision(event: PowerDecisionEvent): void {
  for (const l of [...listeners]) l(event);
}
