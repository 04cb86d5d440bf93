import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../shared/protocol';
import type { CommandServer } from './createServer';
import { DEMO_OPERATION_ID } from './demo/demoOperation';
import { connect, DEV_TOKENS, report, request, startTestServer, tempDir, waitFor, type Client } from './testing';

const OP = 'op-restart';
const servers: CommandServer[] = [];
const clients: Client[] = [];
const dir = tempDir();
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('the SQLite store across a restart', () => {
  it('keeps the latest state, the history, alerts with their acknowledgements, and plans', async () => {
    const first = await startTestServer({ store: 'sqlite', dataDir: dir.dir, publishDemo: true });
    servers.push(first);
    const feed = await connect(first.url, DEV_TOKENS.feed);
    const controller = await connect(first.url, DEV_TOKENS.controller, { userName: 'Insp Blue' });
    clients.push(feed, controller);
    await request(controller, 'subscribe', { operationId: OP });
    const t0 = Date.now() - 10_000;
    await request(feed, 'positions', {
      operationId: OP,
      positions: [
        report('p1', { time: new Date(t0).toISOString() }),
        report('p1', { time: new Date(t0 + 5000).toISOString(), lat: 51.523 }),
        report('p2', { status: 'emergency', time: new Date(t0 + 1000).toISOString() }),
      ],
    });
    const alertId = await waitFor(() => first.hub.alerts(OP).find((a) => a.kind === 'emergency')?.id, 3000, 'the emergency');
    expect((await request(controller, 'alert:ack', { operationId: OP, alertId })).ok).toBe(true);
    for (const c of clients.splice(0)) c.close();
    await first.close();
    servers.length = 0;

    const second = await startTestServer({ store: 'sqlite', dataDir: dir.dir, publishDemo: true });
    servers.push(second);
    const viewer = await connect(second.url, DEV_TOKENS.viewer);
    clients.push(viewer);
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    if (!snap.ok) throw new Error(snap.error);
    expect(snap.value.units.map((u) => [u.id, u.lat]).sort()).toEqual([
      ['p1', 51.523],
      ['p2', 51.5218],
    ]);
    expect(snap.value.alerts.find((a) => a.id === alertId)?.acknowledgedBy).toBe('Dev controller (controller, at the screen: Insp Blue)');
    const history = await request<{ positions: unknown[] }>(viewer, 'history', {
      operationId: OP,
      from: new Date(t0 - 1000).toISOString(),
      to: new Date().toISOString(),
    });
    expect(history.ok && history.value.positions).toHaveLength(3);
    const demo = await request<Snapshot>(viewer, 'subscribe', { operationId: DEMO_OPERATION_ID });
    expect(demo.ok && demo.value.plan?.operation.name).toBe('Operation Demo');
    dir.remove();
  });
});
