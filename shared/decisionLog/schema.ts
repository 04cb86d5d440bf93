/**
 * The decision log and the control-room log: what an entry holds, as zod schemas shared by the server (which stamps
 * and stores entries) and the app (which writes, shows and verifies them).
 *
 * One log per commander per operation (Gold, Silver, each Bronze), plus one control-room log. A decision entry follows
 * the National Decision Model (NDM): information and intelligence (with references), threat and risk assessment and
 * working strategy, powers and policy, options considered and rejected (each with why), the decision, its rationale,
 * the Code of Ethics considerations and when to review it. Entries are never edited: a correction is a new entry that
 * points at the one it corrects; an entry written long after the decision says why it is late.
 */
import { z } from 'zod';

/** An entry written more than this many minutes after the decision (or event) must give the reason for the delay. */
export const LATE_ENTRY_MINUTES = 10;
/** The server signs a checkpoint of a log every this many entries (and when the operation closes). */
export const CHECKPOINT_EVERY = 20;
/** The hash a log's first entry names as its predecessor. */
export const ZERO_HASH = '0'.repeat(64);

const Text = (what: string, max = 4000) => z.string().trim().min(1, `${what} is required`).max(max);
const Time = z.iso.datetime({ offset: true });
export const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in lowercase hex');

/** gold, silver, bronze-<name> (one per Bronze commander), control-room. */
export const LogId = z.string().regex(/^(gold|silver|bronze-[a-z0-9][a-z0-9-]{0,39}|control-room)$/, 'a log is gold, silver, bronze-<name> or control-room');
export type LogId = z.infer<typeof LogId>;
export const CONTROL_ROOM_LOG: LogId = 'control-room';
export const logKind = (logId: string): 'decision' | 'control' => (logId === CONTROL_ROOM_LOG ? 'control' : 'decision');
/** "Gold", "Silver", "Bronze S1", "Control room". */
export function logLabel(logId: string): string {
  if (logId === 'gold') return 'Gold';
  if (logId === 'silver') return 'Silver';
  if (logId === CONTROL_ROOM_LOG) return 'Control room';
  return `Bronze ${logId.replace(/^bronze-/, '').toUpperCase()}`;
}
/** A log id for a Bronze named by the user ("S1", "Sector 2 Bronze"). */
export const bronzeLogId = (name: string): string =>
  `bronze-${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'unnamed'
  }`;

export const InformationItem = z.object({ text: Text('the information'), reference: z.string().trim().max(300).optional() });
export const RejectedOption = z.object({ option: Text('the option', 1000), whyRejected: Text('why it was rejected', 2000) });

