/**
 * A tick with more changes than `limits.maxUnitsPerDelta` reaches clients as consecutive parts, each a whole delta
 * with its own seq, so a client never parses and applies one huge message in one go. Real socket.io clients on
 * loopback; ticks driven by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Delta, Snapshot } from '../shared/protocol';
import { collectDeltas, DEV_TOKENS, serverPerTest, report, request, startTestServer, waitFor } from './testing';

const OP = 'op-parts';
const t = serverPerTest();
const open = t.open;

describe('delta parts', () => {
  it('splits a big tick into consecutive deltas of at most maxUnitsPerDelta units that chain by seq', async () => {
    const clock = Date.now();
    t.server = await startTestServer({ now: () => clock, tickMs: 5000, config: { limits: { maxUnitsPerDelta: 100 } } });
    t.server.hub.stop();
    const viewer = await open(DEV_TOKENS.viewer);
    const deltas: Delta[] = collectDeltas(viewer);
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    if (!snap.ok) throw new Error(snap.error);

    const feed = await open(DEV_TOKENS.feed);
    const positions = Array.from({ length: 250 }, (_, i) => report(`radio-${i}`, { time: new Date(clock).toISOString(), lon: -0.13 + i * 1e-5 }));
    expect((await request(feed, 'positions', { operationId: OP, positions })).ok).toBe(true);
    t.server.hub.tick();

    await waitFor(() => deltas.length === 3, 3000, 'three parts');
    expect(deltas.map((d) => d.units.length)).toEqual([100, 100, 50]);
    // Each part follows on from the one before, starting from the snapshot.
    expect(deltas.map((d) => [d.fromSeq, d.seq])).toEqual([
      [snap.value.seq, snap.value.seq + 1],
      [snap.value.seq + 1, snap.value.seq + 2],
      [snap.value.seq + 2, snap.value.seq + 3],
    ]);
    // Every unit exactly once.
    expect(new Set(deltas.flatMap((d) => d.units.map((u) => u.id))).size).toBe(250);

    // A client subscribing now gets all of them in its snapshot, at the last part's seq.
    const late = await open(DEV_TOKENS.controller);
    const lateSnap = await request<Snapshot>(late, 'subscribe', { operationId: OP });
    if (!lateSnap.ok) throw new Error(lateSnap.error);
    expect(lateSnap.value.units).toHaveLength(250);
    expect(lateSnap.value.seq).toBe(snap.value.seq + 3);
  });

  it('refuses a part size too small to be sensible', async () => {
    await expect(startTestServer({ config: { limits: { maxUnitsPerDelta: 5 } } })).rejects.toThrow(/maxUnitsPerDelta/);
  });
});
