/**
 * The server's configuration file (JSON), validated with zod. Without a file the server runs with DEV_CONFIG: demo
 * tokens that are printed at start and only accepted while the server listens on loopback.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Result } from '../shared/util/result';
import { DEMO_OPERATION_ID } from './demo/demoOperation';
import { describeZodError } from './util';
import { AuthConfig } from './auth/authConfig';

const Token = z.string().min(12, 'tokens must be at least 12 characters').max(500);
const Name = z.string().trim().min(1).max(120);

export const UserConfig = z.object({
  name: Name,
  role: z.enum(['viewer', 'controller', 'planner', 'commander', 'loggist']),
  token: Token,
  /** Rank, e.g. "Supt" (recorded beside the name on plan approvals). */
  rank: z.string().trim().min(1).max(60).optional(),
});
export type UserConfig = z.infer<typeof UserConfig>;

export const FeedConfig = z.object({
  name: Name,
  token: Token,
  /** Filled into reports that do not say how often their source reports. */
  expectedIntervalS: z.number().finite().min(1).max(3600).default(10),
  /** The operation HTTP batches without an operationId go to (default: its first operationIds, else the server's defaultOperationId). */
  operationId: z.string().min(1).max(100).optional(),
  /**
   * The operations this feed may post to (default: its operationId, else the server's defaultOperationId). Anything
   * else is refused (403), so a feed cannot create operations by naming them: made-up ids used to fill
   * limits.maxOperations for good. `['*']`: any operation (development only; such a feed can still fill the cap).
   */
  operationIds: z.array(z.string().min(1).max(100)).min(1).max(1000).optional(),
});
export type FeedConfig = z.infer<typeof FeedConfig>;

export const LimitsConfig = z.object({
  /** Largest socket.io message (engine.io maxHttpBufferSize); larger ones close the connection. */
  maxMessageBytes: z.number().int().min(10_000).max(100_000_000).default(4_000_000),
  /** Largest HTTP POST body; larger ones get 413. */
  maxHttpBodyBytes: z.number().int().min(10_000).max(100_000_000).default(4_000_000),
  /** Token bucket per user socket: sustained events per second and burst. */
  userEventsPerSecond: z.number().positive().max(10_000).default(20),
  userEventBurst: z.number().int().positive().max(100_000).default(60),
  /** Token bucket per feed socket / per feed token over HTTP (one batch is one event). */
  feedEventsPerSecond: z.number().positive().max(10_000).default(100),
  feedEventBurst: z.number().int().positive().max(100_000).default(200),
  /** A socket whose events are refused this many times for going too fast is disconnected (after one warning). */
  floodDisconnectAfter: z.number().int().min(1).max(100_000).default(50),
  maxSubscriptionsPerSocket: z.number().int().min(1).max(1000).default(10),
  maxOperations: z.number().int().min(1).max(10_000).default(100),
  maxUnitsPerOperation: z.number().int().min(1).max(1_000_000).default(100_000),
  /** Cap on the alert versions one `history` answer carries (with its first page). */
  historyMaxAlerts: z.number().int().min(1).max(1_000_000).default(20_000),
  /**
   * History is served in pages (server/history.ts): at most this many positions, and about this many bytes, per
   * page; at most `historyConcurrency` pages read at once, `historyQueueMax` more waiting (beyond: "server busy").
   */
  historyPageSize: z.number().int().min(1).max(100_000).default(5000),
  historyPageBytes: z.number().int().min(10_000).max(50_000_000).default(2_000_000),
  historyConcurrency: z.number().int().min(1).max(64).default(4),
  historyQueueMax: z.number().int().min(0).max(10_000).default(32),
  /**
   * A tick's delta is sent in parts of at most this many units, each with its own seq: a client handles one part per
   * message, so 10,000 units changing at once never hold its main thread for one long task.
   */
  maxUnitsPerDelta: z.number().int().min(100).max(1_000_000).default(1000),
  /** A subscriber that has not taken a tick for this long is told to resync. */
  resyncAfterMs: z.number().int().min(500).max(600_000).default(15_000),
  /** Reports stamped further in the future than this are refused (a wrong device clock would pin the unit). */
  maxFutureSkewS: z.number().min(0).max(86_400).default(300),
  /**
   * An emergency stamped more than this long before the server's clock is refused and counted, not raised: a replayed
   * capture (a 2020 CoT log) must not put a live emergency on every screen. Its position still goes to the history.
   */
  maxEmergencyAgeS: z.number().min(10).max(86_400).default(600),
  /** Cursor-on-Target: largest `<event>` and the connection cap. */
  maxCotMessageBytes: z.number().int().min(1000).max(10_000_000).default(64_000),
  maxCotConnections: z.number().int().min(1).max(100_000).default(200),
  cotMessagesPerSecond: z.number().positive().max(1_000_000).default(2000),
  cotMessageBurst: z.number().int().positive().max(10_000_000).default(10_000),
  /**
   * Cursor-on-Target connection hygiene: idle sockets from one address must not fill the listener (200 silent sockets
   * used to lock every device out). Raise the per-address cap for a TAK server or NAT that carries many devices.
   */
  maxCotConnectionsPerAddress: z.number().int().min(1).max(100_000).default(20),
  /** A CoT connection (its TLS handshake included) that has not delivered one complete event by then is closed. */
  cotFirstEventTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  /** A CoT connection silent for this long after its first event is closed (TAK devices reconnect by themselves). */
  cotIdleTimeoutMs: z.number().int().min(100).max(86_400_000).default(600_000),
  /**
   * Token bucket per feed name (its HTTP requests and sockets together), in reports: one feed once pushed 1.25M
   * reports in 15 s as 5000-report batches well within the per-batch bucket, and everyone's latency went 50 -> 500
   * ms. Over it, a batch is refused whole (429 / retryAfterMs) unless it carries an emergency.
   */
  feedReportsPerSecond: z.number().positive().max(1_000_000).default(2000),
  feedReportBurst: z.number().int().positive().max(10_000_000).default(10_000),
  /** Rows the store may have waiting to be written before feeds get 503 (emergencies still pass). */
  maxStoreBacklogRows: z.number().int().min(1000).max(100_000_000).default(200_000),
  /**
   * Token bucket of `sync:*` events per user socket, apart from `userEventsPerSecond`: a workstation back online drains
   * its outbox with one push per edit (1,000 offline edits in well under 10 s).
   */
  syncEventsPerSecond: z.number().positive().max(100_000).default(500),
  syncEventBurst: z.number().int().positive().max(1_000_000).default(2000),
});
export type LimitsConfig = z.infer<typeof LimitsConfig>;

