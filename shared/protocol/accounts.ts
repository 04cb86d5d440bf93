/**
 * People and the audit trail on the wire: login over HTTP (`POST /api/login`), then the session token in the socket
 * handshake; user administration and audit reads as socket events. Both sides parse with these schemas.
 */
import { z } from 'zod';
import { AuditChange } from './auditFollow';

/** What a person may be in one operation (their permissions there follow PERMISSIONS for that role). */
export const OPERATION_ROLES = ['planner', 'controller', 'commander', 'viewer', 'loggist'] as const;
export const OperationRole = z.enum(OPERATION_ROLES);
export type OperationRole = z.infer<typeof OperationRole>;

/** A workstation id the client makes up once and keeps (recorded in the audit trail; never trusted for authority). */
export const WorkstationId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'a workstation id is 1-64 letters, digits, dots, dashes, colons or underscores');

export const LoginName = z
  .string()
  .trim()
  .min(1, 'enter your user name')
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'a user name has letters, digits, dots, dashes, @ or underscores only');
export const Password = z.string().min(10, 'a password has at least 10 characters').max(200);

export const LoginRequest = z.object({
  userName: LoginName,
  /** Not checked for length here: a short wrong password is a failed login, not a malformed request. */
  password: z.string().min(1, 'enter your password').max(200),
  workstation: WorkstationId.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Membership = z.object({ operationId: z.string().min(1).max(100), roles: z.array(OperationRole).max(5) });
export type Membership = z.infer<typeof Membership>;

/** A person as the server shows them (never their password hash). */
export const AccountView = z.object({
  id: z.string(),
  userName: z.string(),
  name: z.string(),
  collar: z.string(),
  rank: z.string(),
  enabled: z.boolean(),
  admin: z.boolean(),
  memberships: z.array(Membership),
});
export type AccountView = z.infer<typeof AccountView>;

export const LoginResponse = z.object({ token: z.string(), expiresAt: z.iso.datetime({ offset: true }), user: AccountView });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** How this server signs people in (GET /api/auth), so the app shows the right screen. */
export const AuthInfo = z.object({
  kind: z.enum(['password', 'oidc']),
  /** Only on a development server on loopback: the documented demo users exist and the app may sign in by itself. */
  devUsers: z.boolean(),
});
export type AuthInfo = z.infer<typeof AuthInfo>;

const Text = (what: string, max = 120) => z.string().trim().min(1, `${what} is required`).max(max);

export const CreateUserRequest = z.object({
  userName: LoginName,
  name: Text('name'),
  collar: Text('staff / collar number', 20),
  rank: Text('rank', 40),
  password: Password,
  admin: z.boolean().default(false),
});
export const SetEnabledRequest = z.object({ userId: z.string().min(1).max(100), enabled: z.boolean() });
export const SetRolesRequest = z.object({ userId: z.string().min(1).max(100), operationId: z.string().min(1).max(100), roles: z.array(OperationRole).max(5) });
export const ResetPasswordRequest = z.object({ userId: z.string().min(1).max(100), password: Password });

export const AUDIT_RESULTS = ['ok', 'refused', 'failed'] as const;
export const AuditEntry = z.object({
  seq: z.number().int(),
  /** When it happened (for offline work: on the workstation). */
  eventTime: z.iso.datetime({ offset: true }),
  /** When the server wrote it down. */
  loggedAt: z.iso.datetime({ offset: true }),
  /** The authenticated user ("Name (Rank Collar)"), or the name tried for a failed login. */
  user: z.string(),
  userId: z.string().nullable(),
  workstation: z.string().nullable(),
  action: z.string(),
  /** What it was done to: "user:<id>", "operation:<id>", "alert:<op>/<id>", "audit". */
  object: z.string(),
  operationId: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  detail: z.string(),
  /** A synced change of the followed row, from the change log (action "sync.change"; seq is the log's seq). */
  change: AuditChange.optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQueryRequest = z.object({
  /** Part of the user's name or collar number. */
  user: z.string().trim().max(120).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /**
   * Part of the object ("operation:demo", "user:"). A whole row object ("feature:<operationId>/<featureId>", see
   * auditFollow.ts) also answers that row's synced changes from the change log, with before and after.
   */
  object: z.string().trim().max(200).optional(),
  action: z.string().trim().max(60).optional(),
  limit: z.number().int().min(1).max(10_000).default(1000),
});
export type AuditQueryRequest = z.input<typeof AuditQueryRequest>;

export const SessionInfo = z.object({ user: AccountView, expiresAt: z.iso.datetime({ offset: true }) });
export type SessionInfo = z.infer<typeof SessionInfo>;

/** "Insp Jane Smith (Insp 4521)" style label, the same on server and screen. */
export const accountLabel = (a: { name: string; rank: string; collar: string }) => `${a.name} (${a.rank} ${a.collar})`;
