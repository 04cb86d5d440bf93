/**
 * Heartbeats on quiet operations, with real socket.io clients on loopback. The server's clock is ours (ticks are
 * driven by hand), so "nothing for heartbeatMs" is exact rather than a race against timers.
 */
import { describe, expect, it } from 'vitest';
import type { Delta, Heartbeat, Snapshot } from '../shared/protocol';
import { collectDeltas, DEV_TOKENS, serverPerTest, report, request, startTestServer, waitFor, type Client } from './testing';

const OP = 'op-heartbeat';
const t = serverPerTest();
const open = t.open;

function collectHeartbeats(c: Client): Heartbeat[] {
  const out: Heartbeat[] = [];
  c.on('heartbeat', (h) => out.push(h));
  return out;
}

async function subscribe(c: Client): Promise<Snapshot> {
  const s = await request<Snapshot>(c, 'subscribe', { operationId: OP });
  if (!s.ok) throw new Error(s.error);
  return s.value;
}

describe('heartbeats', () => {
  it('reach a subscriber of a quiet operation every heartbeatMs, stop while deltas flow, and carry the seq sent', async () => {
    let clock = Date.now();
    // A 5 s timer tick: the test drives ticks itself, with its own clock.
    t.server = await startTestServer({ now: () => clock, tickMs: 5000, config: { heartbeatMs: 2000 } });
    t.server.hub.stop(); // no timer ticks: only ours
    const sent = () => t.server!.metrics.get('heartbeats.sent');
    const viewer = await open(DEV_TOKENS.viewer);
    const beats = collectHeartbeats(viewer);
    const deltas: Delta[] = collectDeltas(viewer);
    const snap = await subscribe(viewer);

    clock += 1999;
    t.server.hub.tick();
    expect(sent()).toBe(0);
    clock += 1;
    t.server.hub.tick();
    expect(sent()).toBe(1);
    const first = await waitFor(() => beats[0], 3000, 'the first heartbeat');
    expect(first).toEqual({ operationId: OP, seq: snap.seq, serverTime: new Date(clock).toISOString() });

    // A subscriber that joins later keeps its own rhythm: nothing for it until heartbeatMs after its snapshot.
    clock += 1000;
    const late = await open(DEV_TOKENS.controller);
    const lateBeats = collectHeartbeats(late);
    await subscribe(late);
    clock += 1000;
    t.server.hub.tick();
    expect(sent()).toBe(2); // the first viewer only

    // Deltas every 500 ms for 10 s: each one resets the silence, so no heartbeat is needed by anyone.
    const feed = await open(DEV_TOKENS.feed);
    for (let i = 0; i < 20; i++) {
      expect(
        (await request(feed, 'positions', { operationId: OP, positions: [report('u1', { time: new Date(clock).toISOString(), lon: -0.126 + i * 1e-4 })] })).ok,
      ).toBe(true);
      clock += 500;
      t.server.hub.tick();
    }
    expect(sent()).toBe(2);
    await waitFor(() => deltas.length === 20, 3000, '20 deltas');
    const lastSeq = deltas.at(-1)!.seq;

    // Quiet again: both get a heartbeat with the seq of the last delta (so a client that lost it would know).
    clock += 2000;
    t.server.hub.tick();
    expect(sent()).toBe(4);
    const after = await waitFor(() => beats.length === 3 && beats[2], 3000, 'a heartbeat after the deltas');
    expect(after.seq).toBe(lastSeq);
    const lateAfter = await waitFor(() => lateBeats[0], 3000, 'the late subscriber heartbeat');
    expect(lateAfter.seq).toBe(lastSeq);
    expect(lateBeats).toHaveLength(1);
  });

  it('are sent by the server tick on its own, and not for operations a client has left', async () => {
    t.server = await startTestServer({ tickMs: 20, config: { heartbeatMs: 100 } });
    const viewer = await open(DEV_TOKENS.viewer);
    const beats = collectHeartbeats(viewer);
    await subscribe(viewer);
    await waitFor(() => beats.length >= 3, 5000, 'three heartbeats');
    expect(beats.every((b) => b.operationId === OP && b.seq === 0)).toBe(true);
    await request(viewer, 'unsubscribe', { operationId: OP });
    const before = t.server.metrics.get('heartbeats.sent');
    // Whatever was in flight has arrived once a request round trip has.
    await request(viewer, 'subscribe', { operationId: 'another-op' });
    const seenForOp = beats.filter((b) => b.operationId === OP).length;
    await waitFor(() => beats.some((b) => b.operationId === 'another-op'), 5000, 'a heartbeat for the other operation');
    expect(beats.filter((b) => b.operationId === OP).length).toBe(seenForOp);
    expect(t.server.metrics.get('heartbeats.sent')).toBeGreaterThan(before);
  });

  it('refuses a heartbeat interval the app would take for a stall, naming the field', async () => {
    await expect(startTestServer({ config: { heartbeatMs: 15_000 } })).rejects.toThrow(/heartbeatMs.*stall limit/);
    await expect(startTestServer({ config: { heartbeatMs: 10 } })).rejects.toThrow(/heartbeatMs/);
  });
});
