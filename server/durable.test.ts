/**
 * A feed is answered only once its reports are committed: when the hub's ingest result carries `durable`, HTTP and the
 * socket `positions` acknowledgement wait for it, and say "not stored" (503) if the commit fails. A fake hub stands in
 * for the real one so that the commit can be held and failed at will.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { Admission } from './admission';
import { devConfig, DEV_TOKENS } from './config';
import type { CordonServer, Hub } from './hub';
import { createRequestHandler } from './http';
import { Metrics } from './metrics';
import { attachSockets, principals } from './sockets';
import { connect, report, request } from './testing';

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

async function start(hub: Hub): Promise<string> {
  const config = devConfig();
  const metrics = new Metrics();
  const tokens = principals(config);
  const admission = new Admission({ config, backlog: () => 0 });
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

const post = (url: string) =>
  fetch(`${url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_TOKENS.feed}` },
    body: JSON.stringify({ operationId: 'op-d', positions: [report('d1')] }),
  });

describe('answers once the reports are durable', () => {
  it('HTTP waits for the commit, and answers 503 "not stored" when it fails', async () => {
    let commit: () => void = () => undefined;
    let mode: 'hold' | 'fail' | 'none' = 'hold';
    const { hub } = fakeHub(() =>
      mode === 'hold' ? new Promise<void>((r) => (commit = r)) : mode === 'fail' ? Promise.reject(new Error('disk full')) : undefined,
    );
    const url = await start(hub);
    let answered = false;
    const pending = post(url).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 150));
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
    const { hub } = fakeHub(() => (mode === 'hold' ? new Promise<void>((r) => (commit = r)) : Promise.reject(new Error('disk full'))));
    const url = await start(hub);
    const feed = await connect(url, DEV_TOKENS.feed);
    try {
      let answered = false;
      const pending = request(feed, 'positions', { operationId: 'op-d', positions: [report('d1')] }).then((r) => ((answered = true), r));
      await new Promise((r) => setTimeout(r, 150));
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
