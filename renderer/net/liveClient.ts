/**
 * The one wrapper around socket.io-client: a typed connection to the command server for the Live workspace.
 *
 * - Authenticates with the handshake of shared/protocol (token, protocol version, user name).
 * - Parses every server payload with the protocol's zod schemas; invalid envelopes and items are dropped and counted.
 * - Subscribes to an operation: a snapshot, then consecutive deltas. A skipped sequence number, a `resync` from the
 *   server or a reconnection all lead to a fresh subscribe (and snapshot); deltas arriving meanwhile are held.
 * - Takes the server's heartbeats on a quiet operation: traffic for the link view and clock offset (`onHeartbeat`),
 *   and a seq check that catches a lost last delta (heartbeat seq beyond the one held -> fresh snapshot).
 * - Reconnects by itself with jittered exponential backoff (no reconnect storms when a server restarts under a
 *   hundred control-room screens), and reports the link state: connecting / connected / down since / rejected.
 * - Tries WebSocket first and falls back to HTTP long polling when it cannot open (proxies that block WebSockets).
 * - Reports whether the server reaches the other processes of a scale-out (`onCluster`: snapshots and the
 *   clusterDown / clusterUp notices): when it does not, this screen sees only the sources of the server it is on.
 *
 * Nothing here knows about React or the map; the live store (features/live) holds the picture.
 */
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import type { OperationBundle } from '../../shared/domain';
import {
  Handshake,
  Notice,
  PROTOCOL_VERSION,
  type AckAlertsResult,
  type Alert,
  type ClearedEmergency,
  type ClientToServerEvents,
  type Delta,
  type Heartbeat,
  type ServerToClientEvents,
  type Snapshot,
  VersionNotice,
} from '../../shared/protocol';
import { SyncHeadNotice } from '../../shared/protocol/sync';
import { err, type Result } from '../../shared/util/result';
import { readHistoryPages, type LoadedHistory } from './historyPages';
import type { ClusterLinkState, LinkState } from './link';
import {
  parseAck,
  parseAckAlertsResult,
  parseAlertList,
  parseAlert,
  parseClearedEmergency,
  parseDelta,
  parseHeartbeat,
  parseHistory,
  parsePlanEvent,
  parseResync,
  parseSnapshot,
  type Parsed,
} from './parse';
import { Sequencer } from './sequencer';
import { PresenceNotice } from '../../shared/protocol/sync';

export type { ClusterLinkState, LinkPhase, LinkState } from './link';
export { HISTORY_MAX_POSITIONS, type LoadedHistory } from './historyPages';

/** Reconnection: 1 s, 2 s, 4 s ... up to 30 s, each randomised by +/-50% so clients do not return in step. */
export const RECONNECT = { delayMs: 1000, delayMaxMs: 30_000, randomizationFactor: 0.5 } as const;

export interface LiveClientOptions {
  url: string;
  token: string;
  userName?: string;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  randomizationFactor?: number;
  /** How long to wait for the server to answer a request. */
  requestTimeoutMs?: number;
  /** Clock for link times (tests). */
  now?: () => number;
}

export interface SubscriptionHandlers {
  onSnapshot: (snapshot: Snapshot, receivedAt: number) => void;
  onDelta: (delta: Delta, receivedAt: number) => void;
  /** The server is alive but the operation is quiet: count it as traffic (link view) and read its clock. */
  onHeartbeat?: (beat: Heartbeat, receivedAt: number) => void;
  onPlan?: (plan: OperationBundle) => void;
  /** A version of the plan was published or approved. */
  onVersion?: (notice: VersionNotice) => void;
  /** Something the control room should know (subscription refused, payloads dropped). */
  onProblem?: (message: string) => void;
  /**
   * The person was removed from the operation: the server stopped the subscription, and this client does not ask
   * again until told to (`reconnect`), so the screen can freeze the picture and say why instead of calling it stalled.
   */
  onAccessEnded?: (message: string) => void;
}

