/**
 * Scale-out through Redis: socket.io's Redis adapter joins the processes, and its server-side events carry what one
 * process published (plans) and recorded (acknowledgements, emergencies) to all the others; the reports it ingested
 * cross on a channel of their own (positionRelay.ts: cheaper, and a failed publish's reports are held back and resent). Each process thus
 * holds the whole live picture and ticks for its own clients (deltas go out with `io.local`, never through Redis).
 * Run the simulator in one process only; give each process its own data directory.
 *
 * Redis is a convenience, never a single point of failure. When it goes away (or is not there at start), every process
 * carries on serving its own clients from its own sources (feeds, HTTP, CoT, simulator): only the fan-out between
 * processes stops. Clients are told with a `clusterDown` notice (and `cluster: 'down'` in snapshots), and `clusterUp`
 * when Redis answers again and the subscriptions are back. Meanwhile each process holds back the newest report of
 * every unit it ingested, the plans published and the acknowledgements made (bounded), and relays them when it is back;
 * again when another process says it is back (`cordon:hello`), since processes reconnect at different moments. So an
 * emergency pressed during the outage reaches every screen at once when Redis returns, not at the unit's next report.
 *
 * Why the guards below: @redis/client rejects queued or in-flight commands when its socket drops (and, with an offline
 * queue, times them out after `commandOptions.timeout`), and @socket.io/redis-adapter fires `publish`/`subscribe`
 * without awaiting them. Each such rejection is unhandled, and Node ends the process on an unhandled rejection: a Redis
 * restart of a few seconds used to take every command server down with it.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Alert, PositionReport } from '../shared/protocol';
import type { OperationBundle } from '../shared/domain';
import type { ClusterBus, CordonServer, Hub, InterServerEvents } from './hub';
import type { Metrics } from './metrics';
import { PositionRelay } from './positionRelay';
import type { EmergencyRecord } from './store/types';
import { errorMessage, type Logger } from './util';

export type ClusterLinkState = 'up' | 'down';

export interface Cluster extends ClusterBus {
  /** What clients have been told: 'down' from `downAfterMs` into an outage until Redis answers again. */
  linkState(): ClusterLinkState;
  close(): Promise<void>;
  /**
   * Sends a server-side event of another module (presence, revoked sessions) to the other processes now; false, and
   * nothing held back, while Redis is away (such state is restated by its sender or enforced at the next connect).
   */
  relay(event: string, ...args: unknown[]): boolean;
}

export interface ClusterOptions {
  url: string;
  io: CordonServer;
  hub: Hub;
  metrics: Metrics;
  log: Logger;
  /** A drop shorter than this (a reconnect blip) is not announced to clients. Default 1000 ms. */
  downAfterMs?: number;
  /** How long the start waits for Redis before it goes on alone (and joins when Redis answers). Default 5000 ms. */
  startWaitMs?: number;
  /**
   * Called when the link comes back after an outage: with a shared store (PostgreSQL) the hub reloads what the other
   * processes stored meanwhile (their emergencies, acknowledgements, latest positions).
   */
  onRejoin?: () => void;
}

