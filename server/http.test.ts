import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandServer } from './createServer';
import { DEMO_OPERATION_ID } from './demo/demoOperation';
import { DEV_TOKENS, report, startTestServer } from './testing';

let server: CommandServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const OP = 'op-http';
const post = (body: string, token: string | null = DEV_TOKENS.feed, headers: Record<string, string> = {}) =>
  fetch(`${server!.url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });

describe('POST /api/positions', () => {
  it('accepts a good batch and ingests it', async () => {
    server = await startTestServer();
    const res = await post(JSON.stringify({ operationId: OP, positions: [report('h1', { source: 'http' }), { ...report('h2'), source: undefined }] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, operationId: OP, accepted: 2 });
    expect(server.hub.units(OP).map((u) => [u.id, u.source])).toEqual([
      ['h1', 'http'],
      ['h2', 'http'],
    ]);
    expect(server.metrics.get('positions.ingested.http')).toBe(2);
  });

  it('sends a bare array to the default operation', async () => {
    server = await startTestServer();
    const res = await post(JSON.stringify([report('h1')]));
    expect(await res.json()).toMatchObject({ ok: true, operationId: DEMO_OPERATION_ID, accepted: 1 });
  });

  it('answers malformed JSON with 400 and a reason', async () => {
    server = await startTestServer();
    const res = await post('{"operationId": "x", "positions": [');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ok: boolean; error: string };
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/^malformed JSON/);
    expect(server.metrics.get('http.refused.malformed')).toBe(1);
  });

  it('names every bad item by index and field, and accepts none of the batch', async () => {
    server = await startTestServer();
    const res = await post(
      JSON.stringify({
        operationId: OP,
        positions: [report('ok'), { ...report('b1'), lat: 'north' }, report('ok2'), { ...report('b2'), lon: 200, status: 'asleep' }, 'nonsense'],
      }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; items: { index: number; error: string }[] };
    expect(body.error).toBe('3 of 5 positions are invalid; none were accepted');
    expect(body.items.map((i) => i.index)).toEqual([1, 3, 4]);
    expect(body.items[0]!.error).toMatch(/^lat:/);
    expect(body.items[1]!.error).toMatch(/lon/);
    expect(body.items[1]!.error).toMatch(/status/);
    expect(server.hub.planOf(OP)).toBeNull();
    expect(server.metrics.get('positions.ingested.http')).toBe(0);
    const empty = await post(JSON.stringify({ operationId: OP, positions: [] }));
    expect(empty.status).toBe(400);
    const future = await post(JSON.stringify({ positions: [report('f', { time: new Date(Date.now() + 3600_000).toISOString() })] }));
    expect(((await future.json()) as { items: { error: string }[] }).items[0]!.error).toMatch(/in the future/);
  });

  it('refuses a huge payload with 413', async () => {
    server = await startTestServer({ config: { feeds: [{ name: 'f', token: 'feed-token-1234' }], limits: { maxHttpBodyBytes: 100_000 } } });
    const huge = JSON.stringify({ positions: Array.from({ length: 2000 }, (_, i) => report(`u${i}`)) });
    expect(huge.length).toBeGreaterThan(100_000);
    const res = await post(huge, 'feed-token-1234');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/too large/);
    // Chunked (no content-length): cut off while streaming.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${server!.url}/api/positions`,
        { method: 'POST', headers: { authorization: 'Bearer feed-token-1234', 'transfer-encoding': 'chunked' } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(huge.slice(i * 10_000, (i + 1) * 10_000));
      req.end();
    });
    expect(status).toBe(413);
    expect(server.metrics.get('http.refused.tooLarge')).toBe(2);
  });

  it('refuses a missing or wrong token with 401, and a user token with 403', async () => {
    server = await startTestServer();
    const body = JSON.stringify({ operationId: OP, positions: [report('x')] });
    const none = await post(body, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await post(body, 'wrong-token-123');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe('unknown token');
    const user = await post(body, DEV_TOKENS.controller);
    expect(user.status).toBe(403);
    expect(server.metrics.get('http.refused.unauthorized')).toBe(2);
  });

  it('rate-limits a feed that posts too fast (429)', async () => {
    server = await startTestServer({
      config: { feeds: [{ name: 'f', token: 'feed-token-1234', operationIds: [OP] }], limits: { feedEventsPerSecond: 1, feedEventBurst: 3 } },
    });
    const body = JSON.stringify({ operationId: OP, positions: [report('x')] });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(body, 'feed-token-1234')).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
  });
});

