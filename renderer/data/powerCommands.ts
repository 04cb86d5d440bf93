/**
 * Edit commands of the legal powers register. Powers live on the operation row (Operation.powers), so each command is
 * one update of that row: undoable, recorded in History with a label that says what was done, and synced like any
 * other edit. The statutory checks are shared/powers' validatePower: a command refuses what the law does not allow
 * (authorising with a blocking error, a second s.60(3) extension, ...) with the message that names the section.
 */
import {
  Power,
  blocksAuthorisation,
  POWER_RULES,
  powerStatus,
  validatePower,
  type Officer,
  type PowerExtension,
  type ValidationContext,
} from '../../shared/powers';
import type { OfficerRank, Operation } from '../../shared/domain';
import type { CommandFn } from './commands';
import { DraftError, PatchDraft, type OperationState, type Patch } from './patches';

interface Labelled {
  label?: string;
}

/** What the add/edit form saves: everything but the record of authorisation, extensions and cancellation. */
export type PowerInput = Omit<Power, 'id' | 'authorisedAt' | 'authorisedRecordedAt' | 'extensions' | 'notifications' | 'cancellation'> & { id?: string };

export interface PowerCommandArgs {
  /** Adds a draft power, or edits one not yet authorised (an authorised power changes only by extension or cancellation). */
  'power.save': { power: PowerInput } & Labelled;
  /** Records that the authorising officer gave it, at `at` (event time). Refused while a blocking error stands. */
  'power.authorise': { id: string; at: string } & Labelled;
  'power.extend': { id: string; by: Officer; at: string; newEndsAt: string; grounds: string } & Labelled;
  'power.notify': { id: string; who: string; rank?: OfficerRank; at: string } & Labelled;
  'power.cancel': { id: string; by: Officer; at: string; reason: string } & Labelled;
  /** Removes a draft. An authorised power is a legal record: it is cancelled, never deleted. */
  'power.delete': { id: string } & Labelled;
}

function requireOperation(state: OperationState): Operation {
  if (!state.operation) throw new DraftError('This operation no longer exists.');
  return state.operation;
}

export function powerValidationContext(state: OperationState, powers: readonly Power[]): ValidationContext {
  return { eventEndsAt: state.operation?.endsAt ?? new Date(0).toISOString(), powers, featureIds: new Set(state.features.keys()) };
}

const nameOf = (p: Power) => `${POWER_RULES[p.type].short}${p.authoriser.name ? ` (${p.authoriser.name})` : ''}`;

/** Replaces one power (or appends it) on the operation row, as one patch. */
function writePowers(state: OperationState, powers: Power[], now: string, label: string): Patch {
  const op = requireOperation(state);
  const draft = new PatchDraft(state);
  draft.update('operations', op.id, { powers, updatedAt: now });
  return draft.toPatch(label);
}

function findPower(state: OperationState, id: string): { powers: Power[]; index: number; power: Power } {
  const powers = [...(requireOperation(state).powers ?? [])];
  const index = powers.findIndex((p) => p.id === id);
  if (index < 0) throw new DraftError('This power is no longer in the register.');
  return { powers, index, power: powers[index]! };
}

const refuse = (issues: { message: string }[]) => new DraftError(issues.map((i) => i.message).join(' '));

export const POWER_COMMANDS: { [N in keyof PowerCommandArgs]: CommandFn<PowerCommandArgs[N]> } = {
  'power.save': (state, a, ctx) => {
    const powers = [...(requireOperation(state).powers ?? [])];
    const id = a.power.id ?? ctx.newId();
    const index = powers.findIndex((p) => p.id === id);
    const before = index >= 0 ? powers[index] : undefined;
    if (before?.authorisedAt) throw new DraftError('An authorised power is not edited: extend it or cancel it.');
    const parsed = Power.safeParse({ ...a.power, id, extensions: [], notifications: before?.notifications ?? [] });
    if (!parsed.success) throw new DraftError(`The power is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    if (index >= 0) powers[index] = parsed.data;
    else powers.push(parsed.data);
    return writePowers(state, powers, ctx.now, a.label ?? `${before ? 'Edit' : 'Add'} power ${nameOf(parsed.data)}`);
  },

  'power.authorise': (state, a, ctx) => {
    const { powers, index, power } = findPower(state, a.id);
    if (power.authorisedAt) throw new DraftError('This power is already authorised.');
    if (POWER_RULES[power.type].kind === 'notice') throw new DraftError('A s.11 notice is received from the organiser, not authorised.');
    const blocking = validatePower(power, powerValidationContext(state, powers)).filter(blocksAuthorisation);
    if (blocking.length) throw refuse(blocking);
    powers[index] = { ...power, authorisedAt: a.at, authorisedRecordedAt: ctx.now };
    return writePowers(state, powers, ctx.now, a.label ?? `Authorise ${nameOf(power)}`);
  },

  'power.extend': (state, a, ctx) => {
    const { powers, index, power } = findPower(state, a.id);
    if (!power.authorisedAt) throw new DraftError('Authorise the power before extending it.');
    const status = powerStatus(power, Date.parse(a.at), { eventEndsAt: state.operation!.endsAt });
    if (status === 'cancelled') throw new DraftError('A cancelled power cannot be extended.');
    const extension: PowerExtension = { by: a.by, at: a.at, recordedAt: ctx.now, newEndsAt: a.newEndsAt, grounds: a.grounds };
    const next = { ...power, extensions: [...power.extensions, extension] };
    const n = next.extensions.length - 1;
    const wrong = validatePower(next, powerValidationContext(state, powers)).filter(
      (i) => i.severity === 'error' && i.rule === 'extension' && i.extensionIndex === n,
    );
    if (wrong.length) throw refuse(wrong);
    powers[index] = next;
    return writePowers(state, powers, ctx.now, a.label ?? `Extend ${nameOf(power)} to ${a.newEndsAt.slice(0, 16).replace('T', ' ')} UTC (by ${a.by.name})`);
  },

  'power.notify': (state, a, ctx) => {
    const { powers, index, power } = findPower(state, a.id);
    const who = a.who.trim();
    if (!who) throw new DraftError('Say who was informed.');
    powers[index] = { ...power, notifications: [...power.notifications, { who, ...(a.rank ? { rank: a.rank } : {}), at: a.at, recordedAt: ctx.now }] };
    return writePowers(state, powers, ctx.now, a.label ?? `Record that ${who} was informed of ${nameOf(power)}`);
  },

  'power.cancel': (state, a, ctx) => {
    const { powers, index, power } = findPower(state, a.id);
    if (power.cancellation) throw new DraftError('This power is already cancelled.');
    if (!a.reason.trim()) throw new DraftError('Give the reason for cancelling it.');
    if (!a.by.name.trim()) throw new DraftError('Name the officer who cancels it.');
    powers[index] = { ...power, cancellation: { by: a.by, at: a.at, recordedAt: ctx.now, reason: a.reason.trim() } };
    return writePowers(state, powers, ctx.now, a.label ?? `Cancel ${nameOf(power)} (${a.reason.trim()})`);
  },

  'power.delete': (state, a, ctx) => {
    const { powers, index, power } = findPower(state, a.id);
    if (power.authorisedAt) throw new DraftError('An authorised power is a legal record: cancel it instead of deleting it.');
    powers.splice(index, 1);
    return writePowers(state, powers, ctx.now, a.label ?? `Delete draft power ${nameOf(power)}`);
  },
};