/** Reconnect delay: 100 ms doubling to 5 s, +/-25% so that many processes do not return in step. Never gives up. */
export function redisReconnectDelay(retries: number): number {
  const base = Math.min(100 * 2 ** Math.min(retries, 16), 5000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Commands waiting in a client's queue at most; beyond that they fail at once (caught) instead of growing memory. */
const MAX_QUEUED_COMMANDS = 10_000;
/** Units whose newest report is held back during an outage, at most (beyond: counted in `redis.heldBackDropped`). */
const MAX_HELD_UNITS = 200_000;
const MAX_HELD_ACKS = 10_000;
/** After a rejoin, what was held back is kept this long to answer a process that rejoins later (its `cordon:hello`). */
const HELD_BACK_KEEP_MS = 60_000;
/** Reports per relayed message when catching up. */
const CATCH_UP_BATCH = 1000;

/** The cluster's own events beside the hub's (kept here: hub.ts is shared by several changes). */
interface ClusterEvents extends InterServerEvents {
  /** A process has (re)joined: send it what you held back during the last outage. */
  'cordon:hello': (from: string) => void;
}

/** What one process could not relay while Redis was away. */
class HeldBack {
  readonly positions = new Map<string, Map<string, { report: PositionReport; label?: string }>>();
  readonly plans = new Map<string, OperationBundle>();
  readonly acks = new Map<string, Alert>();
  /** Emergency latches raised or cleared here during the outage (never dropped: there are few, and each matters). */
  readonly emergencies = new Map<string, EmergencyRecord>();
  units = 0;
  dropped = 0;
  /** When the link came back (null: still away, or nothing held). */
  rejoinedAt: number | null = null;

  get empty(): boolean {
    return this.units === 0 && this.plans.size === 0 && this.acks.size === 0 && this.emergencies.size === 0;
  }
  addPositions(operationId: string, reports: readonly PositionReport[], labels: readonly [string, string][]): void {
    this.rejoinedAt = null;
    let units = this.positions.get(operationId);
    if (!units) this.positions.set(operationId, (units = new Map()));
    const labelOf = new Map(labels);
    for (const report of reports) {
      const held = units.get(report.id);
      if (!held && this.units >= MAX_HELD_UNITS) {
        this.dropped++;
        continue;
      }
      if (held && Date.parse(held.report.time) > Date.parse(report.time)) continue;
      const label = labelOf.get(report.id) ?? held?.label;
      units.set(report.id, label === undefined ? { report } : { report, label });
      if (!held) this.units++;
    }
  }
  addPlan(plan: OperationBundle): void {
    this.rejoinedAt = null;
    this.plans.set(plan.operation.id, plan);
  }
  addAck(alert: Alert): void {
    this.rejoinedAt = null;
    if (this.acks.size >= MAX_HELD_ACKS) return void this.dropped++;
    this.acks.set(`${alert.operationId}\u0000${alert.id}`, alert);
  }
  addEmergency(e: EmergencyRecord): void {
    this.rejoinedAt = null;
    this.emergencies.set(`${e.operationId}\u0000${e.unitId}`, e);
  }
  clear(): void {
    this.emergencies.clear();
    this.positions.clear();
    this.plans.clear();
    this.acks.clear();
    this.units = 0;
    this.rejoinedAt = null;
  }
}

type RedisClient = ReturnType<typeof createClient>;

/**
 * The client as the adapter sees it: every method that returns a promise gets a rejection handler attached, so a
 * command that fails because Redis is away is counted instead of ending the process. Callers that await still see
 * the rejection (the promise itself is returned).
 */
function guarded<T extends object>(client: T, onError: (e: unknown) => void): T {
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') (result as PromiseLike<unknown>).then(undefined, onError);
        return result;
      };
    },
  });
}