/** A commander's decision, in the order of the National Decision Model. */
export const DecisionBody = z.object({
  type: z.literal('decision'),
  information: z.array(InformationItem).min(1, 'give the information and intelligence the decision rests on').max(50),
  threatAndRisk: Text('the threat and risk assessment'),
  workingStrategy: Text('the working strategy'),
  powersAndPolicy: Text('the powers and policy considered'),
  optionsRejected: z.array(RejectedOption).max(30),
  decision: Text('the decision'),
  rationale: Text('the rationale'),
  codeOfEthics: Text('the Code of Ethics considerations'),
  reviewAt: Time.optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/** METHANE: the major-incident declaration message (JESIP). */
export const Methane = z.object({
  myCallSign: Text('my call sign', 100),
  majorIncident: z.enum(['declared', 'standby']),
  exactLocation: Text('the exact location', 500),
  typeOfIncident: Text('the type of incident', 500),
  hazards: Text('the hazards', 1000),
  access: Text('the access', 1000),
  numberOfCasualties: Text('the number of casualties', 500),
  emergencyServices: Text('the emergency services present and required', 1000),
});
export type Methane = z.infer<typeof Methane>;

/** A control-room log entry: what happened, where, which incident and units. */
export const ControlBody = z.object({
  type: z.literal('control'),
  text: Text('the entry'),
  gridRef: z.string().trim().max(40).optional(),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  /** The CAD (computer-aided dispatch) incident reference. */
  incidentRef: z.string().trim().max(60).optional(),
  unitIds: z.array(z.string().min(1).max(120)).max(200),
  methane: Methane.optional(),
});
export type ControlBody = z.infer<typeof ControlBody>;

export const EntryBody = z.discriminatedUnion('type', [DecisionBody, ControlBody]);
export type EntryBody = z.infer<typeof EntryBody>;

const entryFields = {
  /** Made by the writing client: resending the same draft never makes a second entry. */
  entryId: z.uuid(),
  operationId: z.string().min(1).max(100),
  logId: LogId,
  /** When the decision was made (or the event happened). */
  decidedAt: Time,
  /** When it was written down, by the writer's clock (an entry kept offline keeps this time). */
  writtenAt: Time,
  /** The commander a loggist writes for (required of a loggist). */
  onBehalfOf: z.string().trim().max(120).optional(),
  /** The entry this one corrects (same log). */
  corrects: z.object({ seq: z.number().int().min(1), entryId: z.uuid() }).optional(),
  delayReason: z.string().trim().max(1000).optional(),
  body: EntryBody,
};

/** Minutes between the decision and its writing down. */
export const delayMinutes = (e: { decidedAt: string; writtenAt: string }) => (Date.parse(e.writtenAt) - Date.parse(e.decidedAt)) / 60_000;

/** What a client sends: an entry before the server numbers and stamps it. */
export const EntryDraft = z.object(entryFields).superRefine((e, ctx) => {
  if (logKind(e.logId) !== e.body.type) {
    ctx.addIssue({ code: 'custom', path: ['body', 'type'], message: `a ${logLabel(e.logId)} log takes ${logKind(e.logId)} entries` });
  }
  if (delayMinutes(e) > LATE_ENTRY_MINUTES && !e.delayReason) {
    ctx.addIssue({
      code: 'custom',
      path: ['delayReason'],
      message: `written more than ${LATE_ENTRY_MINUTES} minutes after the decision: give the reason for the delay`,
    });
  }
  if (delayMinutes(e) < -5) ctx.addIssue({ code: 'custom', path: ['decidedAt'], message: 'the decision time is after the time it was written' });
});
export type EntryDraft = z.infer<typeof EntryDraft>;

/** An entry as the server recorded it: numbered, stamped with who (from the token) and when, chained to the previous. */
export const LogEntry = z.object({
  ...entryFields,
  /** 1, 2, 3... per log, assigned by the server. */
  seq: z.number().int().min(1),
  /** Server time it was stored. */
  loggedAt: Time,
  /** The authenticated user (the name the server's config gives the token) and role. */
  author: z.object({ user: z.string().min(1).max(120), role: z.string().min(1).max(40) }),
  /** The name typed at the screen, when it differs (informative only). */
  typedName: z.string().max(120).optional(),
  /** The hash of the previous entry of this log (ZERO_HASH for the first). */
  prevHash: Hex64,
});
export type LogEntry = z.infer<typeof LogEntry>;

/**
 * An entry as stored and sent: its content (kept as a plain object, so that a changed entry still reaches the verifier
 * and is named rather than dropped) and the hash recorded when it was stored.
 */
export const StoredEntry = z.object({ entry: z.record(z.string(), z.unknown()), hash: Hex64 });
export type StoredEntry = z.infer<typeof StoredEntry>;

/** What the server signs: the size and root of one log's Merkle tree at a time. */
export const CheckpointBody = z.object({
  operationId: z.string().min(1).max(100),
  logId: LogId,
  size: z.number().int().min(1),
  rootHash: Hex64,
  signedAt: Time,
  reason: z.enum(['interval', 'close']),
});
export type CheckpointBody = z.infer<typeof CheckpointBody>;
/** A checkpoint: its body and the Ed25519 signature (hex) over the body's canonical JSON. */
export const Checkpoint = CheckpointBody.extend({ signature: z.string().regex(/^[0-9a-f]{128}$/) });
export type Checkpoint = z.infer<typeof Checkpoint>;
