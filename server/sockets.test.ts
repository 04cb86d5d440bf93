import { describe, expect, it } from 'vitest';
import type { Alert, Delta, HistoryResponse, Snapshot } from '../shared/protocol';
import { demoOperation, DEMO_OPERATION_ID, frame } from './demo/demoOperation';
import { collectDeltas, connect, DEV_TOKENS, serverPerTest, report, request, startTestServer, waitFor } from './testing';

const OP = 'op-socket-test';
const t = serverPerTest();
const open = t.open;

describe('handshake', () => {
  it('refuses an unknown token, a wrong major version and a malformed handshake, with clear reasons', async () => {
    t.server = await startTestServer();
    await expect(connect(t.server.url, 'not-a-real-token')).rejects.toThrow('unknown token');
    await expect(connect(t.server.url, DEV_TOKENS.viewer, { protocolVersion: '2.0' })).rejects.toThrow(/unsupported protocol version 2\.0/);
    await expect(connect(t.server.url, '', { auth: { nothing: true } })).rejects.toThrow(/invalid handshake/);
    const m = t.server.metrics;
    expect(m.get('connections.refused.unknownToken')).toBe(1);
    expect(m.get('connections.refused.badVersion')).toBe(1);
    expect(m.get('connections.refused.badHandshake')).toBe(1);
    // A minor version difference is fine.
    const ok = await open(DEV_TOKENS.viewer, { protocolVersion: '1.7' });
    expect(ok.connected).toBe(true);
  });
});