export async function joinCluster(opts: ClusterOptions): Promise<Cluster> {
  const { url, io, hub, metrics, log } = opts;
  const downAfterMs = opts.downAfterMs ?? 1000;
  const socket = { connectTimeout: 3000, reconnectStrategy: redisReconnectDelay };
  // Publishing while Redis is away fails at once (disableOfflineQueue): a queue of reports nobody will read would only
  // grow, and stale positions replayed minutes later are worse than none.
  const pub: RedisClient = createClient({ url, socket, disableOfflineQueue: true, commandsQueueMaxLength: MAX_QUEUED_COMMANDS });
  // The subscriber keeps its (small) offline queue: the adapter subscribes once at start, possibly before Redis
  // answers; after a reconnection the client subscribes again by itself.
  const sub: RedisClient = createClient({ url, socket, commandsQueueMaxLength: MAX_QUEUED_COMMANDS });

  let lastLogged = 0;
  const onError = (e: unknown) => {
    metrics.inc('redis.errors');
    if (Date.now() - lastLogged > 5000) {
      lastLogged = Date.now();
      log(`redis: ${errorMessage(e) || (e instanceof Error ? e.constructor.name : 'error')}`);
    }
  };
  const onCommandFailed = (e: unknown) => {
    metrics.inc('redis.commandsFailed');
    onError(e);
  };
  pub.on('error', onError);
  sub.on('error', onError);

  let closed = false;
  let announced: ClusterLinkState = 'up';
  let downTimer: NodeJS.Timeout | null = null;
  const ready = () => pub.isReady && sub.isReady;
  const bus = io as unknown as Server<ClusterEvents, ClusterEvents, ClusterEvents>;
  const held = new HeldBack();
  const relay = new PositionRelay({
    pub,
    sub,
    metrics,
    onError,
    onReports: (operationId, reports, labels) => hub.ingest(operationId, reports, { origin: 'remote', relayed: true, labels }),
  });
  let wasReady = false;
  /** Relays what the outage held back (plans first: the reports are measured against them). */
  const relayHeldBack = (why: string) => {
    if (held.empty || !pub.isReady) return;
    try {
      sendHeldBack(why);
    } catch (e) {
      onError(e);
    }
  };
  const sendHeldBack = (why: string) => {
    for (const plan of held.plans.values()) bus.serverSideEmit('cordon:plan', plan);
    for (const [operationId, units] of held.positions) {
      const all = [...units.values()];
      for (let i = 0; i < all.length; i += CATCH_UP_BATCH) {
        const part = all.slice(i, i + CATCH_UP_BATCH);
        const labels = part.flatMap((h): [string, string][] => (h.label === undefined ? [] : [[h.report.id, h.label]]));
        void relay.publish(
          operationId,
          part.map((h) => h.report),
          labels,
        );
      }
    }
    for (const e of held.emergencies.values()) bus.serverSideEmit('cordon:emergency', e);
    for (const alert of held.acks.values()) bus.serverSideEmit('cordon:ack', alert);
    metrics.inc('redis.heldBackRelayed', held.units);
    log(
      `cluster: relayed what the outage held back (${why}): ${held.plans.size} plans, ${held.units} units' newest reports, ${held.acks.size} acknowledgements, ${held.emergencies.size} emergencies` +
        (held.dropped > 0 ? `; ${held.dropped} could not be held` : ''),
    );
  };
  const rejoined = () => {
    opts.onRejoin?.();
    relayHeldBack('rejoined');
    held.rejoinedAt ??= Date.now();
    // Tell the others, so that a process back before us sends what it held back again: we were not listening then.
    bus.serverSideEmit('cordon:hello', 'rejoined');
  };
  const announce = (state: ClusterLinkState) => {
    announced = state;
    metrics.inc(state === 'down' ? 'redis.linkDown' : 'redis.linkUp');
    if (state === 'down') {
      log(`WARNING: cluster link down (redis ${url} unreachable): serving this process's own sources only until it returns`);
      io.local.emit('notice', {
        code: 'clusterDown',
        message: "cluster link down: this server is serving its own sources only; other control rooms' updates are not reaching you",
      });
    } else {
      log(`cluster link up again (redis ${url}): sharing operations with the other processes`);
      io.local.emit('notice', { code: 'clusterUp', message: 'cluster link up: updates from other control rooms are reaching you again' });
    }
  };
  let joined = false;
  const evaluate = () => {
    // Nothing to announce or relay before the adapter is in place (the start waits for Redis first).
    if (closed || !joined) return;
    const isReady = ready();
    if (isReady && !wasReady) rejoined();
    wasReady = isReady;
    if (held.rejoinedAt !== null && Date.now() - held.rejoinedAt > HELD_BACK_KEEP_MS) held.clear();
    // Reports whose publish failed while the link looked up go out again (see positionRelay.ts).
    if (pub.isReady) relay.retryUnsent();
    if (isReady) {
      if (downTimer) clearTimeout(downTimer);
      downTimer = null;
      if (announced === 'down') announce('up');
    } else if (announced === 'up' && !downTimer) {
      downTimer = setTimeout(() => {
        downTimer = null;
        if (!closed && !ready() && announced === 'up') announce('down');
      }, downAfterMs);
      downTimer.unref();
    }
  };
  for (const client of [pub, sub]) for (const event of ['ready', 'error', 'end', 'reconnecting']) client.on(event, evaluate);
  // A safety net for a transition no event told us about.
  const poll = setInterval(evaluate, 1000);
  poll.unref();

  // Connecting never gives up (the reconnect strategy), so do not wait on it for ever: start alone if Redis is away.
  for (const client of [pub, sub]) client.connect().catch(onError);
  const startWaitMs = opts.startWaitMs ?? 5000;
  const until = Date.now() + startWaitMs;
  while (!ready() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  if (!ready()) {
    announced = 'down';
    metrics.inc('redis.linkDown');
    log(
      `WARNING: cluster link down: redis ${url} did not answer within ${startWaitMs} ms; serving this process's own sources only and joining when it answers`,
    );
  }

  // Reports go on their own channel (see positionRelay.ts), everything else through the adapter.
  relay.listen();
  // Created now even if Redis is away: replacing the adapter later would drop every socket's rooms.
  io.adapter(createAdapter(guarded(pub, onCommandFailed), guarded(sub, onCommandFailed), { key: 'cordon' }));
  joined = true;

  // Reports as processes before the own channel relayed them (a rolling upgrade): still taken.
  io.on('cordon:positions', (operationId, reports, labels) => {
    if (typeof operationId !== 'string' || !Array.isArray(reports)) return;
    metrics.inc('redis.positionsReceived', reports.length);
    hub.ingest(operationId, reports, { origin: 'remote', relayed: true, labels: Array.isArray(labels) ? labels : [] });
  });
  io.on('cordon:plan', (plan) => {
    if (plan?.operation?.id) void hub.publishPlan(plan, 'remote');
  });
  io.on('cordon:ack', (alert) => {
    if (alert?.operationId) hub.applyRemoteAck(alert);
  });
  io.on('cordon:emergency', (emergency) => {
    if (emergency?.operationId && emergency.unitId) hub.applyRemoteEmergency(emergency);
  });
  bus.on('cordon:hello', () => relayHeldBack('another process rejoined'));

  const emit = (fn: () => void, holdBack: () => void) => {
    // While Redis is away there is no one to tell: keep it for when it is back, and serve locally.
    if (!pub.isReady) {
      metrics.inc('redis.notSent');
      return holdBack();
    }
    try {
      fn();
    } catch (e) {
      onError(e);
    }
  };
  // Joined: say hello (a process that held something back for us sends it) and start watching the link.
  evaluate();
  return {
    publishPositions: (operationId: string, reports: PositionReport[], labels: [string, string][]) =>
      emit(
        () => void relay.publish(operationId, reports, labels),
        () => held.addPositions(operationId, reports, labels),
      ),
    publishPlan: (plan: OperationBundle) =>
      emit(
        () => io.serverSideEmit('cordon:plan', plan),
        () => held.addPlan(plan),
      ),
    publishEmergency: (emergency: EmergencyRecord) =>
      emit(
        () => io.serverSideEmit('cordon:emergency', emergency),
        () => held.addEmergency(emergency),
      ),
    publishAck: (alert: Alert) =>
      emit(
        () => io.serverSideEmit('cordon:ack', alert),
        () => held.addAck(alert),
      ),
    linkState: () => announced,
    relay: (event: string, ...args: unknown[]) => {
      if (!pub.isReady) return false;
      try {
        (bus as unknown as Server<Record<string, (...a: unknown[]) => void>>).serverSideEmit(event, ...args);
        return true;
      } catch (e) {
        onError(e);
        return false;
      }
    },
    close: async () => {
      closed = true;
      clearInterval(poll);
      if (downTimer) clearTimeout(downTimer);
      // A graceful close waits for Redis to answer; a client still reconnecting would wait for ever: cut it off.
      await Promise.allSettled(
        [pub, sub].map(async (c) => {
          if (c.isReady) await c.close();
          else if (c.isOpen) c.destroy();
        }),
      );
    },
  };
}
