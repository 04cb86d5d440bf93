/**
 * The socket protocol: one pair of typed event maps shared by the command server (server/) and the app
 * (renderer/net/). Every payload has a zod schema; both sides parse what they receive.
 *
 * Versioning: the client sends PROTOCOL_VERSION in the handshake; the server refuses a different major with a
 * clear reason. Additive changes (new optional fields, new events) keep the major.
 */
import { z } from 'zod';
import { OperationBundle } from '../domain/schemas';
import { Alert, PositionBatch, PositionReport } from './live';
import type { ApproveVersionRequest, OperationsListRequest, OperationSummary, VersionNotice, VersionRequest, VersionsRequest } from './versions';
import { PlanVersionInfo, PublishVersionNote } from './versions';
import type {
  AccountView,
  AuditEntry,
  AuditQueryRequest,
  CreateUserRequest,
  ResetPasswordRequest,
  SessionInfo,
  SetEnabledRequest,
  SetRolesRequest,
} from './accounts';
import type { LogAppendRequest, LogKeyResponse, LogListRequest, LogListResponse } from './decisionLog';
import type { StoredEntry } from '../decisionLog/schema';
import type {
  PresenceNotice,
  PresenceUpdate,
  SyncConflict,
  SyncConflictsRequest,
  SyncHeadNotice,
  SyncPullRequest,
  SyncPullResult,
  SyncPushRequest,
  SyncPushResult,
  SyncResolveRequest,
  SyncShareRequest,
  SyncSnapshotRequest,
  SyncSnapshotResult,
} from './sync';
import type { ExportRecord, ExportRecorded } from './exports';

export const PROTOCOL_VERSION = '1.0';

export const ROLES = ['viewer', 'controller', 'planner', 'commander', 'feed', 'loggist'] as const;
export type Role = (typeof ROLES)[number];

/** Handshake `auth` payload. */
export const Handshake = z.object({
  token: z.string().min(8).max(500),
  protocolVersion: z.string().max(20),
  /** Who is at the screen (for acknowledgements and the audit trail). */
  userName: z.string().max(120).optional(),
  /** This workstation's id (accounts.ts WorkstationId), for the audit trail. */
  workstation: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/)
    .optional(),
});
export type Handshake = z.infer<typeof Handshake>;

const OperationId = z.string().min(1).max(100);

