/**
 * createCommandServer(options): the whole command server in one call (tests start one per case on port 0).
 * HTTP(S) + socket.io on `host:port`, Cursor-on-Target on `host:cotPort`, the store, the fan-out tick, optional Redis
 * scale-out and the simulator.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import path from 'node:path';
import { Server } from 'socket.io';
import type { OperationBundle } from '../shared/domain';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { joinCluster, type Cluster } from './cluster';
import { devConfig, isLoopback, parseConfig, loadConfigFile, type ServerConfig, type ServerConfigInput, DEV_TOKENS } from './config';
import { startCotListener, type CotListener } from './cot/listener';
import { plainCotRefusal, readCotTls } from './cot/security';
import { DEMO_OPERATION_ID, demoOperation } from './demo/demoOperation';
import { Admission } from './admission';
import { createRequestHandler } from './http';
import { Hub, type CordonServer } from './hub';
import { HistoryService } from './history';
import { EventLoopMonitor, Metrics } from './metrics';
import { Simulator } from './simulator/simulator';
import { loadStreetGraph } from './simulator/streets';
import { DecisionLogService } from './decisionLog/service';
import { ephemeralSigner, loadOrCreateSigner, type LogSigner } from './decisionLog/signingKey';
import { attachSockets, principals } from './sockets';
import { VersionService } from './versionService';
import { SyncService } from './sync/syncService';
import { notifySyncHead } from './sync/syncSockets';
import { MemoryStore } from './store/memoryStore';
import { PgStore } from './store/pgStore';
import { SqliteStore } from './store/sqliteStore';
import type { Store } from './store/types';
import { errorMessage, type Logger } from './util';
import type { AccountService } from './auth/accountService';
import { setUpAccounts, type AccountSetupOptions } from './auth/setup';
import type { ServerTestHandle, ServerTestHooks } from './testHooks';
import { shareRevocations } from './auth/clusterRevocations';
import { rescopeAll, shareRoleChanges } from './auth/clusterMemberships';
import { PresenceService, type PresenceOptions } from './presence/presenceService';
import { installRawJson } from './rawJson';

export interface CommandServerOptions {
  /** Default 4870; 0 picks a free port. */
  port?: number;
  /** Overrides config.host. */
  host?: string;
  /** A parsed config, or config input to validate. Wins over configPath. */
  config?: ServerConfig | ServerConfigInput;
  configPath?: string;
  /**
   * 'sqlite' (default) keeps everything in dataDir; 'memory' keeps nothing across restarts; 'postgres' keeps it in
   * the database at `pgUrl`, shared by every process of a scale-out group. Or pass a Store.
   */
  store?: 'sqlite' | 'memory' | 'postgres' | Store;
  /** postgres://user:password@host:port/database, with store 'postgres'. */
  pgUrl?: string;
  dataDir?: string;
  /** Cursor-on-Target port (0: a free one; null: off). Default: config.cot. */
  cotPort?: number | null;
  /** Overrides config.tickMs. */
  tickMs?: number;
  /** Simulated devices (0: none). */
  simulate?: number;
  simulateSeed?: number;
  /** PMTiles file whose `transportation` layer gives the simulator its streets (null: none). */
  streetsFile?: string | null;
  /** redis://127.0.0.1:PORT to share operations with other processes. */
  redisUrl?: string;
  /** Publish "Operation Demo" when the default operation has no plan (default true). */
  publishDemo?: boolean;
  /** Log sink; false for silence. Default: console.log with a timestamp. */
  log?: Logger | false;
  /** The clock (tests). */
  now?: () => number;
  /** Accounts: another account store, a replacement authenticator, the OIDC ID token verifier (server/auth/setup.ts). */
  accounts?: Pick<AccountSetupOptions, 'accounts' | 'authenticator' | 'verifyIdToken'>;
  /**
   * The Ed25519 key file that signs decision-log checkpoints (made, mode 0600, at first start). Default:
   * `<dataDir>/decision-log-key.pem`; the memory store without one uses a key that lasts as long as the process.
   */
  logKeyFile?: string;
  /**
   * With PostgreSQL (a store other processes share): how often to raise emergencies the store holds that have not
   * reached this process through Redis (Hub.reconcileEmergencies). Default 2000 ms; 0 turns it off.
   */
  emergencyReconcileMs?: number;
  /** Faults a test puts into the stream (server/testHooks.ts); never set by the app. */
  testing?: ServerTestHooks;
  /** Presence timings (tests: a short expiry of a silent process). */
  presence?: Pick<PresenceOptions, 'notifyEveryMs' | 'beatMs' | 'expireBeats'>;
}

