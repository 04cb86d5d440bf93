/**
 * Plain HTTP beside socket.io (which answers under /socket.io/ itself):
 *   GET  /health          liveness and the protocol version
 *   GET  /metrics         the counters, as JSON (Authorization: Bearer <token of a user in config.metricsRoles>)
 *   POST /api/positions   a JSON batch of position reports from a feed (Authorization: Bearer <feed token>)
 * Errors are JSON `{ ok: false, error, items? }` with the right status: 400 (malformed JSON, wrong types: each bad item
 * is named by index), 401 (no or unknown token), 403 (a token whose role may not do this, or an operation the feed
 * may not post to), 413 (too large), 429 (too fast: over the feed's reports per second), 503 (the store is behind, or
 * the reports could not be stored). 429 and 503 carry Retry-After and accept nothing of the batch, so a feed can send
 * the same batch again; a batch carrying an emergency is never refused for load (see admission.ts).
 * A batch is answered 200 only once the hub says its reports are durable (committed to the store).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { MAX_BATCH, PositionReport, PROTOCOL_VERSION } from '../shared/protocol';
import { carriesEmergency, retryAfterSeconds, type Admission } from './admission';
import type { ServerConfig } from './config';
import type { Hub } from './hub';
import type { Metrics } from './metrics';
import type { Principal } from './sockets';
import { describeZodError, errorMessage, TokenBucket } from './util';

const Envelope = z.object({
  operationId: z.string().min(1).max(100).optional(),
  positions: z.array(z.unknown()).min(1, 'at least one position').max(MAX_BATCH, `at most ${MAX_BATCH} positions per request`),
});
const MAX_ITEM_ERRORS = 100;

export interface HttpDeps {
  hub: Hub;
  config: ServerConfig;
  metrics: Metrics;
  tokens: Map<string, Principal>;
  /** Shared with the socket handlers: one budget per feed whichever way it sends. */
  admission: Admission;
  /** Sign-in endpoints (server/auth/httpAuth.ts): true when they answered the request. */
  authRoutes?: (
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ) => boolean;
}

