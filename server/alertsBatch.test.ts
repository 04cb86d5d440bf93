/**
 * A control room's backlog of cleared alerts, acknowledged at once: one request, each alert recorded with the
 * authenticated user and kept in the store's alert log (read back as the "Acknowledged" list); a viewer may not; an
 * emergency is never acknowledged in a batch.
 */
import { describe, expect, it } from 'vitest';
import type { AckAlertsResult, Alert, Snapshot } from '../shared/protocol';
import { demoOperation, DEMO_OPERATION_ID, frame } from './demo/demoOperation';
import { collectDeltas, DEV_TOKENS, report, request, serverPerTest, startTestServer, waitFor } from './testing';

const t = serverPerTest();
const OP = DEMO_OPERATION_ID;

describe('acknowledging several alerts at once', () => {
  it('records each with the authenticated user, refuses viewers and emergencies, and lists them as acknowledged', async () => {
    t.server = await startTestServer();
    const planner = await t.open(DEV_TOKENS.planner);
    const viewer = await t.open(DEV_TOKENS.viewer);
    const controller = await t.open(DEV_TOKENS.controller, { userName: 'PS Grey' });
    const feed = await t.open(DEV_TOKENS.feed);
    const deltas = collectDeltas(controller);
    const snap = await request<Snapshot>(controller, 'subscribe', { operationId: OP });
    // The screen learns who it is, so it can hide what its role may not do.
    expect(snap.ok && snap.value.you).toEqual({ name: 'Dev controller', role: 'controller' });
    const viewerSnap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    expect(viewerSnap.ok && viewerSnap.value.you?.role).toBe('viewer');
    expect((await request(planner, 'plan:publish', { plan: demoOperation() })).ok).toBe(true);

    // Three CX23 officers stray outside their sector S2, then come back: three cleared alerts. One radio goes emergency.
    const [outLon, outLat] = frame(-500, -300);
    const [inLon, inLat] = frame(60, 400);
    const ids = ['cx23-01', 'cx23-02', 'cx23-03'];
    const at = (lon: number, lat: number) => ids.map((id) => report(id, { callSign: id.toUpperCase(), groupId: 'CX23', lon, lat }));
    await request(feed, 'positions', { operationId: OP, positions: at(outLon, outLat) });
    await waitFor(
      () =>
        new Set(
          deltas
            .flatMap((d) => d.alerts)
            .filter((a) => a.kind === 'outOfSector')
            .map((a) => a.id),
        ).size === 3,
      5000,
      'three alerts',
    );
    await request(feed, 'positions', { operationId: OP, positions: [...at(inLon, inLat), report('radio-9', { status: 'emergency', callSign: 'CX9' })] });
    const cleared = await waitFor(
      () => {
        const latest = new Map<string, Alert>();
        for (const a of deltas.flatMap((d) => d.alerts)) latest.set(a.id, a);
        const c = [...latest.values()].filter((a) => a.kind === 'outOfSector' && a.clearedAt);
        return c.length === 3 && latest.has('emergency:radio-9') ? c : undefined;
      },
      5000,
      'the alerts cleared and an emergency',
    );
    const alertIds = cleared.map((a) => a.id);

    const refused = await request(viewer, 'alert:ackMany', { operationId: OP, alertIds });
    expect(refused.ok === false && refused.error).toMatch(/forbidden/);
    const bad = await request(controller, 'alert:ackMany', { operationId: OP, alertIds: [] });
    expect(bad.ok === false && bad.error).toMatch(/invalid alert:ackMany payload: alertIds/);

    const r = await request<AckAlertsResult>(controller, 'alert:ackMany', { operationId: OP, alertIds: [...alertIds, 'emergency:radio-9', 'no-such-alert'] });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.acknowledged.map((a) => a.id).sort()).toEqual([...alertIds].sort());
    for (const a of r.value.acknowledged) expect(a.acknowledgedBy).toBe('Dev controller (controller, at the screen: PS Grey)');
    expect(r.value.refused).toEqual([
      { alertId: 'emergency:radio-9', error: 'an emergency is acknowledged on its own, not with others' },
      { alertId: 'no-such-alert', error: expect.stringMatching(/unknown alert/) },
    ]);

    // Cleared and acknowledged, they leave the live list; the emergency stays.
    const after = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    const live = after.ok ? after.value.alerts.map((a) => a.id) : [];
    expect(live).toContain('emergency:radio-9');
    for (const id of alertIds) expect(live).not.toContain(id);
    // ...and the store still has who acknowledged which, when: a viewer may read the list.
    const list = await request<Alert[]>(viewer, 'alert:acknowledged', { operationId: OP });
    if (!list.ok) throw new Error(list.error);
    expect(list.value.map((a) => a.id).sort()).toEqual([...alertIds].sort());
    expect(list.value.every((a) => a.acknowledgedBy === 'Dev controller (controller, at the screen: PS Grey)' && a.acknowledgedAt)).toBe(true);
  });
});