export interface CommandServer {
  url: string;
  httpPort: number;
  cotPort: number | null;
  config: ServerConfig;
  hub: Hub;
  metrics: Metrics;
  store: Store;
  simulator: Simulator | null;
  /** True when running on the built-in development config (demo tokens). */
  devTokens: boolean;
  /** Named accounts, sessions and the audit trail. */
  accounts: AccountService;
  close(): Promise<void>;
  /** Only with the `testing` option: a way to send raw events (server/testHooks.ts). */
  testing?: ServerTestHandle;
}

export const DEFAULT_PORT = 4870;
export const DEFAULT_STREETS_FILE = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'central-london.pmtiles');

function resolveConfig(o: CommandServerOptions): { config: ServerConfig; dev: boolean } {
  if (o.config) {
    const r = parseConfig(o.config);
    if (!r.ok) throw new Error(r.error);
    return { config: r.value, dev: false };
  }
  if (o.configPath) {
    const r = loadConfigFile(o.configPath);
    if (!r.ok) throw new Error(r.error);
    return { config: r.value, dev: false };
  }
  return { config: devConfig(), dev: true };
}

export async function createCommandServer(options: CommandServerOptions = {}): Promise<CommandServer> {
  const { config: base, dev } = resolveConfig(options);
  const config: ServerConfig = { ...base, ...(options.host ? { host: options.host } : {}), ...(options.tickMs ? { tickMs: options.tickMs } : {}) };
  if (dev && !isLoopback(config.host)) {
    throw new Error(`the development tokens are only allowed on loopback; give a config file (--config) to listen on ${config.host}`);
  }
  // CoT checks come before anything binds: a risky or broken CoT setup stops the start with the field to change.
  const cotPort = options.cotPort === undefined ? (config.cot.enabled ? config.cot.port : null) : options.cotPort;
  const cotRefusal = cotPort === null ? null : plainCotRefusal(config.cot, config.host);
  if (cotRefusal) throw new Error(cotRefusal);
  const cotTls = cotPort !== null && config.cot.tls ? readCotTls(config.cot.tls) : undefined;
  const log: Logger = options.log === false ? () => undefined : (options.log ?? ((line) => console.log(`${new Date().toISOString()} ${line}`)));
  const now = options.now ?? Date.now;
  const metrics = new Metrics();

  const store = await openStore(options, log);
  let accountSetup: Awaited<ReturnType<typeof setUpAccounts>>;
  try {
    accountSetup = await setUpAccounts({ store, config, dev, log, now, ...(options.pgUrl ? { pgUrl: options.pgUrl } : {}), ...options.accounts });
  } catch (e) {
    if (typeof options.store !== 'object') await store.close();
    throw e;
  }
  const { accounts } = accountSetup;

  const tokens = principals(config);
  const httpServer = config.tls ? https.createServer({ cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) }) : http.createServer();
  const connections = new Set<Socket>();
  httpServer.on('connection', (c: Socket) => {
    connections.add(c);
    c.once('close', () => connections.delete(c));
  });
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 60_000;
  // Our HTTP endpoints must be attached before socket.io: engine.io takes the 'request' listeners it finds and calls
  // them only for paths outside /socket.io/. A listener added after it also answered long-polling requests (404).
  let handleRequest: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => handleRequest?.(req, res));

  const io: CordonServer = new Server(httpServer, {
    maxHttpBufferSize: config.limits.maxMessageBytes,
    cors: { origin: config.corsOrigins },
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    connectTimeout: 10_000,
  });
  // History pages (and other JSON the server already holds as text) go into packets as they are: see rawJson.ts.
  installRawJson(io);
  // One admission for HTTP and sockets (and the hub): a feed's budget is the same whichever way it sends.
  const admission = new Admission({ config, now, backlog: () => store.stats().pendingRows ?? 0 });
  const hub = new Hub({ config, store, metrics, log, io, now, admission, ...(options.testing ? { testing: options.testing } : {}) });
  metrics.gauge('connections', () => io.of('/').sockets.size);
  for (const key of Object.keys(store.stats())) metrics.gauge(`store.${key}`, () => store.stats()[key] ?? NaN);
  await hub.load();

  const eventLoop = new EventLoopMonitor(metrics);
  const history = new HistoryService({ store, limits: config.limits, metrics, flush: (operationId) => hub.flushOperation(operationId) });
  const versions = new VersionService({ hub, store, log, now, notify: (n) => hub.notifyVersion(n) });
  await versions.load();
  const decisionLogs = new DecisionLogService(store.appendLogs, logSigner(options), { now });
  const presence = new PresenceService({ io, log, now, ...options.presence });
  const sync = new SyncService({ store, log, now, notify: (n) => notifySyncHead(io, n) });
  attachSockets({ io, hub, history, config, metrics, log, tokens, admission, versions, accounts, decisionLogs, presence, sync });
  handleRequest = createRequestHandler({ hub, config, metrics, tokens, admission, authRoutes: accountSetup.routes });
  io.engine.on('connection_error', (e: { code?: number; message?: string }) => {
    metrics.inc('connections.refused.transport');
    void e;
  });

  const cleanups: Array<() => Promise<void> | void> = [() => eventLoop.stop()];
  const closeAll = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        log(`close: ${errorMessage(e)}`);
      }
    }
    cleanups.length = 0;
  };

  try {
    let cluster: Cluster | null = null;
    if (options.redisUrl) {
      const reload = () => hub.load().catch((e: unknown) => log(`cluster: could not reload from the store after the outage: ${errorMessage(e)}`));
      // Role changes relayed while the link was down were lost: re-read every signed-in socket's roles from the store.
      const onRejoin = () => {
        if (store.kind === 'postgres') void reload();
        rescopeAll(io, accounts);
      };
      cluster = await joinCluster({ url: options.redisUrl, io, hub, metrics, log, onRejoin });
      hub.cluster = cluster;
      cleanups.push(async () => {
        await cluster?.close();
      });
      log(`scale-out: sharing operations through ${options.redisUrl}${cluster.linkState() === 'down' ? ' (not reachable yet: joining when it answers)' : ''}`);
      presence.shareThrough(cluster.relay);
      shareRevocations(io, accounts, cluster.relay, log);
      shareRoleChanges(io, accounts, cluster.relay, log);
    }
    // Before the cluster closes (cleanups run last first): the goodbye still reaches the other processes.
    cleanups.push(() => presence.close());

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? DEFAULT_PORT, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    cleanups.push(() => store.close());
    cleanups.push(() => accounts.store.close());
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          io.local.emit('notice', { code: 'shuttingDown', message: 'the server is shutting down: reconnect shortly' });
          void io.close(() => resolve());
          httpServer.closeAllConnections();
          // A websocket peer that stops reading would hold the close handshake for 30 s: cut it off.
          setTimeout(() => {
            for (const c of connections) c.destroy();
          }, 300).unref();
        }),
    );
    const address = httpServer.address();
    const httpPort = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);

    let cot: CotListener | null = null;
    if (cotPort !== null) {
      try {
        cot = await startCotListener({ host: config.host, port: cotPort, config, hub, metrics, log, ...(cotTls ? { tls: cotTls } : {}) });
        cleanups.push(() => cot?.close());
      } catch (e) {
        // The default port may be taken (another TAK tool): carry on without CoT rather than not start at all.
        if (options.cotPort !== undefined || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        log(`Cursor-on-Target port ${cotPort} is in use: CoT input is off (choose another with --cot-port)`);
      }
    }

    if (options.publishDemo !== false && config.defaultOperationId === DEMO_OPERATION_ID) {
      const existing = hub.planOf(DEMO_OPERATION_ID);
      if (!existing || Date.parse(existing.operation.endsAt) < now()) {
        // As a version, like any plan a planner publishes: Live shows "Plan vN" and the simulator follows it.
        const r = await versions.publish(demoOperation(now()), 'Operation Demo, as the server publishes it at start', 'Cordon server (demo)');
        if (!r.ok) throw new Error(`could not publish Operation Demo: ${r.error}`);
      }
    }

    hub.start();
    cleanups.push(() => hub.stop());

    let simulator: Simulator | null = null;
    if (options.simulate && options.simulate > 0) {
      const plan: OperationBundle = hub.planOf(config.defaultOperationId) ?? demoOperation(now());
      const streetsFile = options.streetsFile === undefined ? DEFAULT_STREETS_FILE : options.streetsFile;
      const graph = streetsFile ? await loadStreetGraph(streetsFile, planBBox(plan)) : null;
      const operationId = plan.operation.id;
      simulator = new Simulator({
        plan,
        count: options.simulate,
        graph,
        ...(options.simulateSeed !== undefined ? { seed: options.simulateSeed } : {}),
        now,
        ingest: (reports) => {
          hub.ingest(operationId, reports, { origin: 'sim' });
        },
      });
      simulator.start();
      cleanups.push(() => simulator?.stop());
      // A planner republishing the operation moves the simulated units to their new sectors and posts.
      cleanups.push(
        hub.onPlan((next) => {
          if (next.operation.id !== operationId || !simulator) return;
          const kept = simulator.setPlan(next);
          log(`simulator: following the republished plan of ${next.operation.name} (${kept} simulated units still in it)`);
        }),
      );
      log(
        `simulator: ${simulator.devices.length} devices in ${plan.operation.name} (${graph ? `${graph.nodes.length} street nodes` : 'no street data: random walks in sectors'})`,
      );
    }

    const sweep = () => {
      store
        .sweep(now() - config.retention.keepAfterCloseDays * 86_400_000, now())
        .then((r) => {
          if (r.positions + r.alertVersions > 0) {
            log(`retention: deleted ${r.positions} positions and ${r.alertVersions} alert versions of closed operations ${r.operations.join(', ')}`);
          }
        })
        .catch((e: unknown) => log(`retention: ${errorMessage(e)}`));
    };
    const reconcileMs = options.emergencyReconcileMs ?? 2000;
    if (store.kind === 'postgres' && reconcileMs > 0) {
      let reconciling = false;
      const reconcile = () => {
        if (reconciling) return;
        reconciling = true;
        hub
          .reconcileEmergencies()
          .catch((e: unknown) => log(`emergency reconciliation: ${errorMessage(e)}`))
          .finally(() => (reconciling = false));
      };
      const reconcileTimer = setInterval(reconcile, reconcileMs);
      reconcileTimer.unref();
      cleanups.push(() => clearInterval(reconcileTimer));
    }

    sweep();
    const sweepTimer = setInterval(sweep, config.retention.sweepEveryMin * 60_000);
    sweepTimer.unref();
    cleanups.push(() => clearInterval(sweepTimer));
    if (config.metricsLogEveryS > 0) {
      const t = setInterval(() => log(metrics.logLine()), config.metricsLogEveryS * 1000);
      t.unref();
      cleanups.push(() => clearInterval(t));
    }

    const url = `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${httpPort}`;
    log(
      `Cordon command server (protocol ${PROTOCOL_VERSION}) listening on ${url}` +
        `${cot ? `, Cursor-on-Target on ${cotTls ? 'mutual TLS ' : ''}tcp://${config.host}:${cot.port}` : ''}; store: ${store.kind}` +
        `${store instanceof SqliteStore ? ` (${store.file})` : ''}`,
    );
    if (!config.tls && !isLoopback(config.host)) log(plainHttpWarning(config.host, httpPort));
    if (dev) {
      log(
        `development config (loopback only): tokens ${Object.entries(DEV_TOKENS)
          .map(([role, token]) => `${role}=${token}`)
          .join(' ')}`,
      );
    }

    let closing: Promise<void> | null = null;
    return {
      url,
      httpPort,
      cotPort: cot?.port ?? null,
      config,
      hub,
      metrics,
      store,
      simulator,
      devTokens: dev,
      accounts,
      close: () => (closing ??= closeAll()),
      ...(options.testing ? { testing: { emitRaw: (event: string, payload: unknown) => void io.local.emit(event as 'notice', payload as never) } } : {}),
    };
  } catch (e) {
    await closeAll();
    await accounts.store.close().catch(() => undefined);
    if (typeof options.store !== 'object') await store.close();
    throw e;
  }
}