describe('events', () => {
  it('checks the role for every event and validates every payload, without disturbing the connection', async () => {
    t.server = await startTestServer();
    const viewer = await open(DEV_TOKENS.viewer);
    const forbidden = await request(viewer, 'plan:publish', { plan: demoOperation() });
    expect(forbidden).toEqual({ ok: false, error: 'forbidden: the viewer role may not send plan:publish' });
    const feedOnly = await request(viewer, 'positions', { operationId: OP, positions: [report('a')] });
    expect(feedOnly.ok).toBe(false);
    const invalid = await request(viewer, 'subscribe', { operationId: 42 });
    expect(invalid.ok === false && invalid.error).toMatch(/invalid subscribe payload: operationId/);
    const unknown = await request(viewer, 'shutdown', {});
    expect(unknown.ok === false && unknown.error).toMatch(/unknown event/);
    const feed = await open(DEV_TOKENS.feed);
    const badBatch = await request(feed, 'positions', { operationId: OP, positions: [report('a'), { ...report('b'), lat: 'north' }] });
    expect(badBatch.ok === false && badBatch.error).toMatch(/positions\[1\]\.lat/);
    // Still connected and working.
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    expect(snap.ok).toBe(true);
    expect(t.server.metrics.get('events.refused.forbidden')).toBe(2);
    expect(t.server.metrics.get('events.refused.invalid')).toBe(2);
    expect(t.server.metrics.get('events.refused.unknown')).toBe(1);
  });

  it('gives a snapshot, then coalesced deltas with consecutive seq numbers', async () => {
    t.server = await startTestServer({ tickMs: 100 });
    const feed = await open(DEV_TOKENS.feed);
    expect((await request(feed, 'positions', { operationId: OP, positions: [report('u1'), report('u2')] })).ok).toBe(true);
    t.server.hub.tick();
    const viewer = await open(DEV_TOKENS.viewer);
    const deltas = collectDeltas(viewer);
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    if (!snap.ok) throw new Error(snap.error);
    expect(snap.value.units.map((u) => u.id).sort()).toEqual(['u1', 'u2']);
    expect(snap.value.plan).toBeNull();
    const base = snap.value.seq;

    // Five reports for u1 within one tick arrive as one: the newest.
    const t0 = Date.now();
    const burst = [1, 2, 3, 4, 5].map((i) => report('u1', { lon: -0.126 + i * 0.0001, time: new Date(t0 + i).toISOString() }));
    expect((await request(feed, 'positions', { operationId: OP, positions: burst })).ok).toBe(true);
    await waitFor(() => deltas.find((d) => d.units.some((u) => u.id === 'u1')), 3000, 'a delta with u1');
    const withU1 = deltas.filter((d) => d.units.some((u) => u.id === 'u1'));
    expect(withU1).toHaveLength(1);
    expect(withU1[0]!.units.filter((u) => u.id === 'u1')).toHaveLength(1);
    expect(withU1[0]!.units.find((u) => u.id === 'u1')!.lon).toBeCloseTo(-0.126 + 5 * 0.0001, 9);

    await request(feed, 'positions', { operationId: OP, positions: [report('u2', { lat: 51.53 })] });
    await waitFor(() => deltas.length >= 2, 3000, 'a second delta');
    deltas.forEach((d, i) => {
      expect(d.seq).toBe(base + i + 1);
      expect(d.fromSeq).toBe(d.seq - 1);
    });
  });

  it('lets a client that missed a delta resubscribe and carry on from the new snapshot', async () => {
    t.server = await startTestServer();
    const feed = await open(DEV_TOKENS.feed);
    const viewer = await open(DEV_TOKENS.viewer);
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    if (!snap.ok) throw new Error(snap.error);
    // A client-side gap detector, as the app implements it: resubscribe when fromSeq is past what we hold.
    let last = snap.value.seq;
    let resubscribed = 0;
    let dropNext = true;
    const units = new Map(snap.value.units.map((u) => [u.id, u]));
    viewer.on('delta', (d: Delta) => {
      if (dropNext) {
        dropNext = false; // simulate a lost message
        return;
      }
      if ((d.fromSeq ?? d.seq - 1) > last) {
        resubscribed++;
        void request<Snapshot>(viewer, 'subscribe', { operationId: OP }).then((s) => {
          if (!s.ok) return;
          last = s.value.seq;
          units.clear();
          for (const u of s.value.units) units.set(u.id, u);
        });
        return;
      }
      if (d.seq <= last) return;
      last = d.seq;
      for (const u of d.units) units.set(u.id, u);
    });
    await request(feed, 'positions', { operationId: OP, positions: [report('a')] });
    await waitFor(() => dropNext === false, 3000, 'the first (lost) delta');
    await request(feed, 'positions', { operationId: OP, positions: [report('b')] });
    await waitFor(() => resubscribed === 1 && units.has('a') && units.has('b'), 3000, 'resubscription');
    await request(feed, 'positions', { operationId: OP, positions: [report('c')] });
    await waitFor(() => units.has('c'), 3000, 'deltas after resubscribing');
    expect(resubscribed).toBe(1);
  });

  it('shares an acknowledgement between every screen, recording who and when', async () => {
    t.server = await startTestServer();
    const feed = await open(DEV_TOKENS.feed);
    const a = await open(DEV_TOKENS.controller, { userName: 'PS Grey' });
    const b = await open(DEV_TOKENS.commander);
    const deltasA = collectDeltas(a);
    const deltasB = collectDeltas(b);
    await request(a, 'subscribe', { operationId: OP });
    await request(b, 'subscribe', { operationId: OP });
    await request(feed, 'positions', { operationId: OP, positions: [report('r1', { status: 'emergency', callSign: 'CX99' })] });
    const raised = await waitFor(() => deltasB.flatMap((d) => d.alerts).find((x) => x.kind === 'emergency'), 3000, 'the emergency alert');
    expect(raised.severity).toBe('critical');
    expect(raised.message).toContain('CX99');
    const viewer = await open(DEV_TOKENS.viewer);
    const refused = await request(viewer, 'alert:ack', { operationId: OP, alertId: raised.id });
    expect(refused.ok).toBe(false);
    const acked = await request<Alert>(a, 'alert:ack', { operationId: OP, alertId: raised.id });
    if (!acked.ok) throw new Error(acked.error);
    // The authenticated user (the token's name in the config) is recorded; the typed name only beside it.
    expect(acked.value.acknowledgedBy).toBe('Dev controller (controller, at the screen: PS Grey)');
    const seenByB = await waitFor(() => deltasB.flatMap((d) => d.alerts).find((x) => x.id === raised.id && x.acknowledgedAt), 3000, 'ack on B');
    expect(seenByB.acknowledgedBy).toBe('Dev controller (controller, at the screen: PS Grey)');
    expect(seenByB.acknowledgedAt).toBe(acked.value.acknowledgedAt);
    await waitFor(() => deltasA.flatMap((d) => d.alerts).find((x) => x.id === raised.id && x.acknowledgedAt), 3000, 'ack on A');
    // A late joiner sees it acknowledged in its snapshot.
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    expect(snap.ok && snap.value.alerts.find((x) => x.id === raised.id)?.acknowledgedBy).toBe('Dev controller (controller, at the screen: PS Grey)');
  });

  it('answers history in pages: positions and alerts between two times, alerts with the first page, then `next` until the end', async () => {
    t.server = await startTestServer({
      config: {
        users: [{ name: 'v', role: 'viewer', token: 'viewer-token-123' }],
        feeds: [{ name: 'f', token: 'feed-token-1234', operationIds: [OP] }],
        limits: { historyPageSize: 5 },
      },
    });
    const feed = await open('feed-token-1234');
    const t0 = Date.now() - 60_000;
    const positions = Array.from({ length: 8 }, (_, i) =>
      report(`h${i % 2}`, { time: new Date(t0 + i * 1000).toISOString(), status: i === 7 ? 'emergency' : 'available' }),
    );
    await request(feed, 'positions', { operationId: OP, positions });
    t.server.hub.tick();
    const viewer = await open('viewer-token-123');
    const q = { operationId: OP, from: new Date(t0 - 1000).toISOString(), to: new Date().toISOString() };
    const first = await request<HistoryResponse>(viewer, 'history', q);
    if (!first.ok) throw new Error(first.error);
    expect(first.value.positions).toHaveLength(5);
    expect(first.value.truncated).toBe(true); // a client that does not page learns it got part of the window
    expect(first.value.alerts.some((x) => x.kind === 'emergency')).toBe(true);
    const second = await request<HistoryResponse>(viewer, 'history', { ...q, cursor: first.value.next });
    if (!second.ok) throw new Error(second.error);
    expect(second.value.positions.map((p) => p.time)).toEqual(positions.slice(5).map((p) => p.time));
    expect([second.value.alerts, second.value.next, second.value.truncated]).toEqual([[], undefined, false]);
    const foreign = await request(viewer, 'history', { ...q, unitIds: ['h0'], cursor: first.value.next });
    expect(!foreign.ok && foreign.error).toMatch(/different query/);
    const some = await request<{ positions: { id: string }[]; truncated: boolean }>(viewer, 'history', {
      operationId: OP,
      from: new Date(t0 + 1500).toISOString(),
      to: new Date(t0 + 4500).toISOString(),
      unitIds: ['h0'],
    });
    expect(some.ok && some.value.positions.map((p) => p.id)).toEqual(['h0', 'h0']);
    const backwards = await request(viewer, 'history', { operationId: OP, from: new Date().toISOString(), to: new Date(t0).toISOString() });
    expect(backwards.ok).toBe(false);
  });

  it('publishes a plan to subscribers and measures positions against it', async () => {
    t.server = await startTestServer();
    const planner = await open(DEV_TOKENS.planner);
    const viewer = await open(DEV_TOKENS.viewer);
    const plans: unknown[] = [];
    viewer.on('plan', (p) => plans.push(p));
    const deltas = collectDeltas(viewer);
    await request(viewer, 'subscribe', { operationId: DEMO_OPERATION_ID });
    const plan = demoOperation();
    const published = await request(planner, 'plan:publish', { plan });
    expect(published).toEqual({ ok: true, value: { operationId: DEMO_OPERATION_ID, version: 1 } });
    await waitFor(() => plans.length === 1, 3000, 'the plan event');
    // CX23 patrols sector S2; put one of its officers far outside it.
    const feed = await open(DEV_TOKENS.feed);
    const [lon, lat] = frame(-500, -300);
    await request(feed, 'positions', { operationId: DEMO_OPERATION_ID, positions: [report('cx23-01', { callSign: 'CX23-01', groupId: 'CX23', lon, lat })] });
    const alert = await waitFor(() => deltas.flatMap((d) => d.alerts).find((a) => a.kind === 'outOfSector'), 3000, 'out of sector');
    expect(alert.message).toBe('CX23-01 (CX23) is outside its assigned sector S2 "Tavistock and Gordon Squares"');
  });
});