export const AlertsConfig = z.object({
  /** A post with none of its assigned units within tolerance for this long (in the current phase) is uncovered. */
  postUncoveredAfterS: z.number().min(0).max(86_400).default(120),
  /** A post without its own toleranceM uses this. */
  defaultPostToleranceM: z.number().positive().max(5000).default(30),
  /** A unit is lost after this many of its expected reporting intervals without a report. */
  lostAfterIntervals: z.number().min(1).max(1000).default(5),
  /** Warn this long before a legal authority expires. */
  authorityWarningMin: z
    .number()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** How often time-based rules (posts, lost units, authorities) are evaluated. */
  evaluateEveryMs: z.number().int().min(100).max(60_000).default(1000),
});
export type AlertsConfig = z.infer<typeof AlertsConfig>;

export const ServerConfig = z
  .object({
    /** Listening address for HTTP/socket.io and CoT. Loopback unless you mean to serve a network. */
    host: z.string().min(1).max(200).default('127.0.0.1'),
    users: z.array(UserConfig).max(10_000).default([]),
    feeds: z.array(FeedConfig).max(10_000).default([]),
    retention: z
      .object({
        /**
         * Position and alert history is disclosure material for years: an operation's history is kept until it is
         * closed, plus this many days (default about seven years), and never while it is under legal hold. Each
         * deletion is recorded in the store's retention log.
         */
        keepAfterCloseDays: z.number().min(0).max(36_500).default(2557),
        sweepEveryMin: z
          .number()
          .positive()
          .max(24 * 60)
          .default(10),
      })
      .prefault({}),
    tls: z.object({ certPath: z.string().min(1), keyPath: z.string().min(1) }).optional(),
    limits: LimitsConfig.prefault({}),
    alerts: AlertsConfig.prefault({}),
    /**
     * The fan-out tick: one coalesced delta (in parts, see limits.maxUnitsPerDelta) per operation per tick. 100 ms
     * halves the wait for the next tick against 200 ms at the same server CPU (bench: p99 ingest-to-client 145 ms
     * against 232-278 ms for 10,000 units at 1 Hz to 20 clients).
     */
    tickMs: z.number().int().min(20).max(5000).default(100),
    /**
     * A subscriber that has had nothing from an operation for this long gets a `heartbeat` (checked every tick, so
     * the spacing is rounded up to a whole tick). Keep it well under the app's 10 s stall limit so that a quiet
     * operation does not look like a stalled link.
     */
    heartbeatMs: z
      .number()
      .int()
      .min(100, 'heartbeatMs must be at least 100 ms')
      .max(9000, "heartbeatMs must stay under the app's 10 s stall limit (at most 9000 ms)")
      .default(2000),
    /** Browser origins allowed to use the polling transport (`true`: any; tokens, not cookies, carry authority). */
    corsOrigins: z.union([z.literal(true), z.array(z.string().max(200)).max(100)]).default(true),
    cot: z
      .object({
        enabled: z.boolean().default(true),
        /** 8087 is TAK's plain-TCP CoT port; 0 picks a free one. */
        port: z.number().int().min(0).max(65_535).default(8087),
        /** The operation CoT positions go to (default: defaultOperationId). */
        operationId: z.string().min(1).max(100).optional(),
        expectedIntervalS: z.number().min(1).max(3600).default(15),
        /**
         * Mutual TLS, like TAK Server's streaming port 8089: the listener presents certFile/keyFile and takes only
         * devices whose client certificate is signed by caFile (PEM files).
         */
        tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1), caFile: z.string().min(1) }).optional(),
        /** Accept plain, unauthenticated CoT on a non-loopback host (anyone who can reach the port can feed). */
        allowPlainOnNetwork: z.boolean().default(false),
      })
      .prefault({}),
    /** Where sources that do not name an operation (CoT, the simulator, HTTP without operationId) report to. */
    defaultOperationId: z.string().min(1).max(100).default(DEMO_OPERATION_ID),
    /** Log the counters this often (0: never). */
    metricsLogEveryS: z.number().min(0).max(86_400).default(60),
    /**
     * The user roles whose bearer token may read `GET /metrics`. Counters describe the deployment (connections,
     * refusals, operations), so by default only the control room's controllers and commanders see them. Give a
     * monitoring system its own user with one of these roles.
     */
    metricsRoles: z
      .array(UserConfig.shape.role)
      .min(1, 'metricsRoles needs at least one role (leave it out for the default: controller, commander)')
      .default(['controller', 'commander']),
    /** How people sign in: named accounts with passwords, or an OpenID Connect provider (server/auth/authConfig.ts). */
    auth: AuthConfig.prefault({}),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    for (const t of [...c.users.map((u) => u.token), ...c.feeds.map((f) => f.token)]) {
      if (seen.has(t)) ctx.addIssue({ code: 'custom', message: 'every user and feed needs its own token (a token is used twice)' });
      seen.add(t);
    }
    c.feeds.forEach((f, i) => {
      if (f.operationId && f.operationIds && !f.operationIds.includes(f.operationId) && !f.operationIds.includes('*')) {
        ctx.addIssue({ code: 'custom', path: ['feeds', i, 'operationId'], message: `must be one of the feed's operationIds (${f.operationIds.join(', ')})` });
      }
    });
  });