export function createRequestHandler({ hub, config, metrics, tokens, admission, authRoutes }: HttpDeps) {
  const buckets = new Map<string, TokenBucket>();
  const metricsRoles = new Set<string>(config.metricsRoles);
  const metricsRoleList = config.metricsRoles.join(' or ');

  return (req: IncomingMessage, res: ServerResponse): void => {
    metrics.inc('http.requests');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.headersSent) return;
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...headers,
      });
      res.end(text);
    };
    const fail = (status: number, counter: string, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
      metrics.inc(`http.refused.${counter}`);
      send(status, { ok: false, error, ...extra }, headers);
    };

    if (url.pathname === '/health' && req.method === 'GET') return send(200, { ok: true, protocolVersion: PROTOCOL_VERSION });
    if (url.pathname === '/metrics' && req.method === 'GET') {
      const caller = bearer(req, tokens);
      if (caller.kind !== 'known') {
        return fail(
          401,
          'unauthorized',
          caller.kind === 'unknown' ? 'unknown token' : `missing Authorization: Bearer <token> (of a ${metricsRoleList} user)`,
          {},
          { 'www-authenticate': 'Bearer' },
        );
      }
      if (!metricsRoles.has(caller.who.role)) {
        return fail(403, 'forbidden', `forbidden: the ${caller.who.role} role may not read metrics (allowed: ${metricsRoleList}; config metricsRoles)`);
      }
      return send(200, metrics.snapshot());
    }
    if (authRoutes?.(req, res, url.pathname, send)) return;
    if (url.pathname !== '/api/positions') return fail(404, 'notFound', `no such endpoint: ${req.method} ${url.pathname}`);
    if (req.method !== 'POST') return fail(405, 'method', 'use POST', {}, { allow: 'POST' });

    const caller = bearer(req, tokens);
    if (caller.kind !== 'known') {
      req.resume();
      return fail(
        401,
        'unauthorized',
        caller.kind === 'unknown' ? 'unknown token' : 'missing Authorization: Bearer <feed token>',
        {},
        { 'www-authenticate': 'Bearer' },
      );
    }
    const who = caller.who;
    if (who.role !== 'feed') {
      req.resume();
      return fail(403, 'forbidden', `forbidden: the ${who.role} role may not post positions (use a feed token)`);
    }
    const limit = config.limits.maxHttpBodyBytes;
    const tooLarge = () => fail(413, 'tooLarge', `request body too large (limit ${limit} bytes)`, {}, { connection: 'close' });
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      tooLarge();
      // Let the client read the answer, then hang up rather than read the rest.
      res.on('finish', () => setTimeout(() => req.socket.destroy(), 200).unref());
      req.on('data', () => undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        tooLarge();
        res.on('finish', () => setTimeout(() => req.socket.destroy(), 200).unref());
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      done = true;
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        return fail(400, 'malformed', `malformed JSON: ${(e as Error).message}`);
      }
      // Requests per second (each costs parsing): checked once the body is read so that an emergency is never held back.
      let bucket = buckets.get(who.name);
      if (!bucket) {
        bucket = new TokenBucket(config.limits.feedEventsPerSecond, config.limits.feedEventBurst, Date.now());
        buckets.set(who.name, bucket);
      }
      if (carriesEmergency(json)) bucket.force(Date.now());
      else if (!bucket.take(Date.now())) {
        return fail(429, 'rateLimited', 'rate limited: too many requests', {}, { 'retry-after': retryAfterSeconds(bucket.waitMs(Date.now())) });
      }
      const env = Envelope.safeParse(Array.isArray(json) ? { positions: json } : json);
      if (!env.success) return fail(400, 'invalid', `invalid batch: ${describeZodError(env.error)}`);
      const reports: PositionReport[] = [];
      const items: { index: number; error: string }[] = [];
      let bad = 0;
      env.data.positions.forEach((raw, index) => {
        const withDefaults =
          raw !== null && typeof raw === 'object' && !Array.isArray(raw)
            ? { source: 'http', expectedIntervalS: who.feedIntervalS ?? 10, ...(raw as object) }
            : raw;
        const r = PositionReport.safeParse(withDefaults);
        const error = r.success ? hub.checkReport(r.data) : describeZodError(r.error);
        if (error !== null || !r.success) {
          bad++;
          if (items.length < MAX_ITEM_ERRORS) items.push({ index, error: error ?? 'invalid' });
        } else reports.push(r.data);
      });
      if (bad > 0) {
        return fail(400, 'invalid', `${bad} of ${env.data.positions.length} positions are invalid; none were accepted`, { items });
      }
      const operationId = env.data.operationId ?? admission.defaultOperation(who.name);
      void ingest(who.name, operationId, reports);
    });

    async function ingest(feedName: string, operationId: string, reports: PositionReport[]): Promise<void> {
      // In this order: a batch for an operation the feed may not use spends nothing of its budget.
      const allowed = admission.mayFeedPost(feedName, operationId);
      const admit = allowed.ok ? admission.admitBatch(feedName, reports) : allowed;
      if (!admit.ok) {
        metrics.inc(`positions.refused.${admit.reason}`, reports.length);
        const headers: Record<string, string> = admit.retryAfterMs === undefined ? {} : { 'retry-after': retryAfterSeconds(admit.retryAfterMs) };
        return fail(admit.status, admit.status === 403 ? 'forbidden' : admit.reason, admit.error, {}, headers);
      }
      // Worth watching: a feed whose emergencies keep going over its budget is also flooding.
      if (admit.forced) metrics.inc('positions.emergencyOverLimit');
      try {
        const result = hub.ingest(operationId, reports, { origin: `feed:${feedName}`, waitDurable: true });
        if (!result.ok) {
          admission.refund(feedName, reports.length);
          return fail(409, 'refused', result.error);
        }
        // The hub's group commit: answer only once the reports are in the store, so a 200 means they survive a crash.
        await result.value.durable;
        send(200, { ok: true, operationId, accepted: result.value.accepted });
      } catch (e) {
        fail(503, 'notStored', `not stored: ${errorMessage(e)}`, {}, { 'retry-after': '1' });
      }
    }
  };
}

/** Who the request's `Authorization: Bearer <token>` belongs to. */
function bearer(req: IncomingMessage, tokens: Map<string, Principal>): { kind: 'missing' } | { kind: 'unknown' } | { kind: 'known'; who: Principal } {
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (!token) return { kind: 'missing' };
  const who = tokens.get(token);
  return who ? { kind: 'known', who } : { kind: 'unknown' };
}