describe('limits', () => {
  it('caps open operations: subscriptions to made-up ids never count, a closed operation frees its place', async () => {
    t.server = await startTestServer({ config: { limits: { maxOperations: 2 } } });
    const viewer = await open(DEV_TOKENS.viewer);
    const feed = await open(DEV_TOKENS.feed);
    const commander = await open(DEV_TOKENS.commander);
    for (let i = 0; i < 10; i++) expect((await request(viewer, 'subscribe', { operationId: `typo-${i}` })).ok).toBe(true);
    expect((await request(feed, 'positions', { operationId: 'a', positions: [report('x')] })).ok).toBe(true);
    expect((await request(feed, 'positions', { operationId: 'b', positions: [report('x')] })).ok).toBe(true);
    expect(await request(feed, 'positions', { operationId: 'c', positions: [report('x')] })).toEqual({ ok: false, error: 'too many operations (limit 2)' });
    // A viewer may not close an operation; a commander may, and the closed one stops counting.
    expect((await request(viewer, 'operation:state', { operationId: 'b', state: 'closed' })).ok).toBe(false);
    const closed = await request<{ state: string; closedAt?: string }>(commander, 'operation:state', { operationId: 'b', state: 'closed' });
    expect(closed.ok && closed.value.state).toBe('closed');
    expect(await request(feed, 'positions', { operationId: 'c', positions: [report('x')] })).toEqual({ ok: true, value: { accepted: 1 } });
    // A closed operation takes no more ordinary reports (an emergency still gets through).
    const late = await request(feed, 'positions', { operationId: 'b', positions: [report('x')] });
    expect(late.ok === false && late.error).toMatch(/closed: reopen it/);
    expect((await request(feed, 'positions', { operationId: 'b', positions: [report('x', { status: 'emergency' })] })).ok).toBe(true);
  });

  it('refuses a feed posting to an operation its config does not name, and limits its reports per second with the HTTP budget', async () => {
    t.server = await startTestServer({
      config: {
        feeds: [
          { name: 'f', token: 'feed-token-1234', operationIds: [OP] },
          { name: 'g', token: 'feed-token-5678' },
        ],
        limits: { feedReportsPerSecond: 100, feedReportBurst: 1000 },
      },
    });
    const feed = await open('feed-token-1234');
    for (let i = 0; i < 20; i++) {
      expect(await request(feed, 'positions', { operationId: `made-up-${i}`, positions: [report('x')] })).toEqual({
        ok: false,
        error: `forbidden: feed "f" may only post to "${OP}"`,
      });
    }
    expect(t.server.metrics.get('positions.refused.operation')).toBe(20);
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => report(`${prefix}${i}`));
    expect((await request(feed, 'positions', { operationId: OP, positions: many('a', 900) })).ok).toBe(true);
    // The same feed over HTTP spends the same budget.
    const http = await fetch(`${t.server.url}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer feed-token-1234' },
      body: JSON.stringify({ operationId: OP, positions: many('h', 100) }),
    });
    expect(http.status).toBe(200);
    const over = await request(feed, 'positions', { operationId: OP, positions: many('b', 300) });
    expect(over.ok).toBe(false);
    expect(!over.ok && over.error).toMatch(/^rate limited: /);
    const retryAfterMs = (over as { retryAfterMs?: number }).retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(2000);
    expect(retryAfterMs).toBeLessThanOrEqual(3000);
    expect(await request(feed, 'positions', { operationId: OP, positions: [report('sos', { status: 'emergency' })] })).toEqual({
      ok: true,
      value: { accepted: 1 },
    });
    const other = await open('feed-token-5678');
    expect((await request(other, 'positions', { operationId: DEMO_OPERATION_ID, positions: many('g', 1000) })).ok).toBe(true);
  });

  it('warns then disconnects a flooding socket, and others carry on', async () => {
    t.server = await startTestServer({
      config: {
        users: [
          { name: 'flooder', role: 'viewer', token: 'flooder-token-1' },
          { name: 'calm', role: 'viewer', token: 'calm-token-12345' },
        ],
        feeds: [{ name: 'f', token: 'feed-token-1234', operationIds: [OP] }],
        limits: { userEventsPerSecond: 5, userEventBurst: 10, floodDisconnectAfter: 20 },
      },
    });
    const calm = await open('calm-token-12345');
    const calmDeltas = collectDeltas(calm);
    await request(calm, 'subscribe', { operationId: OP });
    const flooder = await open('flooder-token-1');
    const notices: unknown[] = [];
    flooder.on('notice', (n) => notices.push(n));
    const disconnected = new Promise<string>((r) => flooder.on('disconnect', (reason) => r(reason)));
    for (let i = 0; i < 200; i++) flooder.emit('subscribe', { operationId: OP }, () => undefined);
    expect(await disconnected).toBe('io server disconnect');
    expect(notices).toHaveLength(1);
    expect(t.server.metrics.get('sockets.disconnected.flood')).toBe(1);
    const feed = await open('feed-token-1234');
    await request(feed, 'positions', { operationId: OP, positions: [report('z')] });
    await waitFor(() => calmDeltas.some((d) => d.units.some((u) => u.id === 'z')), 3000, 'the calm client still served');
  });

  it('gives a slow client fewer, newer deltas (merged) without slowing the others, then resync if it stays stuck', async () => {
    t.server = await startTestServer({
      tickMs: 40,
      config: {
        users: [{ name: 'v', role: 'viewer', token: 'viewer-token-123' }],
        feeds: [{ name: 'f', token: 'feed-token-1234', operationIds: [OP] }],
        limits: { resyncAfterMs: 4000, feedReportsPerSecond: 1_000_000, feedReportBurst: 1_000_000 },
      },
    });
    const feed = await open('feed-token-1234');
    const fast = await open('viewer-token-123');
    const slow = await open('viewer-token-123');
    const fastDeltas = collectDeltas(fast);
    const slowDeltas = collectDeltas(slow);
    const resyncs: unknown[] = [];
    slow.on('resync', (r) => resyncs.push(r));
    await request(fast, 'subscribe', { operationId: OP });
    await request(slow, 'subscribe', { operationId: OP });
    // Stop reading on the slow client's TCP socket: the server's writes back up.
    const raw = (slow.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
    raw.pause();
    const big = (k: number) =>
      Array.from({ length: 2000 }, (_, i) =>
        report(`unit-${i}`, { lon: -0.126 + k * 1e-5, callSign: `A-LONG-CALL-SIGN-${i}`, type: 'officer-with-a-long-type' }),
      );
    // One batch a tick: the next goes once the fast client has this one (the slow one's backlog grows meanwhile).
    const fastHas = (k: number) => fastDeltas.some((d) => d.units.some((u) => u.lon === -0.126 + k * 1e-5));
    for (let k = 0; k < 25; k++) {
      await request(feed, 'positions', { operationId: OP, positions: big(k) });
      await waitFor(() => fastHas(k), 5000, `the fast client has batch ${k}`);
    }
    await waitFor(() => fastHas(24), 5000, 'fast client has the newest');
    // Not slowed by the stuck one: the fast client had each batch before the next was sent, and got every tick in
    // order (no merged or skipped delta); how long that took is the bench's business, not this test's.
    for (let i = 1; i < fastDeltas.length; i++) expect(fastDeltas[i]!.seq).toBe(fastDeltas[i - 1]!.seq + 1);
    expect(t.server.metrics.get('deltas.skippedSlow')).toBeGreaterThan(0);
    // Resume: the slow client catches up with one merged delta (fromSeq < seq - 1) holding the newest positions.
    raw.resume();
    await waitFor(() => slowDeltas.some((d) => d.units.some((u) => u.lon === -0.126 + 24 * 1e-5)), 8000, 'slow client catches up');
    expect(slowDeltas.some((d) => (d.fromSeq ?? d.seq - 1) < d.seq - 1)).toBe(true);
    expect(slowDeltas.length).toBeLessThan(fastDeltas.length);
    expect(resyncs).toHaveLength(0);

    // Stuck for longer than resyncAfterMs: told to resync (and sent nothing more until it subscribes again).
    raw.pause();
    const until = Date.now() + 10_000;
    for (let k = 30; Date.now() < until && k < 500 && t.server.metrics.get('resyncs.sent') === 0; k++) {
      await request(feed, 'positions', { operationId: OP, positions: big(k) });
      await waitFor(() => fastHas(k), 5000, `the fast client has batch ${k}`);
    }
    raw.resume();
    expect(t.server.metrics.get('resyncs.sent')).toBe(1);
    await waitFor(() => resyncs.length === 1, 8000, 'the resync notice');
    expect(resyncs[0]).toEqual({ operationId: OP, reason: expect.stringContaining('subscribe again') as unknown });
  });
});