export interface LiveSubscription {
  /** Ask for a fresh snapshot (e.g. the store found a gap). */
  resync: (reason: string) => void;
  close: () => void;
}

export interface LiveStats {
  snapshots: number;
  deltas: number;
  heartbeats: number;
  /** Whole messages dropped (bad envelope). */
  invalidMessages: number;
  /** Units / alerts dropped from otherwise good messages. */
  invalidItems: number;
  gaps: number;
  resyncs: number;
}

export interface HistoryQuery {
  operationId: string;
  fromMs: number;
  toMs: number;
  unitIds?: string[];
  /** Keep at most this many positions (default HISTORY_MAX_POSITIONS); `capped` says when the window held more. */
  maxPositions?: number;
  /** After each page: positions loaded so far. */
  onProgress?: (positions: number) => void;
}

export interface LiveConnection {
  readonly url: string;
  /** Called at once with the current state, then on every change. */
  onLink: (listener: (link: LinkState) => void) => () => void;
  /** Called at once with the current state, then on every change. */
  onCluster: (listener: (cluster: ClusterLinkState) => void) => () => void;
  subscribe: (operationId: string, handlers: SubscriptionHandlers) => LiveSubscription;
  ackAlert: (operationId: string, alertId: string) => Promise<Result<Alert>>;
  /** A controller clears a device's emergency that the device could not cancel; the server records who and why. */
  clearEmergency: (operationId: string, unitId: string, reason: string) => Promise<Result<ClearedEmergency>>;
  /** Every page of the window, one request at a time per connection (the server refuses a second in flight). */
  history: (query: HistoryQuery) => Promise<Result<Parsed<LoadedHistory>>>;
  stats: () => LiveStats;
  /**
   * Any other request (plan versions, the operation list): sends `payload`, parses the answer's value with `schema`.
   * `what` names the request in messages ("the version was not published").
   */
  ask: <T>(event: keyof ClientToServerEvents, payload: unknown, schema: z.ZodType<T>, what: string) => Promise<Result<T>>;
  /** Several alerts acknowledged in one request (not emergencies): the server answers which were and which were not. */
  ackAlerts: (operationId: string, alertIds: readonly string[]) => Promise<Result<AckAlertsResult>>;
  /** The operation's acknowledged alerts (who, when), newest first, as the server's store keeps them. */
  acknowledgedAlerts: (operationId: string) => Promise<Result<Alert[]>>;
  /** Try again now (after the server refused us, or to skip the backoff wait). */
  reconnect: () => void;
  close: () => void;
  /** Who has operations open (presence notices, parsed); returns the unsubscribe. */
  onPresence: (listener: (notice: PresenceNotice) => void) => () => void;
  /** This connection's id as the server knows it (null while not connected): presence lists it among the people. */
  connectionId: () => string | null;
  /** A shared operation's change log moved on, or its open conflicts changed (sync:head, parsed); returns unsubscribe. */
  onSyncHead: (listener: (notice: SyncHeadNotice) => void) => () => void;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Sub {
  operationId: string;
  handlers: SubscriptionHandlers;
  seq: Sequencer;
  /** Increments per subscribe request, so a late answer to an old request is ignored. */
  generation: number;
  retry: ReturnType<typeof setTimeout> | null;
  retries: number;
  closed: boolean;
  /** The server ended this person's membership of the operation (`membershipEnded`): no more subscribe requests. */
  ended: boolean;
}

function jittered(base: number, factor: number): number {
  return base * (1 + (Math.random() * 2 - 1) * factor);
}

export function connectLive(options: LiveClientOptions): LiveConnection {
  const now = options.now ?? Date.now;
  const timeout = options.requestTimeoutMs ?? 15_000;
  const factor = options.randomizationFactor ?? RECONNECT.randomizationFactor;
  const delayMax = options.reconnectDelayMaxMs ?? RECONNECT.delayMaxMs;
  const auth = Handshake.parse({ token: options.token, protocolVersion: PROTOCOL_VERSION, ...(options.userName ? { userName: options.userName } : {}) });
  const socket: ClientSocket = io(options.url, {
    auth,
    reconnection: true,
    reconnectionDelay: options.reconnectDelayMs ?? RECONNECT.delayMs,
    reconnectionDelayMax: delayMax,
    randomizationFactor: factor,
    timeout: 10_000,
    // WebSocket first (no long-polling round trips; ws://127.0.0.1 is in Electron's CSP); where a proxy blocks
    // WebSockets, long polling over plain HTTP(S) instead, which then tries to upgrade.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // The server is ours: no cookies, no credentials beyond the token.
    withCredentials: false,
    autoConnect: false,
  });

  const stats: LiveStats = { snapshots: 0, deltas: 0, heartbeats: 0, invalidMessages: 0, invalidItems: 0, gaps: 0, resyncs: 0 };
  const subs = new Map<string, Sub>();
  const linkListeners = new Set<(link: LinkState) => void>();
  let link: LinkState = { phase: 'connecting', since: now() };
  const clusterListeners = new Set<(cluster: ClusterLinkState) => void>();
  let cluster: ClusterLinkState = { state: null, since: now() };
  let closed = false;
  let kickTimer: ReturnType<typeof setTimeout> | null = null;

  const setLink = (next: LinkState) => {
    link = next;
    for (const l of [...linkListeners]) l(link);
  };
  const setCluster = (state: ClusterLinkState['state']) => {
    if (state === cluster.state) return;
    cluster = { state, since: now() };
    for (const l of [...clusterListeners]) l(cluster);
  };
  const problem = (sub: Sub | undefined, message: string) => {
    if (sub) sub.handlers.onProblem?.(message);
    else for (const s of subs.values()) s.handlers.onProblem?.(message);
  };
  const counted = <T>(sub: Sub | undefined, parsed: Parsed<T>): T => {
    if (parsed.dropped > 0) {
      stats.invalidItems += parsed.dropped;
      problem(sub, `Dropped ${parsed.dropped} invalid item(s) from the command server (${parsed.problem ?? 'invalid'}).`);
    }
    return parsed.value;
  };

  const requestSnapshot = (sub: Sub) => {
    if (sub.closed || sub.ended || closed) return;
    if (sub.retry) clearTimeout(sub.retry);
    sub.retry = null;
    if (!socket.connected) return; // the connect handler subscribes again
    const generation = ++sub.generation;
    sub.seq.beginSync();
    socket
      .timeout(timeout)
      .emitWithAck('subscribe', { operationId: sub.operationId })
      .then((raw: unknown) => {
        if (sub.closed || generation !== sub.generation) return;
        const answer = parseAck(raw, parseSnapshot);
        if (!answer.ok) {
          if (/^(snapshot:|The command server sent an answer)/.test(answer.error)) stats.invalidMessages++;
          problem(sub, `The command server did not give a snapshot of ${sub.operationId}: ${answer.error}`);
          return scheduleRetry(sub);
        }
        const snapshot = counted(sub, answer.value);
        if (snapshot.operationId !== sub.operationId) {
          stats.invalidMessages++;
          return scheduleRetry(sub);
        }
        sub.retries = 0;
        stats.snapshots++;
        setCluster(snapshot.cluster ?? null);
        const receivedAt = now();
        sub.handlers.onSnapshot(snapshot, receivedAt);
        const after = sub.seq.snapshot(snapshot);
        if (after.kind === 'deliver') for (const d of after.deltas) deliver(sub, d, receivedAt);
        else if (after.kind === 'gap') gap(sub, after.expected, after.got);
      })
      .catch(() => {
        // No answer in time (or the link dropped meanwhile): try again, unless a reconnection will.
        if (sub.closed || generation !== sub.generation) return;
        if (socket.connected) scheduleRetry(sub);
      });
  };

  const scheduleRetry = (sub: Sub) => {
    if (sub.closed || closed || sub.retry) return;
    sub.seq.stop();
    const delay = Math.min(delayMax, jittered(1000 * 2 ** Math.min(sub.retries++, 5), factor));
    sub.retry = setTimeout(() => {
      sub.retry = null;
      requestSnapshot(sub);
    }, delay);
  };

  const deliver = (sub: Sub, d: Delta, receivedAt: number) => {
    stats.deltas++;
    sub.handlers.onDelta(d, receivedAt);
  };

  const gap = (sub: Sub, expected: number, got: number) => {
    stats.gaps++;
    stats.resyncs++;
    problem(sub, `Missed updates (expected #${expected}, got #${got}); fetching a fresh picture.`);
    requestSnapshot(sub);
  };

  socket.on('connect', () => {
    setLink({ phase: 'connected', since: now() });
    for (const sub of subs.values()) requestSnapshot(sub);
  });
  socket.on('disconnect', (reason) => {
    for (const sub of subs.values()) {
      sub.seq.stop();
      sub.generation++;
    }
    if (closed) return;
    // Unknown until the next snapshot: the link banner speaks for now, and we may come back to another process.
    setCluster(null);
    setLink({ phase: 'down', since: now(), reason: String(reason), attempt: 0 });
    // The server let us go on purpose (e.g. it is shutting down): socket.io will not retry by itself.
    if (reason === 'io server disconnect') {
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = setTimeout(() => !closed && socket.connect(), jittered(options.reconnectDelayMs ?? RECONNECT.delayMs, factor) * 2);
    }
  });
  socket.on('connect_error', (e: Error) => {
    if (closed) return;
    const reason = e.message || 'connection failed';
    if (!socket.active) return setLink({ phase: 'rejected', since: now(), reason });
    if (link.phase === 'down') setLink({ ...link, reason });
    else setLink({ phase: 'down', since: now(), reason, attempt: 0 });
  });
  socket.io.on('reconnect_attempt', (attempt: number) => {
    if (link.phase === 'down') setLink({ ...link, attempt });
  });

  socket.on('delta', (raw: unknown) => {
    const parsed = parseDelta(raw);
    if (!parsed.ok) {
      stats.invalidMessages++;
      return problem(undefined, `Dropped an invalid update from the command server (${parsed.error}).`);
    }
    const sub = subs.get(parsed.value.value.operationId);
    if (!sub) return;
    const d = counted(sub, parsed.value);
    const out = sub.seq.delta(d);
    if (out.kind === 'deliver') for (const x of out.deltas) deliver(sub, x, now());
    else if (out.kind === 'gap') gap(sub, out.expected, out.got);
  });
  socket.on('version', (raw: unknown) => {
    const r = VersionNotice.safeParse(raw);
    if (!r.success) {
      stats.invalidMessages++;
      return problem(undefined, 'Dropped an invalid plan version notice from the command server.');
    }
    subs.get(r.data.operationId)?.handlers.onVersion?.(r.data);
  });
  socket.on('heartbeat', (raw: unknown) => {
    const r = parseHeartbeat(raw);
    if (!r.ok) {
      stats.invalidMessages++;
      return problem(undefined, `Dropped an invalid heartbeat from the command server (${r.error}).`);
    }
    const sub = subs.get(r.value.operationId);
    if (!sub) return;
    stats.heartbeats++;
    sub.handlers.onHeartbeat?.(r.value, now());
    // The server has sent up to this seq; holding less means a delta went missing before the quiet spell.
    const out = sub.seq.heartbeat(r.value.seq);
    if (out.kind === 'gap') gap(sub, out.expected, out.got);
  });
  socket.on('resync', (raw: unknown) => {
    const r = parseResync(raw);
    if (!r.ok) {
      stats.invalidMessages++;
      return;
    }
    const sub = subs.get(r.value.operationId);
    if (!sub) return;
    stats.resyncs++;
    requestSnapshot(sub);
  });
  socket.on('notice', (raw: unknown) => {
    const n = Notice.safeParse(raw);
    if (!n.success) {
      stats.invalidMessages++;
      return;
    }
    switch (n.data.code) {
      case 'clusterDown':
        setCluster('down');
        return problem(undefined, `Cluster link down: the command server serves its own sources only (${n.data.message}).`);
      case 'clusterUp':
        setCluster('up');
        return problem(undefined, 'Cluster link up again: updates from other control rooms are reaching this screen.');
      case 'shuttingDown':
        return problem(undefined, `The command server is shutting down: ${n.data.message}`);
      case 'membershipEnded': {
        const sub = n.data.operationId ? subs.get(n.data.operationId) : undefined;
        if (!sub) return problem(undefined, `The command server says: ${n.data.message}`);
        sub.ended = true;
        if (sub.retry) clearTimeout(sub.retry);
        sub.retry = null;
        sub.seq.stop();
        sub.generation++;
        sub.handlers.onAccessEnded?.(n.data.message);
        return problem(sub, `Access ended: ${n.data.message}`);
      }
      default:
        return problem(undefined, `The command server warns: ${n.data.message}`);
    }
  });
  socket.on('plan', (raw: unknown) => {
    const r = parsePlanEvent(raw);
    if (!r.ok) {
      stats.invalidMessages++;
      return problem(undefined, `Dropped an invalid plan from the command server (${r.error}).`);
    }
    subs.get(r.value.operationId)?.handlers.onPlan?.(r.value.plan);
  });

  // Notices that only need parsing and handing on (a bad one is counted, never passed on).
  const noticeListeners = <T>(event: 'presence' | 'sync:head', schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false } }) => {
    const listeners = new Set<(notice: T) => void>();
    socket.on(event, (raw: unknown) => {
      const r = schema.safeParse(raw);
      if (!r.success) {
        stats.invalidMessages++;
        return;
      }
      for (const l of [...listeners]) l(r.data);
    });
    return listeners;
  };
  const presenceListeners = noticeListeners<PresenceNotice>('presence', PresenceNotice);
  const syncHeadListeners = noticeListeners<SyncHeadNotice>('sync:head', SyncHeadNotice);

  socket.connect();

  let historyQueue: Promise<void> = Promise.resolve();
  async function readHistory({ operationId, fromMs, toMs, unitIds, maxPositions, onProgress }: HistoryQuery): Promise<Result<Parsed<LoadedHistory>>> {
    const base = { operationId, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), ...(unitIds ? { unitIds } : {}) };
    const r = await readHistoryPages(
      async (cursor) => {
        if (!socket.connected) return err('Not connected to the command server.');
        try {
          // Per page: a page waits in the server's queue at worst for a few others to be read.
          const raw: unknown = await socket.timeout(Math.max(timeout, 60_000)).emitWithAck('history', { ...base, ...(cursor ? { cursor } : {}) });
          return parseAck(raw, parseHistory);
        } catch {
          return err('The command server did not send the history in time.');
        }
      },
      { ...(maxPositions ? { maxPositions } : {}), ...(onProgress ? { onProgress } : {}) },
    );
    if (r.ok) stats.invalidItems += r.value.dropped;
    return r;
  }

  return {
    url: options.url,
    onLink(listener) {
      linkListeners.add(listener);
      listener(link);
      return () => linkListeners.delete(listener);
    },
    onCluster(listener) {
      clusterListeners.add(listener);
      listener(cluster);
      return () => clusterListeners.delete(listener);
    },
    subscribe(operationId, handlers) {
      subs.get(operationId)?.handlers.onProblem?.('Replaced by a new subscription.');
      const sub: Sub = { operationId, handlers, seq: new Sequencer(), generation: 0, retry: null, retries: 0, closed: false, ended: false };
      subs.set(operationId, sub);
      requestSnapshot(sub);
      return {
        resync: (reason: string) => {
          if (sub.closed) return;
          stats.resyncs++;
          handlers.onProblem?.(`Fetching a fresh picture (${reason}).`);
          requestSnapshot(sub);
        },
        close: () => {
          sub.closed = true;
          if (sub.retry) clearTimeout(sub.retry);
          if (subs.get(operationId) === sub) subs.delete(operationId);
          if (socket.connected) socket.timeout(timeout).emit('unsubscribe', { operationId }, () => undefined);
        },
      };
    },
    async ackAlert(operationId, alertId) {
      if (!socket.connected) return err('Not connected to the command server: the acknowledgement was not sent.');
      try {
        const raw: unknown = await socket.timeout(timeout).emitWithAck('alert:ack', { operationId, alertId });
        return parseAck(raw, parseAlert);
      } catch {
        return err('The command server did not answer in time; the alert may not be acknowledged.');
      }
    },
    async ackAlerts(operationId, alertIds) {
      if (!socket.connected) return err('Not connected to the command server: the acknowledgements were not sent.');
      try {
        const raw: unknown = await socket.timeout(timeout).emitWithAck('alert:ackMany', { operationId, alertIds: [...alertIds] });
        return parseAck(raw, parseAckAlertsResult);
      } catch {
        return err('The command server did not answer in time; the alerts may not be acknowledged.');
      }
    },
    async acknowledgedAlerts(operationId) {
      if (!socket.connected) return err('Not connected to the command server.');
      try {
        const raw: unknown = await socket.timeout(timeout).emitWithAck('alert:acknowledged', { operationId });
        return parseAck(raw, parseAlertList);
      } catch {
        return err('The command server did not answer in time.');
      }
    },
    async clearEmergency(operationId, unitId, reason) {
      if (!socket.connected) return err('Not connected to the command server: the emergency was not cleared.');
      try {
        const raw: unknown = await socket.timeout(timeout).emitWithAck('emergency:clear', { operationId, unitId, reason });
        return parseAck(raw, parseClearedEmergency);
      } catch {
        return err('The command server did not answer in time; the emergency may not be cleared.');
      }
    },
    history(query) {
      // One history read at a time on this connection: a second waits for the first to finish.
      const run = historyQueue.then(() => readHistory(query));
      historyQueue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    stats: () => ({ ...stats }),
    async ask(event, payload, schema, what) {
      if (!socket.connected) return err(`Not connected to the command server: ${what}.`);
      try {
        const raw: unknown = await (socket.timeout(timeout) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<unknown> }).emitWithAck(
          event,
          payload,
        );
        return parseAck(raw, (value) => {
          const r = schema.safeParse(value);
          return r.success
            ? { ok: true, value: r.data }
            : err(`The command server sent an answer Cordon cannot read (${r.error.issues[0]?.message ?? 'invalid'}).`);
        });
      } catch {
        return err(`The command server did not answer in time: ${what}.`);
      }
    },
    reconnect() {
      if (closed) return;
      // A person asking again (e.g. after being added back to an operation) gets fresh subscribe requests.
      const ended = [...subs.values()].filter((s) => s.ended);
      for (const sub of ended) {
        sub.ended = false;
        sub.retries = 0;
        requestSnapshot(sub);
      }
      if (socket.connected) return;
      socket.disconnect();
      setLink({ phase: 'connecting', since: now() });
      socket.connect();
    },
    close() {
      closed = true;
      if (kickTimer) clearTimeout(kickTimer);
      for (const sub of subs.values()) {
        sub.closed = true;
        if (sub.retry) clearTimeout(sub.retry);
      }
      subs.clear();
      linkListeners.clear();
      clusterListeners.clear();
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
      syncHeadListeners.clear();
      presenceListeners.clear();
    },
    onSyncHead(listener) {
      syncHeadListeners.add(listener);
      return () => syncHeadListeners.delete(listener);
    },
    onPresence(listener) {
      presenceListeners.add(listener);
      return () => presenceListeners.delete(listener);
    },
    connectionId: () => (socket.connected ? (socket.id ?? null) : null),
  };
}
