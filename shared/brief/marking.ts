/**
 * How an operation's protective marking is written on screen and on paper: the marking in capitals, and under it a
 * caveat line with the OFFICIAL-SENSITIVE descriptor and any handling instructions. One function, so the window's
 * bars, the PDF templates and the print view's page boxes never disagree.
 */
import type { Operation, ProtectiveMarking } from '../domain';

export type MarkingFields = Pick<Operation, 'marking'> & Partial<Pick<Operation, 'markingDescriptor' | 'handlingInstructions'>>;

export interface MarkingText {
  marking: ProtectiveMarking;
  /** e.g. "PERSONAL · Not to be shared outside the command team"; '' when there is nothing to add. */
  caveat: string;
}

export function markingText(o: MarkingFields): MarkingText {
  // A descriptor qualifies OFFICIAL-SENSITIVE only; one left over from before the marking was lowered is not printed.
  const descriptor = o.marking === 'OFFICIAL-SENSITIVE' ? (o.markingDescriptor ?? '').trim().toUpperCase() : '';
  const handling = (o.handlingInstructions ?? '').trim().replace(/\s+/g, ' ');
  return { marking: o.marking, caveat: [descriptor, handling].filter(Boolean).join(' · ') };
}
