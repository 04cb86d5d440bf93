/**
 * `sync:head` through the socket wrapper, against a real socket.io server on loopback: a good notice reaches the
 * listeners parsed, a malformed one is dropped and counted, and an unsubscribed listener hears nothing more.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, SyncHeadNotice } from '../../shared/protocol';
import { connectLive, type LiveConnection } from './liveClient';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('passes parsed sync:head notices to listeners and drops malformed ones', async () => {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise<void>((r) => io.close(() => r())));
  const c: LiveConnection = connectLive({
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    token: 'dev-controller-token',
    requestTimeoutMs: 2000,
  });
  cleanup.push(() => c.close());
  const heard: SyncHeadNotice[] = [];
  const off = c.onSyncHead((n) => heard.push(n));
  let connected = false;
  c.onLink((l) => (connected = l.phase === 'connected'));
  await until(() => connected);

  io.emit('sync:head', { operationId: 'op-1', headSeq: -1, openConflicts: 0 } as never);
  io.emit('sync:head', { operationId: 'op-1', headSeq: 7, openConflicts: 1 });
  await until(() => heard.length === 1);
  expect(heard).toEqual([{ operationId: 'op-1', headSeq: 7, openConflicts: 1 }]);
  expect(c.stats().invalidMessages).toBe(1);

  off();
  io.emit('sync:head', { operationId: 'op-1', headSeq: 8, openConflicts: 0 });
  io.emit('sync:head', { operationId: 'op-1', headSeq: -2, openConflicts: 0 } as never);
  await until(() => c.stats().invalidMessages === 2);
  expect(heard).toHaveLength(1);
});
