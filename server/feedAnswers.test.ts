/**
 * How feeds are answered under load, with a fake hub and store backlog so that the commit can be held and failed and
 * the backlog set at will: a feed is answered only once its reports are committed (when the hub's ingest result
 * carries `durable`, HTTP and the socket `positions` acknowledgement wait for it, and say "not stored" if the commit
 * fails), and gets 503 while the store is too far behind, except for emergencies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { Admission } from './admission';
import { devConfig, DEV_TOKENS, type ServerConfig } from './config';
import type { CordonServer, Hub } from './hub';
import { createRequestHandler } from './http';
import { Metrics } from './metrics';
import { attachSockets, principals } from './sockets';
import { connect, report, request, waitFor } from './testing';

let closeAll: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeAll?.();
  closeAll = null;
});

/** A hub whose ingest answers with the given `durable` promise. */
function fakeHub(durable: () => Promise<void> | undefined) {
  const calls: string[] = [];
  const hub = {
    checkReport: () => null,
    ingest: (operationId: string, reports: unknown[]) => {
      calls.push(operationId);
      const d = durable();
      return { ok: true, value: { accepted: reports.length, ...(d ? { durable: d } : {}) } };
    },
    dropSocket: () => undefined,
  };
  return { hub: hub as unknown as Hub, calls };
}

async function start(hub: Hub, backlog = () => 0, limits: Partial<ServerConfig['limits']> = {}): Promise<string> {
  const config = devConfig();
  Object.assign(config.limits, limits);
  const metrics = new Metrics();
  const tokens = principals(config);
  const admission = new Admission({ config, backlog });
  const server = http.createServer(createRequestHandler({ hub, config, metrics, tokens, admission }));
  const io: CordonServer = new Server(server, { serveClient: false });
  attachSockets({ io, hub, config, metrics, log: () => undefined, tokens, admission });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closeAll = async () => {
    await io.close();
    server.closeAllConnections();
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, positions = [report('d1')]) =>
  fetch(`${url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_TOKENS.feed}` },
    body: JSON.stringify({ operationId: 'op-d', positions }),
  });

describe('answers once the reports are durable', () => {
  it('HTTP waits for the commit, and answers 503 "not stored" when it fails', async () => {
    let commit: () => void = () => undefined;
    let mode: 'hold' | 'fail' | 'none' = 'hold';
    const { hub, calls } = fakeHub(() =>
      mode === 'hold' ? new Promise<void>((r) => (commit = r)) : mode === 'fail' ? Promise.reject(new Error('disk full')) : undefined,
    );
    const url = await start(hub);
    let answered = false;
    const pending = post(url).then((r) => ((answered = true), r));
    // The reports reached the hub and their commit is held: from here the server must not answer.
    await waitFor(() => calls.length === 1, 5000, 'the reports at the hub');
    // Proving an answer does NOT come needs a window of time (a premature one would arrive within a few ms).
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    commit();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, operationId: 'op-d', accepted: 1 });
    mode = 'fail';
    const failed = await post(url);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({ ok: false, error: 'not stored: disk full' });
    mode = 'none'; // today's hub: no durable, answered at once
    expect((await post(url)).status).toBe(200);
  });

  it('the socket acknowledgement waits for the commit too, and carries no promise', async () => {
    let commit: () => void = () => undefined;
    let mode: 'hold' | 'fail' = 'hold';
    const { hub, calls } = fakeHub(() => (mode === 'hold' ? new Promise<void>((r) => (commit = r)) : Promise.reject(new Error('disk full'))));
    const url = await start(hub);
    const feed = await connect(url, DEV_TOKENS.feed);
    try {
      let answered = false;
      const pending = request(feed, 'positions', { operationId: 'op-d', positions: [report('d1')] }).then((r) => ((answered = true), r));
      await waitFor(() => calls.length === 1, 5000, 'the reports at the hub');
      // As above: a window in which the acknowledgement must not come.
      await new Promise((r) => setTimeout(r, 100));
      expect(answered).toBe(false);
      commit();
      expect(await pending).toEqual({ ok: true, value: { accepted: 1 } });
      mode = 'fail';
      expect(await request(feed, 'positions', { operationId: 'op-d', positions: [report('d2')] })).toEqual({ ok: false, error: 'not stored: disk full' });
    } finally {
      feed.close();
    }
  });
});

describe('store backlog', () => {
  it('answers 503 with Retry-After while the store is too far behind, lets emergencies through, and admits again once it drains', async () => {
    let backlog = 250_000;
    const { hub, calls } = fakeHub(() => undefined);
    const url = await start(hub, () => backlog);
    const busy = await post(url);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(((await busy.json()) as { error: string }).error).toBe('store busy: 250000 rows waiting to be written (limit 200000); send again later');
    expect(calls).toEqual([]); // nothing of it was ingested
    expect((await post(url, [report('sos', { status: 'emergency' })])).status).toBe(200);
    const feed = await connect(url, DEV_TOKENS.feed);
    try {
      expect(await request(feed, 'positions', { operationId: 'op-d', positions: [report('d1')] })).toMatchObject({
        ok: false,
        error: /^store busy/,
        retryAfterMs: 1000,
      });
      backlog = 1000;
      expect((await post(url)).status).toBe(200);
      expect(await request(feed, 'positions', { operationId: 'op-d', positions: [report('d1')] })).toEqual({ ok: true, value: { accepted: 1 } });
    } finally {
      feed.close();
    }
  });
});

describe('events per second', () => {
  it('never holds back an emergency, over HTTP or a socket, when the feed is over its requests per second', async () => {
    const { hub } = fakeHub(() => undefined);
    const url = await start(hub, () => 0, { feedEventsPerSecond: 0.01, feedEventBurst: 1, floodDisconnectAfter: 100 });
    expect((await post(url)).status).toBe(200);
    expect((await post(url)).status).toBe(429);
    expect((await post(url, [report('sos', { status: 'emergency' })])).status).toBe(200);
    const feed = await connect(url, DEV_TOKENS.feed);
    try {
      expect((await request(feed, 'positions', { operationId: 'op-d', positions: [report('d1')] })).ok).toBe(true);
      expect(await request(feed, 'positions', { operationId: 'op-d', positions: [report('d1')] })).toEqual({
        ok: false,
        error: 'rate limited: too many events',
      });
      const sos = await request(feed, 'positions', { operationId: 'op-d', positions: [report('sos', { status: 'emergency' })] });
      expect(sos).toEqual({ ok: true, value: { accepted: 1 } });
    } finally {
      feed.close();
    }
  });
});
