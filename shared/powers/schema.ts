/**
 * A legal power as the register stores it. Powers live on the operation (Operation.powers), so they travel in the
 * operation bundle: .cordon export and import, templates, sync and undo carry them with no table of their own.
 *
 * Two times are kept wherever something happened: when it happened (`at`, entered by the user: a power authorised by
 * phone at 14:02 and typed in at 14:20 says 14:02) and when it was recorded (`recordedAt`, stamped by the command).
 * Who recorded it is the authenticated user of the server's audit trail for the revision, never a typed name.
 */
import { z } from 'zod';
import { OFFICER_RANKS } from '../domain/enums';
import { POWER_TYPES } from './rules';

const IsoTime = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(100);
const rankKeys = Object.keys(OFFICER_RANKS) as [keyof typeof OFFICER_RANKS, ...(keyof typeof OFFICER_RANKS)[]];

export const Officer = z.object({
  name: z.string().trim().max(120),
  rank: z.enum(rankKeys),
  /** Collar (warrant/shoulder) number. */
  collar: z.string().trim().max(20).default(''),
});
export type Officer = z.infer<typeof Officer>;

export const PowerExtension = z.object({
  by: Officer,
  /** When the extension was given. */
  at: IsoTime,
  recordedAt: IsoTime,
  newEndsAt: IsoTime,
  grounds: z.string().max(5000).default(''),
});
export type PowerExtension = z.infer<typeof PowerExtension>;

export const PowerNotification = z.object({
  /** Who was informed, e.g. "Supt Jones 123". */
  who: z.string().trim().min(1).max(200),
  rank: z.enum(rankKeys).optional(),
  at: IsoTime,
  recordedAt: IsoTime,
});
export type PowerNotification = z.infer<typeof PowerNotification>;

export const PowerCancellation = z.object({
  by: Officer,
  at: IsoTime,
  recordedAt: IsoTime,
  reason: z.string().trim().min(1).max(2000),
});
export type PowerCancellation = z.infer<typeof PowerCancellation>;

export const Power = z.object({
  id: Id,
  type: z.enum(POWER_TYPES),
  /** The officer who gives it (for a s.11 notice: the organiser who gave notice, rank ignored). */
  authoriser: Officer,
  grounds: z.string().max(20_000).default(''),
  /** The plan feature that is its area: a sector, cordon, circle or a drawn "legal authority area". */
  areaFeatureId: Id.optional(),
  /** Conditions given at the scene by the most senior officer present (POA 1986 s.12(2)(a), s.14(2)(a)). */
  atScene: z.boolean().default(false),
  startsAt: IsoTime,
  /** Absent for conditions that last for the event: the end is the operation's end. */
  endsAt: IsoTime.optional(),
  /** Set when authorised (event time); until then the power is a draft. */
  authorisedAt: IsoTime.optional(),
  authorisedRecordedAt: IsoTime.optional(),
  /** s.11: when the organiser's notice was received. */
  noticeReceivedAt: IsoTime.optional(),
  /** s.35: the s.34 authorisation it is given under. */
  underPowerId: Id.optional(),
  extensions: z.array(PowerExtension).max(20).default([]),
  notifications: z.array(PowerNotification).max(50).default([]),
  cancellation: PowerCancellation.optional(),
});
export type Power = z.infer<typeof Power>;