const getMetrics = (token: string | null) => fetch(`${server!.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('GET /metrics and /health', () => {
  it('serves the counters as JSON to a controller or commander', async () => {
    server = await startTestServer();
    await post('not json');
    const res = await getMetrics(DEV_TOKENS.controller);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const m = (await res.json()) as { counters: Record<string, number>; gauges: Record<string, number> };
    expect(m.counters['http.refused.malformed']).toBe(1);
    expect(m.gauges).toHaveProperty('connections');
    expect(m.gauges).toHaveProperty('units');
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toEqual({ ok: true, protocolVersion: '1.0' });
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
    expect((await getMetrics(DEV_TOKENS.commander)).status).toBe(200);
  });

  it('refuses the counters without a token (401), with an unknown one (401), and to other roles (403), saying why', async () => {
    server = await startTestServer();
    const none = await getMetrics(null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toEqual({ ok: false, error: 'missing Authorization: Bearer <token> (of a controller or commander user)' });
    const wrong = await getMetrics('wrong-token-123');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error: 'unknown token' });
    for (const token of [DEV_TOKENS.viewer, DEV_TOKENS.planner, DEV_TOKENS.feed]) {
      const r = await getMetrics(token);
      expect(r.status).toBe(403);
      expect(((await r.json()) as { error: string }).error).toMatch(
        /^forbidden: the (viewer|planner|feed) role may not read metrics \(allowed: controller or commander; config metricsRoles\)$/,
      );
    }
    expect(server.metrics.get('http.refused.unauthorized')).toBe(2);
    expect(server.metrics.get('http.refused.forbidden')).toBe(3);
  });

  it('lets config.metricsRoles choose who may read them', async () => {
    server = await startTestServer({ config: { metricsRoles: ['viewer'] } });
    expect((await getMetrics(DEV_TOKENS.viewer)).status).toBe(200);
    expect((await getMetrics(DEV_TOKENS.controller)).status).toBe(403);
    await expect(startTestServer({ config: { metricsRoles: [] } })).rejects.toThrow(/metricsRoles needs at least one role/);
    await expect(startTestServer({ config: { metricsRoles: ['feed' as 'viewer'] } })).rejects.toThrow(/metricsRoles\[0\]/);
  });
});

describe('admission of feed batches', () => {
  const F = { name: 'f', token: 'feed-token-1234', operationId: 'op-a' };
  const G = { name: 'g', token: 'feed-token-5678', operationIds: ['op-b', 'op-c'] };

  it('refuses (403) a feed posting to an operation its config does not name, so made-up ids never use up maxOperations', async () => {
    server = await startTestServer({ config: { feeds: [F, G] } });
    for (let i = 0; i < 97; i++) {
      const res = await post(JSON.stringify({ operationId: `made-up-${i}`, positions: [report('x')] }), F.token);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ ok: false, error: 'forbidden: feed "f" may only post to "op-a"' });
    }
    expect(server.hub.units('made-up-0')).toEqual([]);
    expect(server.metrics.get('positions.refused.operation')).toBe(97);
    expect(server.metrics.get('http.refused.forbidden')).toBe(97);
    // Its own operation, named or by default, and another feed's list.
    expect(await (await post(JSON.stringify({ operationId: 'op-a', positions: [report('a1')] }), F.token)).json()).toMatchObject({
      ok: true,
      operationId: 'op-a',
    });
    expect(await (await post(JSON.stringify([report('a2')]), F.token)).json()).toMatchObject({ ok: true, operationId: 'op-a' });
    expect(await (await post(JSON.stringify({ operationId: 'op-c', positions: [report('c1')] }), G.token)).json()).toMatchObject({
      ok: true,
      operationId: 'op-c',
    });
    expect(await (await post(JSON.stringify([report('b1')]), G.token)).json()).toMatchObject({ ok: true, operationId: 'op-b' });
    const wrong = await post(JSON.stringify({ operationId: 'op-a', positions: [report('x')] }), G.token);
    expect(((await wrong.json()) as { error: string }).error).toBe('forbidden: feed "g" may only post to "op-b", "op-c"');
  });

  it('limits reports per second per feed: 429 with Retry-After for the whole batch, emergencies still get through, other feeds unaffected', async () => {
    server = await startTestServer({ config: { feeds: [F, G], limits: { feedReportsPerSecond: 100, feedReportBurst: 1000 } } });
    const batch = (prefix: string, n: number, p = {}) => JSON.stringify({ positions: Array.from({ length: n }, (_, i) => report(`${prefix}${i}`, p)) });
    expect((await post(batch('a', 1000), F.token)).status).toBe(200);
    const over = await post(batch('b', 500), F.token);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(4);
    expect(retryAfter).toBeLessThanOrEqual(5); // 500 reports at 100/s
    expect(((await over.json()) as { error: string }).error).toMatch(/^rate limited: /);
    expect(server.hub.units('op-a').some((u) => u.id.startsWith('b'))).toBe(false); // none of that batch
    expect(server.metrics.get('positions.refused.rate')).toBe(500);
    // The same feed's emergency is never held back, even in a big batch.
    const sos = JSON.stringify({ positions: [report('sos', { status: 'emergency' }), ...Array.from({ length: 300 }, (_, i) => report(`e${i}`))] });
    expect((await post(sos, F.token)).status).toBe(200);
    expect((await post(JSON.stringify([report('sos', { cancelEmergency: true })]), F.token)).status).toBe(200);
    expect(server.metrics.get('positions.emergencyOverLimit')).toBe(2);
    // Another feed has its own budget.
    expect((await post(batch('g', 1000), G.token)).status).toBe(200);
  });
});
