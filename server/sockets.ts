/**
 * socket.io: who may connect (handshake middleware), and what each event may do. Every incoming packet passes one
 * gate (rate limit, known event, role permission, an acknowledgement callback) before its handler parses the payload
 * with the protocol's zod schema. Refusals answer `{ ok: false, error }` through the acknowledgement and are counted;
 * a handler that throws is caught and answered the same way. Nothing a client sends can crash the server or reach
 * another client. A feed's `positions` batch also passes admission (admission.ts: its operations, its reports per
 * second shared with HTTP, the store backlog) and is acknowledged only once the hub says it is stored.
 */
import type { ExtendedError } from 'socket.io';
import { z } from 'zod';
import {
  AckAlertRequest,
  AckAlertsRequest,
  AcknowledgedAlertsRequest,
  ClearEmergencyRequest,
  LegalHoldRequest,
  OperationStateRequest,
  FeedBatch,
  Handshake,
  HistoryRequest,
  PERMISSIONS,
  PROTOCOL_VERSION,
  PublishPlanRequest,
  SubscribeRequest,
  ApproveVersionRequest,
  OperationsListRequest,
  VersionRequest,
  VersionsRequest,
  LogAppendRequest,
  LogListRequest,
  type ClientToServerEvents,
  type Role,
} from '../shared/protocol';
import type { Result } from '../shared/util/result';
import { carriesEmergency, type Admission } from './admission';
import type { ServerConfig } from './config';
import type { DecisionLogService } from './decisionLog/service';
import type { HistoryService } from './history';
import type { CordonServer, CordonSocket, Hub } from './hub';
import type { Metrics } from './metrics';
import { mayWatch } from './operationAccess';
import { describeZodError, errorMessage, TokenBucket, type Logger } from './util';
import type { VersionService } from './versionService';
import { actorLabel, mayAccess, roleInOperation, type Actor } from './auth/access';
import type { AccountService } from './auth/accountService';
import { accountEventHandlers, auditedEvent, operationOf, watchAccounts } from './auth/accountSockets';
import type { SyncService } from './sync/syncService';
import { syncEventHandlers } from './sync/syncSockets';
import { looksLikeSessionToken } from './auth/sessionTokens';
import type { PresenceService } from './presence/presenceService';

export interface Principal {
  role: Role;
  name: string;
  feedIntervalS?: number;
  rank?: string;
}

/** token -> who it belongs to. */
export function principals(config: ServerConfig): Map<string, Principal> {
  const m = new Map<string, Principal>();
  for (const u of config.users) m.set(u.token, { role: u.role, name: u.name, ...(u.rank ? { rank: u.rank } : {}) });
  for (const f of config.feeds) m.set(f.token, { role: 'feed', name: f.name, feedIntervalS: f.expectedIntervalS });
  return m;
}

const majorOf = (v: string) => v.split('.')[0] ?? '';

function refuse(code: string, message: string): ExtendedError {
  const e = new Error(message) as ExtendedError;
  e.data = { code };
  return e;
}

export interface SocketDeps {
  io: CordonServer;
  hub: Hub;
  /** Serves `history` (absent: refused, e.g. in tests of other events). */
  history?: HistoryService;
  config: ServerConfig;
  metrics: Metrics;
  log: Logger;
  tokens: Map<string, Principal>;
  /** Shared with HTTP: which operations a feed may post to, and its reports-per-second budget. */
  admission: Admission;
  /** Published versions and approval (absent: `plan:publish` puts the plan in force without a version, as before). */
  versions?: VersionService;
  /** Named accounts (server/auth): session tokens in the handshake, access per operation, the audit trail. */
  accounts?: AccountService;
  /** Serves the decision logs and the control-room log (absent: refused). */
  decisionLogs?: DecisionLogService;
  /** Who has which operation open (absent: presence events refused). */
  presence?: PresenceService;
  /** Serves `sync:*`, shared operations' working copies (absent: refused). */
  sync?: SyncService;
}

