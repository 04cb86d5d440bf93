/**
 * Scale-out through Redis: socket.io's Redis adapter joins the processes, and its server-side events carry what one
 * process ingested (reports), published (plans) and recorded (acknowledgements) to all the others. Each process thus
 * holds the whole live picture and ticks for its own clients (deltas go out with `io.local`, never through Redis).
 * Run the simulator in one process only; give each process its own data directory.
 *
 * Redis is a convenience, never a single point of failure. When it goes away (or is not there at start), every process
 * carries on serving its own clients from its own sources (feeds, HTTP, CoT, simulator): only the fan-out between
 * processes stops. Clients are told with a `clusterDown` notice (and `cluster: 'down'` in snapshots), and `clusterUp`
 * when Redis answers again and the subscriptions are back. What happened meanwhile on other processes is not replayed:
 * each unit's next report brings the picture together again.
 *
 * Why the guards below: @redis/client rejects queued or in-flight commands when its socket drops (and, with an offline
 * queue, times them out after `commandOptions.timeout`), and @socket.io/redis-adapter fires `publish`/`subscribe`
 * without awaiting them. Each such rejection is unhandled, and Node ends the process on an unhandled rejection: a Redis
 * restart of a few seconds used to take every command server down with it.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Alert, PositionReport } from '../shared/protocol';
import type { OperationBundle } from '../shared/domain';
import type { ClusterBus, CordonServer, Hub } from './hub';
import type { Metrics } from './metrics';
import { errorMessage, type Logger } from './util';

export type ClusterLinkState = 'up' | 'down';

export interface Cluster extends ClusterBus {
  /** What clients have been told: 'down' from `downAfterMs` into an outage until Redis answers again. */
  linkState(): ClusterLinkState;
  close(): Promise<void>;
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
}

/** Reconnect delay: 100 ms doubling to 5 s, +/-25% so that many processes do not return in step. Never gives up. */
export function redisReconnectDelay(retries: number): number {
  const base = Math.min(100 * 2 ** Math.min(retries, 16), 5000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Commands waiting in a client's queue at most; beyond that they fail at once (caught) instead of growing memory. */
const MAX_QUEUED_COMMANDS = 10_000;

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
  const evaluate = () => {
    if (closed) return;
    if (ready()) {
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

  // Created now even if Redis is away: replacing the adapter later would drop every socket's rooms.
  io.adapter(createAdapter(guarded(pub, onCommandFailed), guarded(sub, onCommandFailed), { key: 'cordon' }));

  io.on('cordon:positions', (operationId, reports, labels) => {
    if (typeof operationId !== 'string' || !Array.isArray(reports)) return;
    metrics.inc('redis.positionsReceived', reports.length);
    hub.ingest(operationId, reports, 'remote', Array.isArray(labels) ? labels : []);
  });
  io.on('cordon:plan', (plan) => {
    if (plan?.operation?.id) hub.publishPlan(plan, 'remote');
  });
  io.on('cordon:ack', (alert) => {
    if (alert?.operationId) hub.applyRemoteAck(alert);
  });

  const emit = (fn: () => void) => {
    // While Redis is away there is no one to tell: count it and serve locally.
    if (!pub.isReady) return metrics.inc('redis.notSent');
    try {
      fn();
    } catch (e) {
      onError(e);
    }
  };
  return {
    publishPositions: (operationId: string, reports: PositionReport[], labels: [string, string][]) =>
      emit(() => io.serverSideEmit('cordon:positions', operationId, reports, labels)),
    publishPlan: (plan: OperationBundle) => emit(() => io.serverSideEmit('cordon:plan', plan)),
    publishAck: (alert: Alert) => emit(() => io.serverSideEmit('cordon:ack', alert)),
    linkState: () => announced,
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