export type ServerConfig = z.infer<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

/** The development tokens (documented, printed at start; refused unless the server is on loopback). */
export const DEV_TOKENS = {
  viewer: 'cordon-dev-viewer',
  controller: 'cordon-dev-controller',
  planner: 'cordon-dev-planner',
  commander: 'cordon-dev-commander',
  feed: 'cordon-dev-feed',
  loggist: 'cordon-dev-loggist',
} as const;

export const DEV_CONFIG: ServerConfigInput = {
  host: '127.0.0.1',
  users: [
    { name: 'Dev viewer', role: 'viewer', token: DEV_TOKENS.viewer },
    { name: 'Dev controller', role: 'controller', token: DEV_TOKENS.controller },
    { name: 'Dev planner', role: 'planner', token: DEV_TOKENS.planner },
    { name: 'Dev commander', role: 'commander', token: DEV_TOKENS.commander, rank: 'Supt' },
    { name: 'Dev loggist', role: 'loggist', token: DEV_TOKENS.loggist },
  ],
  // Any operation: the demo, the simulator, tests and benchmarks post to operations of their own on loopback.
  feeds: [{ name: 'Dev feed', token: DEV_TOKENS.feed, expectedIntervalS: 10, operationIds: ['*'] }],
};

export const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1' || /^127\./.test(host);

export function parseConfig(input: unknown): Result<ServerConfig> {
  const r = ServerConfig.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `invalid server config: ${describeZodError(r.error)}` };
}

export function loadConfigFile(path: string): Result<ServerConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, error: `cannot read config ${path}: ${(e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `config ${path} is not valid JSON: ${(e as Error).message}` };
  }
  return parseConfig(json);
}

export function devConfig(): ServerConfig {
  return ServerConfig.parse(DEV_CONFIG);
}