async function openStore(options: CommandServerOptions, log: Logger): Promise<Store> {
  if (typeof options.store === 'object') return options.store;
  if (options.store === 'memory') return new MemoryStore();
  if (options.store === 'postgres') {
    if (!options.pgUrl) throw new Error('store postgres needs a database URL (--pg postgres://user:password@host/database)');
    return PgStore.open(options.pgUrl, { log });
  }
  return new SqliteStore(path.resolve(options.dataDir ?? '.cordon-server'), { log });
}

/** Said at start when tokens would cross the network in clear text. */
export function plainHttpWarning(host: string, port: number): string {
  return [
    `WARNING: listening on ${host}:${port} without TLS.`,
    'WARNING: every token (users, feeds) and every position crosses the network in clear text: anyone on the path can read',
    'WARNING: them and reuse the tokens. Set "tls": { "certPath": "server.pem", "keyPath": "server.key" } in the config',
    'WARNING: (HTTPS and wss: on the same port), or bind to loopback (--host 127.0.0.1) behind a TLS-terminating proxy.',
  ].join('\n');
}

/** The plan's sectors' bounding box, widened by about 300 m. */
function planBBox(plan: OperationBundle): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of plan.features) {
    if (f.kind !== 'sector' || f.geometry.type !== 'Polygon') continue;
    for (const [x, y] of f.geometry.coordinates[0] ?? []) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  }
  if (!Number.isFinite(w)) return [-0.142, 51.516, -0.118, 51.53];
  return [w - 0.004, s - 0.003, e + 0.004, n + 0.003];
}

/** The decision logs' signing key: the configured file, the data dir's, or (memory store) one for this process. */
function logSigner(options: CommandServerOptions): LogSigner {
  if (options.logKeyFile) return loadOrCreateSigner(path.resolve(options.logKeyFile));
  if (options.store === 'memory' || typeof options.store === 'object') return ephemeralSigner();
  return loadOrCreateSigner(path.join(path.resolve(options.dataDir ?? '.cordon-server'), 'decision-log-key.pem'));
}