export const SubscribeRequest = z.object({ operationId: OperationId });
export const Snapshot = z.object({
  operationId: OperationId,
  /** Sequence number of the state this snapshot reflects; deltas continue from seq + 1. */
  seq: z.number().int().min(0),
  serverTime: z.iso.datetime({ offset: true }),
  units: z.array(PositionReport),
  alerts: z.array(Alert),
  /** The plan the server measures positions against (published by a planner), if any. */
  plan: OperationBundle.nullable(),
  /**
   * Only from a server joined to others (scale-out): 'down' while it cannot reach them, so this screen sees only the
   * sources connected to this process. `clusterDown` / `clusterUp` notices tell of changes after the snapshot.
   */
  cluster: z.enum(['up', 'down']).optional(),
  /** The latest published version of the plan (absent: none published as a version), with its approval if any. */
  planVersion: PlanVersionInfo.optional(),
  /** The newest approved version, when it is not the latest. */
  approvedVersion: PlanVersionInfo.optional(),
  /**
   * Who the server took this connection for (from its token): a screen hides actions the role may not take
   * (a viewer's Acknowledge buttons) rather than offer them and have them refused.
   */
  you: z.object({ name: z.string().max(120), role: z.enum(ROLES) }).optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/**
 * One tick's coalesced changes: the newest report per unit since the previous tick.
 *
 * `fromSeq` says which state the delta builds on: it carries every change after `fromSeq` up to `seq` (absent means
 * `seq - 1`). A client holding state `last` applies it when `fromSeq <= last < seq`, ignores it when `seq <= last`,
 * and resubscribes when `fromSeq > last` (it missed something). The server sends a merged delta with an older
 * `fromSeq` to a client that was too slow to take every tick.
 */
export const Delta = z.object({
  operationId: OperationId,
  seq: z.number().int().min(1),
  fromSeq: z.number().int().min(0).optional(),
  serverTime: z.iso.datetime({ offset: true }),
  units: z.array(PositionReport),
  removed: z.array(z.string()).default([]),
  alerts: z.array(Alert).default([]),
});
export type Delta = z.infer<typeof Delta>;

export const AckAlertRequest = z.object({ operationId: OperationId, alertId: z.string().min(1).max(200) });
/** Publishes the next numbered version of the plan; `note` says what changed (recorded with who and when). */
export const PublishPlanRequest = z.object({ plan: OperationBundle, note: PublishVersionNote.optional() });
/** Most alerts acknowledged in one request: a control room's backlog of cleared alerts, not a whole history. */
export const MAX_ALERTS_PER_ACK = 500;
/**
 * Several alerts acknowledged at once (the cleared ones a control room has read). Each is recorded like a single
 * `alert:ack`, with the authenticated user; emergencies are refused here: each is acknowledged on its own.
 */
export const AckAlertsRequest = z.object({ operationId: OperationId, alertIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_ALERTS_PER_ACK) });
export const AckAlertsResult = z.object({
  acknowledged: z.array(Alert),
  /** Those not acknowledged, each with why (unknown, or an emergency). */
  refused: z.array(z.object({ alertId: z.string(), error: z.string().max(500) })),
});
export type AckAlertsResult = z.infer<typeof AckAlertsResult>;
/** The operation's acknowledged alerts of the last `hours` (default 24), newest acknowledgement first, from the store. */
export const AcknowledgedAlertsRequest = z.object({
  operationId: OperationId,
  hours: z
    .number()
    .positive()
    .max(24 * 14)
    .optional(),
});
/** A controller clears a device's emergency that the device itself could not cancel; the reason is recorded. */
export const ClearEmergencyRequest = z.object({
  operationId: OperationId,
  unitId: z.string().min(1).max(120),
  reason: z.string().trim().min(3, 'say why the emergency is being cleared').max(500),
});
export const ClearedEmergency = z.object({
  unitId: z.string(),
  clearedAt: z.iso.datetime({ offset: true }),
  clearedBy: z.string(),
  clearReason: z.string(),
});
export type ClearedEmergency = z.infer<typeof ClearedEmergency>;
/** Commanders close and reopen operations (closed ones stop counting towards the server's limit) and set legal hold. */
export const OperationStateRequest = z.object({ operationId: OperationId, state: z.enum(['open', 'closed', 'archived']) });
export const LegalHoldRequest = z.object({ operationId: OperationId, hold: z.boolean(), reason: z.string().trim().min(3).max(500) });
export const OperationInfo = z.object({
  id: z.string(),
  state: z.enum(['open', 'closed', 'archived']),
  createdAt: z.string(),
  closedAt: z.string().optional(),
  legalHold: z.boolean(),
});
export type OperationInfo = z.infer<typeof OperationInfo>;
export const HistoryRequest = z.object({
  operationId: OperationId,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** Only these units (default all). */
  unitIds: z.array(z.string()).max(20_000).optional(),
  /** Deprecated (use pageSize): at most this many positions in this answer. */
  maxPositions: z.number().int().min(1).max(1_000_000).optional(),
  /** At most this many positions per page (the server also applies its own cap, `limits.historyPageSize`). */
  pageSize: z.number().int().min(1).max(1_000_000).optional(),
  /** The `next` of the previous page of this same query: absent for the first page. Opaque: send it back as it came. */
  cursor: z.string().min(1).max(1000).optional(),
});
export type HistoryRequest = z.infer<typeof HistoryRequest>;
/**
 * One page of history. Alerts come with the first page only (later pages have `alerts: []`). `next` is absent on the
 * last page. `truncated`: this answer is not the whole query (more pages follow, or the alerts were capped), so a
 * client that does not page (knows no `next`) still learns that it was cut short.
 */
export const HistoryResponse = z.object({
  positions: z.array(PositionReport),
  alerts: z.array(Alert),
  truncated: z.boolean(),
  /** Where the next page starts: send it as `cursor` with the same query. Absent on the last page. */
  next: z.string().min(1).max(1000).optional(),
  /** First page only: the alert versions were capped (`limits.historyMaxAlerts`). */
  alertsTruncated: z.boolean().optional(),
});
/** Refusals a paging client may act on (retry later, or one request at a time). */
export const HISTORY_ERRORS = {
  busy: 'server busy: too many history requests at once, retry in a moment',
  oneAtATime: 'one history request at a time on this connection',
} as const;
export type HistoryResponse = z.infer<typeof HistoryResponse>;
export const FeedBatch = z.object({ operationId: OperationId, positions: PositionBatch });

/** Server-to-client notices (payloads of `resync`, `plan` and `notice`), parsed by the client like everything else. */
export const ResyncNotice = z.object({ operationId: OperationId, reason: z.string().max(500) });
export const PlanNotice = z.object({ operationId: OperationId, plan: OperationBundle });
/**
 * `clusterDown`: this server lost its link to the other processes (Redis): it serves its own sources only, updates from
 * other control rooms' feeds do not reach this screen. `clusterUp`: the link is back. Sent to every client of the process.
 * `membershipEnded`: the person was removed from an operation; this connection's subscription, sync notices and presence
 * in it have stopped (the message names the operation).
 */
export const NOTICE_CODES = ['rateLimited', 'shuttingDown', 'clusterDown', 'clusterUp', 'signedOut', 'membershipEnded'] as const;
export const Notice = z.object({
  code: z.enum(NOTICE_CODES),
  message: z.string().max(500),
  /** The operation the notice is about (`membershipEnded`), so the screen watching it can stop and say why. */
  operationId: OperationId.optional(),
});
export type Notice = z.infer<typeof Notice>;

/**
 * Sent to a subscriber that has had nothing (no snapshot, delta or heartbeat) from an operation for the server's
 * `heartbeatMs`. It proves the link still carries data on a quiet operation (so the client does not call it stalled),
 * gives the server's clock, and says which `seq` the server has sent this subscriber up to: a client holding less has
 * missed a delta (e.g. the last one before things went quiet) and must subscribe again.
 */
export const Heartbeat = z.object({
  operationId: OperationId,
  seq: z.number().int().min(0),
  serverTime: z.iso.datetime({ offset: true }),
});
export type Heartbeat = z.infer<typeof Heartbeat>;

export type Ack<T> = (result: { ok: true; value: T } | { ok: false; error: string }) => void;

/** Events the server sends. */
export interface ServerToClientEvents {
  delta: (delta: Delta) => void;
  /** The server could not keep this client up to date (it fell too far behind): subscribe again. */
  resync: (info: { operationId: string; reason: string }) => void;
  plan: (info: { operationId: string; plan: z.infer<typeof OperationBundle> }) => void;
  /** A warning about this connection (e.g. it is sending too fast and will be disconnected if it goes on). */
  notice: (notice: Notice) => void;
  /** Nothing has changed in an operation you subscribe to for a while: the link is alive, and this is the seq. */
  heartbeat: (beat: Heartbeat) => void;
  /** A version of a subscribed operation's plan was published or approved. */
  version: (notice: VersionNotice) => void;
  /** A shared operation's change log moved on, or its open conflicts changed (./sync.ts): pull. */
  'sync:head': (notice: SyncHeadNotice) => void;
  /** Who has a shared operation open now (sent to everyone who has it open, on every change). */
  presence: (notice: PresenceNotice) => void;
}

/** Events clients send; each answers through an acknowledgement callback. */
export interface ClientToServerEvents {
  subscribe: (req: z.infer<typeof SubscribeRequest>, ack: Ack<Snapshot>) => void;
  unsubscribe: (req: z.infer<typeof SubscribeRequest>, ack: Ack<null>) => void;
  'alert:ack': (req: z.infer<typeof AckAlertRequest>, ack: Ack<Alert>) => void;
  /** Answered once the version is durable: `version` is its number. */
  'plan:publish': (req: z.infer<typeof PublishPlanRequest>, ack: Ack<{ operationId: string; version?: number }>) => void;
  'emergency:clear': (req: z.infer<typeof ClearEmergencyRequest>, ack: Ack<ClearedEmergency>) => void;
  'operation:state': (req: z.infer<typeof OperationStateRequest>, ack: Ack<OperationInfo>) => void;
  'operation:legalHold': (req: z.infer<typeof LegalHoldRequest>, ack: Ack<OperationInfo>) => void;
  history: (req: z.infer<typeof HistoryRequest>, ack: Ack<HistoryResponse>) => void;
  /** Feeds only. */
  positions: (req: z.infer<typeof FeedBatch>, ack: Ack<{ accepted: number }>) => void;
  /** A commander approves a published version; answered with the version as now recorded. */
  'plan:approve': (req: z.infer<typeof ApproveVersionRequest>, ack: Ack<PlanVersionInfo>) => void;
  /** Every published version of an operation, oldest first. */
  'plan:versions': (req: z.infer<typeof VersionsRequest>, ack: Ack<PlanVersionInfo[]>) => void;
  /** One version with its plan (to compare, or to replay the plan in force). */
  'plan:version': (req: z.infer<typeof VersionRequest>, ack: Ack<{ info: PlanVersionInfo; plan: z.infer<typeof OperationBundle> }>) => void;
  /** The operations this user may watch, with their latest and approved versions. */
  'operations:list': (req: z.infer<typeof OperationsListRequest>, ack: Ack<OperationSummary[]>) => void;
  /** Signed-in people (accounts.ts): who am I, and which operations may I see. */
  'session:me': (req: Record<string, never>, ack: Ack<SessionInfo>) => void;
  /** User administration: global admins only (server/auth/access.ts). */
  'users:list': (req: Record<string, never>, ack: Ack<AccountView[]>) => void;
  'users:create': (req: z.input<typeof CreateUserRequest>, ack: Ack<AccountView>) => void;
  'users:setEnabled': (req: z.infer<typeof SetEnabledRequest>, ack: Ack<AccountView>) => void;
  'users:setRoles': (req: z.infer<typeof SetRolesRequest>, ack: Ack<AccountView>) => void;
  'users:resetPassword': (req: z.infer<typeof ResetPasswordRequest>, ack: Ack<AccountView>) => void;
  /** Admins (everything) and commanders (their operations' entries); each read is itself audited. */
  'audit:query': (req: AuditQueryRequest, ack: Ack<AuditEntry[]>) => void;
  /** Decision logs and the control-room log (payloads in ./decisionLog.ts). Answered once the entry is durable. */
  'log:append': (req: z.infer<typeof LogAppendRequest>, ack: Ack<StoredEntry>) => void;
  'log:list': (req: z.infer<typeof LogListRequest>, ack: Ack<LogListResponse>) => void;
  'log:key': (req: Record<string, never>, ack: Ack<z.infer<typeof LogKeyResponse>>) => void;
  'alert:ackMany': (req: z.infer<typeof AckAlertsRequest>, ack: Ack<AckAlertsResult>) => void;
  'alert:acknowledged': (req: z.infer<typeof AcknowledgedAlertsRequest>, ack: Ack<Alert[]>) => void;
  /** Sync of the working copy (./sync.ts). Share seeds the server's copy once; answered with the head seq. */
  'sync:share': (req: z.infer<typeof SyncShareRequest>, ack: Ack<{ operationId: string; seq: number }>) => void;
  /** Answered once the change set (and any conflict it raised) is durable; resending the same id gives the same answer. */
  'sync:push': (req: SyncPushRequest, ack: Ack<SyncPushResult>) => void;
  'sync:pull': (req: z.infer<typeof SyncPullRequest>, ack: Ack<SyncPullResult>) => void;
  'sync:snapshot': (req: z.infer<typeof SyncSnapshotRequest>, ack: Ack<z.infer<typeof SyncSnapshotResult>>) => void;
  'sync:conflicts': (req: z.infer<typeof SyncConflictsRequest>, ack: Ack<SyncConflict[]>) => void;
  'sync:resolve': (req: z.infer<typeof SyncResolveRequest>, ack: Ack<SyncConflict>) => void;
  /** I have this operation open (or changed workspace or selection); leaving is `presence:leave` or disconnecting. */
  'presence:update': (req: z.infer<typeof PresenceUpdate>, ack: Ack<PresenceNotice>) => void;
  'presence:leave': (req: { operationId: string }, ack: Ack<null>) => void;
  /** A file made on the workstation (./exports.ts), reported once signed in; recorded once per export id. */
  'audit:export': (req: z.infer<typeof ExportRecord>, ack: Ack<ExportRecorded>) => void;
}

/** Which roles may send which events. */
export const PERMISSIONS: Record<keyof ClientToServerEvents, readonly Role[]> = {
  subscribe: ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  unsubscribe: ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'alert:ack': ['controller', 'commander'],
  'plan:publish': ['planner', 'commander'],
  'emergency:clear': ['controller', 'commander'],
  'operation:state': ['commander'],
  'operation:legalHold': ['commander'],
  history: ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  positions: ['feed'],
  'plan:approve': ['commander'],
  'plan:versions': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'plan:version': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'operations:list': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'session:me': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  // Admin only: no operation role grants these (a global admin is checked in server/auth/access.ts).
  'users:list': [],
  'users:create': [],
  'users:setEnabled': [],
  'users:setRoles': [],
  'users:resetPassword': [],
  'audit:query': ['commander'],
  // Commanders keep their own logs, loggists keep them on a commander's behalf; the control room writes its own log.
  'log:append': ['commander', 'loggist', 'controller'],
  'log:list': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'log:key': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'alert:ackMany': ['controller', 'commander'],
  'alert:acknowledged': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  // Planners and commanders edit the working copy; everyone who may see the operation may read it and see who is in.
  'sync:share': ['planner', 'commander'],
  'sync:push': ['planner', 'commander'],
  'sync:pull': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'sync:snapshot': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'sync:conflicts': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'sync:resolve': ['planner', 'commander'],
  'presence:update': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  'presence:leave': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
  // Whoever made a file reports it: the record is never refused for want of a role (the file already exists).
  'audit:export': ['viewer', 'controller', 'planner', 'commander', 'loggist'],
};