export function attachSockets({
  io,
  hub,
  history,
  config,
  metrics,
  log,
  tokens,
  admission,
  versions,
  accounts,
  decisionLogs,
  presence,
  sync,
}: SocketDeps): void {
  if (accounts) watchAccounts(io, hub, accounts, log, presence);
  io.use(async (socket, next) => {
    const hs = Handshake.safeParse(socket.handshake.auth);
    if (!hs.success) {
      metrics.inc('connections.refused.badHandshake');
      return next(refuse('BAD_HANDSHAKE', `invalid handshake: ${describeZodError(hs.error)}`));
    }
    if (majorOf(hs.data.protocolVersion) !== majorOf(PROTOCOL_VERSION)) {
      metrics.inc('connections.refused.badVersion');
      return next(
        refuse(
          'UNSUPPORTED_VERSION',
          `unsupported protocol version ${hs.data.protocolVersion}: this server speaks ${PROTOCOL_VERSION} (major ${majorOf(PROTOCOL_VERSION)})`,
        ),
      );
    }
    const session = accounts && looksLikeSessionToken(hs.data.token) ? await accounts.resolve(hs.data.token).catch(() => null) : null;
    const who: Principal | undefined = session
      ? { role: 'viewer', name: actorLabel({ kind: 'account', account: session.principal }) }
      : tokens.get(hs.data.token);
    if (!who) {
      metrics.inc('connections.refused.unknownToken');
      return next(refuse('UNKNOWN_TOKEN', looksLikeSessionToken(hs.data.token) ? 'session ended or unknown: sign in again' : 'unknown token'));
    }
    const feed = who.role === 'feed';
    socket.data = {
      // A person's role is per operation (access.ts); `role` only counts for service accounts and feeds.
      role: who.role,
      name: who.name,
      ...(session ? { account: session.principal, sessionExpiresAt: session.expiresAt } : {}),
      ...(hs.data.workstation ? { workstation: hs.data.workstation } : {}),
      userName: hs.data.userName?.trim() || who.name,
      ...(feed ? { feedName: who.name, feedIntervalS: who.feedIntervalS ?? 10 } : {}),
      subs: new Set(),
      bucket: new TokenBucket(
        feed ? config.limits.feedEventsPerSecond : config.limits.userEventsPerSecond,
        feed ? config.limits.feedEventBurst : config.limits.userEventBurst,
        Date.now(),
      ),
      syncBucket: new TokenBucket(config.limits.syncEventsPerSecond, config.limits.syncEventBurst, Date.now()),
      refused: 0,
      warned: false,
      ...(who.rank ? { rank: who.rank } : {}),
    };
    next();
  });

  io.on('connection', (socket) => {
    metrics.inc(`connections.accepted.${socket.data.role}`);
    socket.on('disconnect', (reason) => {
      metrics.inc(`connections.closed.${reason.replace(/\s+/g, '_')}`);
      hub.dropSocket(socket);
    });
    socket.use((packet, next) => gate(socket, packet, next));

    handle(socket, 'subscribe', SubscribeRequest, async (req) => {
      if (!mayWatch(socket.data, req.operationId)) return { ok: false, error: `forbidden: you may not watch ${req.operationId}` };
      // Read before subscribing: a version published meanwhile then arrives as a notice after the snapshot.
      const extra = versions ? await versions.snapshotVersions(req.operationId) : {};
      const r = hub.subscribe(socket, req.operationId);
      return r.ok ? { ok: true, value: { ...r.value, ...extra } } : r;
    });
    handle(socket, 'unsubscribe', SubscribeRequest, (req) => {
      hub.unsubscribe(socket, req.operationId);
      return { ok: true, value: null };
    });
    handle(socket, 'alert:ack', AckAlertRequest, (req) => hub.acknowledge(req.operationId, req.alertId, actor(socket)));
    handle(socket, 'alert:ackMany', AckAlertsRequest, (req) => hub.acknowledgeMany(req.operationId, req.alertIds, actor(socket)));
    handle(socket, 'alert:acknowledged', AcknowledgedAlertsRequest, (req) => hub.acknowledgedAlerts(req.operationId, req.hours));
    handle(socket, 'emergency:clear', ClearEmergencyRequest, async (req) => {
      const r = await hub.clearEmergency(req.operationId, req.unitId, actor(socket), req.reason);
      return r.ok
        ? { ok: true, value: { unitId: r.value.unitId, clearedAt: r.value.clearedAt!, clearedBy: r.value.clearedBy!, clearReason: r.value.clearReason! } }
        : r;
    });
    handle(socket, 'operation:state', OperationStateRequest, async (req) => {
      const r = await hub.setOperationState(req.operationId, req.state, actor(socket));
      // Closing an operation signs the final head of each of its logs.
      if (r.ok && req.state !== 'open') await decisionLogs?.closeOperation(req.operationId);
      return r;
    });
    handle(socket, 'operation:legalHold', LegalHoldRequest, (req) => hub.setLegalHold(req.operationId, req.hold, actor(socket), req.reason));
    handle(socket, 'plan:publish', PublishPlanRequest, async (req) => {
      const r = versions ? await versions.publish(req.plan, req.note ?? '', socket.data.name) : await hub.publishPlan(req.plan);
      if (r.ok) log(`plan of ${req.plan.operation.id} ("${req.plan.operation.name}") published by ${actor(socket)}`);
      // Whoever publishes a new operation becomes its planner (nobody else is a member yet).
      if (r.ok && accounts && socket.data.account)
        await accounts.joinAsPlanner(req.plan.operation.id, {
          actor: { kind: 'account', account: socket.data.account },
          workstation: socket.data.workstation ?? null,
        });
      return r;
    });
    handle(socket, 'history', HistoryRequest, (req) => {
      if (!mayWatch(socket.data, req.operationId)) return { ok: false, error: `forbidden: you may not watch ${req.operationId}` };
      return history ? history.page(socket.id, req, () => socket.connected) : { ok: false, error: 'history is not served here' };
    });
    const noLogs = { ok: false, error: 'decision logs are not served here' } as const;
    handle(socket, 'log:append', LogAppendRequest, (req) =>
      decisionLogs
        ? decisionLogs.append(req.draft, { user: socket.data.name, role: roleInOperation(socket.data, req.draft.operationId), typedName: socket.data.userName })
        : noLogs,
    );
    handle(socket, 'log:list', LogListRequest, async (req) => (decisionLogs ? { ok: true, value: await decisionLogs.list(req.operationId) } : noLogs));
    handle(socket, 'log:key', z.object({}).optional(), () => (decisionLogs ? { ok: true, value: { publicKey: decisionLogs.publicKey } } : noLogs));
    handle(socket, 'positions', FeedBatch, (req) => ingest(socket.data.feedName ?? socket.data.name, req), fillFeedDefaults);
    const noVersions = { ok: false as const, error: 'plan versions are not served here' };
    handle(socket, 'plan:approve', ApproveVersionRequest, (req) =>
      versions ? versions.approve(req.operationId, req.version, socket.data.name, socket.data.account ? undefined : socket.data.rank) : noVersions,
    );
    handle(socket, 'plan:versions', VersionsRequest, (req) => (versions ? versions.list(socket.data, req.operationId) : noVersions));
    handle(socket, 'plan:version', VersionRequest, (req) => (versions ? versions.get(socket.data, req.operationId, req.version) : noVersions));
    handle(socket, 'operations:list', OperationsListRequest, async () => (versions ? { ok: true, value: await versions.operations(socket.data) } : noVersions));
    if (accounts) for (const [event, schema, run] of accountEventHandlers(accounts, socket, sync)) handle(socket, event, schema, run);
    if (presence) for (const [event, schema, run] of presence.handlers(socket)) handle(socket, event, schema, run);
    if (sync) for (const [event, schema, run] of syncEventHandlers(sync, socket, accounts)) handle(socket, event, schema, run);
  });

  /** A feed's batch: checked, admitted (operation, rate, store backlog), ingested, answered once durable. */
  async function ingest(feedName: string, req: z.infer<typeof FeedBatch>): Promise<Result<{ accepted: number }> & { retryAfterMs?: number }> {
    for (let i = 0; i < req.positions.length; i++) {
      const why = hub.checkReport(req.positions[i]!);
      if (why) {
        metrics.inc('positions.refused.invalid', req.positions.length);
        return { ok: false, error: `positions.${i}: ${why}` };
      }
    }
    // In this order: a batch for an operation the feed may not use spends nothing of its budget.
    const allowed = admission.mayFeedPost(feedName, req.operationId);
    const admit = allowed.ok ? admission.admitBatch(feedName, req.positions) : allowed;
    if (!admit.ok) {
      metrics.inc(`positions.refused.${admit.reason}`, req.positions.length);
      return { ok: false, error: admit.error, ...(admit.retryAfterMs === undefined ? {} : { retryAfterMs: admit.retryAfterMs }) };
    }
    // Worth watching: a feed whose emergencies keep going over its budget is also flooding.
    if (admit.forced) metrics.inc('positions.emergencyOverLimit');
    const result = hub.ingest(req.operationId, req.positions, { origin: `feed:${feedName}`, waitDurable: true });
    if (!result.ok) {
      admission.refund(feedName, req.positions.length);
      return result;
    }
    try {
      // The hub's group commit: acknowledge only once the reports are in the store.
      await result.value.durable;
    } catch (e) {
      metrics.inc('positions.notStored', req.positions.length);
      return { ok: false, error: `not stored: ${errorMessage(e)}` };
    }
    // Only the count goes back: the value may hold the durable promise, which must not be serialised.
    return { ok: true, value: { accepted: result.value.accepted } };
  }

  /** Rate limit, known event, role, acknowledgement: before any handler runs. */
  function gate(socket: CordonSocket, packet: unknown[], next: (err?: Error) => void): void {
    if (socket.disconnected) return; // the rest of a flood that arrived before we hung up
    metrics.inc('events.received');
    const [event] = packet;
    const ack = packet.length > 1 ? packet[packet.length - 1] : undefined;
    const answer = (error: string) => {
      if (typeof ack === 'function') {
        try {
          (ack as (r: Result<never>) => void)({ ok: false, error });
        } catch {
          // a broken ack cannot hurt us
        }
      }
    };
    // A feed's emergency is never refused for rate: it goes into the bucket's debt instead.
    // Sync events have their own budget: a workstation draining an offline outbox sends one push per edit.
    const bucket = typeof event === 'string' && event.startsWith('sync:') ? (socket.data.syncBucket ?? socket.data.bucket) : socket.data.bucket;
    if (socket.data.role === 'feed' && event === 'positions' && carriesEmergency(packet[1])) socket.data.bucket.force(Date.now());
    else if (!bucket.take(Date.now())) {
      metrics.inc('events.refused.rateLimited');
      socket.data.refused += 1;
      if (!socket.data.warned) {
        socket.data.warned = true;
        socket.emit('notice', { code: 'rateLimited', message: 'too many events: slow down or this connection will be closed' });
      }
      if (socket.data.refused >= config.limits.floodDisconnectAfter) {
        metrics.inc('sockets.disconnected.flood');
        log(`disconnecting ${socket.data.role} "${socket.data.name}" (${socket.handshake.address}): flooding`);
        socket.disconnect(true);
        return;
      }
      return answer('rate limited: too many events');
    }
    if (typeof event !== 'string' || !Object.hasOwn(PERMISSIONS, event)) {
      metrics.inc('events.refused.unknown');
      return answer(`unknown event ${typeof event === 'string' ? event.slice(0, 50) : typeof event}`);
    }
    // Service accounts and feeds: their one role decides here. People: their role in the operation, once the
    // payload is parsed (handle); only what no person may send is refused here.
    const allowed = socket.data.account
      ? event === 'positions'
        ? mayAccess(actorOf(socket), null, 'positions')
        : { ok: true as const }
      : PERMISSIONS[event as keyof ClientToServerEvents].includes(socket.data.role)
        ? { ok: true as const }
        : { ok: false as const, error: `forbidden: the ${socket.data.role} role may not send ${event}` };
    if (!allowed.ok) {
      metrics.inc('events.refused.forbidden');
      return answer(allowed.error);
    }
    if (typeof ack !== 'function') {
      metrics.inc('events.refused.noAck');
      return; // every event answers through an acknowledgement; without one there is nobody to answer
    }
    next();
  }

  function handle<S extends z.ZodType, T>(
    socket: CordonSocket,
    event: keyof ClientToServerEvents,
    schema: S,
    run: (req: z.infer<S>) => Result<T> | Promise<Result<T>>,
    prepare?: (socket: CordonSocket, raw: unknown) => unknown,
  ): void {
    const listener = async (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last !== 'function') return; // the gate has already refused it
      const ack = last as (r: Result<T>) => void;
      const raw = args.length > 1 ? args[0] : undefined;
      let result: Result<T>;
      try {
        const parsed = schema.safeParse(prepare ? prepare(socket, raw) : raw);
        if (!parsed.success) {
          metrics.inc('events.refused.invalid');
          result = { ok: false, error: `invalid ${event} payload: ${describeZodError(parsed.error)}` };
        } else {
          const operationId = operationOf(event, parsed.data);
          const access = socket.data.account
            ? mayAccess(actorOf(socket), operationId, event, {
                newOperation:
                  (event === 'plan:publish' || event === 'sync:share' || event === 'plan:versions') && operationId !== null && !hub.planOf(operationId),
              })
            : { ok: true as const };
          if (!access.ok) {
            metrics.inc('events.refused.forbidden');
            result = access;
          } else {
            result = await run(parsed.data);
            if (!result.ok) metrics.inc('events.failed');
          }
          const audited = accounts ? auditedEvent(event, parsed.data, result) : null;
          if (audited && accounts) {
            await accounts.record(
              { ...audited, result: !access.ok ? 'refused' : result.ok ? 'ok' : 'failed' },
              { actor: actorOf(socket), workstation: socket.data.workstation ?? null },
            );
          }
        }
      } catch (e) {
        metrics.inc('events.errors');
        log(`${event} from ${socket.data.name}: ${errorMessage(e)}`);
        result = { ok: false, error: 'internal error' };
      }
      try {
        ack(result);
      } catch {
        // ignore
      }
    };
    (socket.on as (ev: string, l: (...args: unknown[]) => void) => void)(event, (...args) => void listener(...args));
  }
}

/**
 * Who did it, for the record: the name the server's config gives the token (authenticated), its role, and the name
 * typed at the screen when it differs (informative only).
 */
function actor(socket: CordonSocket): string {
  if (socket.data.account) return actorLabel(actorOf(socket));
  const typed = socket.data.userName !== socket.data.name ? `, at the screen: ${socket.data.userName}` : '';
  return `${socket.data.name} (${socket.data.role}${typed})`;
}

/** Who is on this socket, for access.ts: a signed-in person, or a service account / feed with its one role. */
export function actorOf(socket: CordonSocket): Actor {
  return socket.data.account ? { kind: 'account', account: socket.data.account } : { kind: 'service', name: socket.data.name, role: socket.data.role };
}

/** A feed's reports default to source 'feed' and to the feed's configured interval. */
function fillFeedDefaults(socket: CordonSocket, raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object') return raw;
  const body = raw as { positions?: unknown };
  if (!Array.isArray(body.positions)) return raw;
  return {
    ...body,
    positions: body.positions.map((p: unknown) =>
      p !== null && typeof p === 'object' && !Array.isArray(p) ? { source: 'feed', expectedIntervalS: socket.data.feedIntervalS ?? 10, ...(p as object) } : p,
    ),
  };
}
