/**
 * How clients reach the server: HTTP long polling (for networks whose proxies block WebSockets) and the warning a
 * server gives when it would carry tokens in clear text over a network.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../shared/protocol';
import type { CommandServer } from './createServer';
import { collectDeltas, connect, DEV_TOKENS, report, request, startTestServer, waitFor, type Client } from './testing';

const OP = 'op-transport';
let server: CommandServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = null;
});

describe('long polling', () => {
  it('connects, subscribes and receives deltas over HTTP long polling only (no WebSocket upgrade)', async () => {
    server = await startTestServer();
    const polling: Client = io(server.url, {
      auth: { token: DEV_TOKENS.viewer, protocolVersion: PROTOCOL_VERSION },
      transports: ['polling'],
      upgrade: false,
      reconnection: false,
      forceNew: true,
    });
    clients.push(polling);
    await new Promise<void>((resolve, reject) => {
      polling.once('connect', resolve);
      polling.once('connect_error', reject);
    });
    expect(polling.io.engine.transport.name).toBe('polling');
    const deltas = collectDeltas(polling);
    const snap = await request(polling, 'subscribe', { operationId: OP });
    expect(snap.ok).toBe(true);

    const feed = await connect(server.url, DEV_TOKENS.feed);
    clients.push(feed);
    expect((await request(feed, 'positions', { operationId: OP, positions: [report('over-polling')] })).ok).toBe(true);
    await waitFor(() => deltas.some((d) => d.units.some((u) => u.id === 'over-polling')), 5000, 'a delta over long polling');
    expect(polling.io.engine.transport.name).toBe('polling');
    // The plain HTTP endpoints still answer beside socket.io.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });
});

describe('the clear-text warning', () => {
  it('warns loudly, naming the host and the tls setting, when it listens off loopback without TLS', async () => {
    const lines: string[] = [];
    // All interfaces, but no traffic: the test only reads the start-up log.
    server = await startTestServer({ config: { host: '0.0.0.0' }, log: (line) => lines.push(line) });
    const warning = lines.find((l) => l.startsWith('WARNING: listening on 0.0.0.0'));
    expect(warning).toBeDefined();
    expect(warning!.split('\n').length).toBeGreaterThan(2);
    expect(warning).toMatch(/without TLS/);
    expect(warning).toMatch(/clear text/);
    expect(warning).toMatch(/"tls": \{ "certPath": .*"keyPath"/);
  });
  it('says nothing of the kind on loopback', async () => {
    const lines: string[] = [];
    server = await startTestServer({ config: { host: '127.0.0.1' }, log: (line) => lines.push(line) });
    expect(lines.join('\n')).not.toMatch(/WARNING/);
  });
});
