/**
 * An officer's emergency is never dropped, delayed or cleared by anything but its source's cancel or a person's
 * action. Each case here was a defect seen on the server before emergencies became stored latches.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, PositionReport } from '../shared/protocol';
import type { CommandServer } from './createServer';
import { DEMO_OPERATION_ID } from './demo/demoOperation';
import { MemoryStore } from './store/memoryStore';
import { collectDeltas, connect, DEV_TOKENS, report, request, startTestServer, waitFor, type Client } from './testing';

const OP = DEMO_OPERATION_ID;
let servers: CommandServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

async function start(o: Parameters<typeof startTestServer>[0] = {}): Promise<CommandServer> {
  const s = await startTestServer(o);
  servers.push(s);
  return s;
}

async function open(s: CommandServer, token: string, userName?: string): Promise<Client> {
  const c = await connect(s.url, token, userName ? { userName } : {});
  clients.push(c);
  return c;
}

function post(s: CommandServer, positions: unknown[]) {
  return fetch(`${s.url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_TOKENS.feed}` },
    body: JSON.stringify({ operationId: OP, positions }),
  });
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const emergencyOf = (s: CommandServer, unitId: string): Alert | undefined => s.hub.alerts(OP).find((a) => a.kind === 'emergency' && a.unitId === unitId);
const cot = (port: number, xml: string) =>
  new Promise<void>((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.end(xml, () => resolve()));
    c.once('error', reject);
  });
const cotEvent = (uid: string, type: string, time: string, point: string, detail: string) =>
  `<event version="2.0" uid="${uid}" type="${type}" time="${time}" start="${time}" stale="${time}" how="h-e">${point}<detail>${detail}</detail></event>`;

describe('emergencies', () => {
  it('raises an emergency that is older than the unit latest report (out of order), and keeps the newer position', async () => {
    const s = await start();
    expect((await post(s, [report('r1', { time: ago(1000), lon: -0.1 })])).status).toBe(200);
    // The panic button's report arrives 3 s late, after the ordinary one.
    expect((await post(s, [report('r1', { time: ago(4000), status: 'emergency', lon: -0.2 })])).status).toBe(200);
    const alert = await waitFor(() => emergencyOf(s, 'r1'), 3000, 'the emergency alert');
    expect(alert.severity).toBe('critical');
    expect(alert.clearedAt).toBeUndefined();
    const unit = s.hub.units(OP).find((u) => u.id === 'r1')!;
    expect(unit.lon).toBe(-0.1);
    expect(unit.status).toBe('emergency');
  });

  it('is answered only once stored: the latch is in the store when the feed gets its 200', async () => {
    const store = new MemoryStore();
    const s = await start({ store });
    expect((await post(s, [report('r2', { status: 'emergency' })])).status).toBe(200);
    expect((await store.activeEmergencies(OP)).map((e) => [e.unitId, e.origin])).toEqual([['r2', 'feed:Dev feed']]);
  });

  it('survives a restart and is not cleared by the device’s next ordinary report', async () => {
    const store = new MemoryStore();
    const first = await start({ store });
    expect((await post(first, [report('r3', { status: 'emergency' })])).status).toBe(200);
    await first.close();
    servers = servers.filter((x) => x !== first);

    const second = await start({ store });
    const viewer = await open(second, DEV_TOKENS.viewer);
    const snap = await request<{ alerts: Alert[]; units: PositionReport[] }>(viewer, 'subscribe', { operationId: OP });
    if (!snap.ok) throw new Error(snap.error);
    await waitFor(() => emergencyOf(second, 'r3'), 3000, 'the emergency after the restart');
    expect(snap.value.units.find((u) => u.id === 'r3')?.status).toBe('emergency');
    expect((await post(second, [report('r3', { status: 'deployed' })])).status).toBe(200);
    second.hub.tick();
    expect(emergencyOf(second, 'r3')?.clearedAt).toBeUndefined();
    expect(second.hub.units(OP).find((u) => u.id === 'r3')?.status).toBe('emergency');
  });

  it('shows a latched emergency’s unit at its last known position after a restart that lost the unit’s report', async () => {
    // What a kill -9 can leave: the latch was stored before it was answered, the device's report was still buffered.
    const store = new MemoryStore();
    const first = await start({ store });
    expect((await post(first, [report('r4', { status: 'available' })])).status).toBe(200);
    await first.close();
    servers = servers.filter((x) => x !== first);
    await store.putEmergency({
      operationId: OP,
      unitId: 'tak-7',
      callSign: 'DELTA 7',
      origin: 'cot',
      label: '911 Alert',
      raisedAt: ago(2000),
      receivedAt: ago(1900),
      lon: -0.125,
      lat: 51.523,
    });

    const second = await start({ store });
    const viewer = await open(second, DEV_TOKENS.viewer);
    const snap = await request<{ alerts: Alert[]; units: PositionReport[] }>(viewer, 'subscribe', { operationId: OP });
    if (!snap.ok) throw new Error(snap.error);
    expect(snap.value.alerts.find((a) => a.id === 'emergency:tak-7')?.clearedAt).toBeUndefined();
    expect(snap.value.units.find((u) => u.id === 'tak-7')).toMatchObject({ callSign: 'DELTA 7', status: 'emergency', lon: -0.125, lat: 51.523, source: 'cot' });
    // The device's next report replaces the shown position; the emergency stays latched.
    expect((await post(second, [report('tak-7', { lon: -0.13, lat: 51.52, status: 'deployed' })])).status).toBe(200);
    second.hub.tick();
    expect(second.hub.units(OP).find((u) => u.id === 'tak-7')).toMatchObject({ lon: -0.13, status: 'emergency' });
  });

  it('takes a cancel only from the source that raised it; a controller clears it with a reason, recorded', async () => {
    const s = await start({ cotPort: 0, config: { cot: { operationId: OP } } });
    const now = new Date().toISOString();
    const link = '<link uid="tak-7" type="a-f-G-U-C" relation="p-p"/>';
    await cot(
      s.cotPort!,
      cotEvent('tak-7-9-1-1', 'b-a-o-tbl', now, '<point lat="51.52" lon="-0.12" ce="10"/>', `${link}<emergency type="911 Alert">BRAVO</emergency>`),
    );
    await waitFor(() => emergencyOf(s, 'tak-7'), 3000, 'the CoT emergency');

    // A feed report for the CoT device's id, and a feed's cancel, change nothing.
    expect((await post(s, [report('tak-7', { status: 'available' })])).status).toBe(200);
    expect((await post(s, [report('tak-7', { cancelEmergency: true })])).status).toBe(200);
    s.hub.tick();
    expect(emergencyOf(s, 'tak-7')?.clearedAt).toBeUndefined();
    expect(s.metrics.get('emergencies.cancel.refusedOrigin')).toBe(1);

    // A viewer may not clear it; a controller must give a reason, and is recorded.
    const viewer = await open(s, DEV_TOKENS.viewer);
    expect((await request(viewer, 'emergency:clear', { operationId: OP, unitId: 'tak-7', reason: 'test' })).ok).toBe(false);
    const controller = await open(s, DEV_TOKENS.controller, 'PS Grey');
    const noReason = await request(controller, 'emergency:clear', { operationId: OP, unitId: 'tak-7', reason: '' });
    expect(noReason.ok === false && noReason.error).toMatch(/say why/);
    const cleared = await request<{ clearedBy: string; clearReason: string }>(controller, 'emergency:clear', {
      operationId: OP,
      unitId: 'tak-7',
      reason: 'Spoke to BRAVO on the radio: accidental activation',
    });
    expect(cleared.ok && cleared.value).toMatchObject({
      clearedBy: 'Dev controller (controller, at the screen: PS Grey)',
      clearReason: 'Spoke to BRAVO on the radio: accidental activation',
    });
    s.hub.tick();
    expect(emergencyOf(s, 'tak-7')?.clearedAt).toBeDefined();
  });

  it('clears on the CoT device’s own cancel', async () => {
    const s = await start({ cotPort: 0, config: { cot: { operationId: OP } } });
    const viewer = await open(s, DEV_TOKENS.viewer);
    const deltas = collectDeltas(viewer);
    await request(viewer, 'subscribe', { operationId: OP });
    const link = '<link uid="tak-8" type="a-f-G-U-C" relation="p-p"/>';
    const point = '<point lat="51.52" lon="-0.12" ce="10"/>';
    await cot(s.cotPort!, cotEvent('tak-8-9-1-1', 'b-a-o-tbl', new Date().toISOString(), point, `${link}<emergency type="911 Alert">CHARLIE</emergency>`));
    const raised = await waitFor(() => deltas.flatMap((d) => d.alerts).find((a) => a.kind === 'emergency'), 3000, 'raised');
    await cot(s.cotPort!, cotEvent('tak-8-9-1-1', 'b-a-o-can', new Date().toISOString(), point, `${link}<emergency cancel="true">CHARLIE</emergency>`));
    await waitFor(() => deltas.flatMap((d) => d.alerts).find((a) => a.id === raised.id && a.clearedAt), 3000, 'cleared by the device');
  });

  it('raises a CoT 911 without a GPS fix: at the last known position, or "position unknown"', async () => {
    const s = await start({ cotPort: 0, config: { cot: { operationId: OP } } });
    const now = new Date().toISOString();
    const noFix = (uid: string) =>
      cotEvent(
        `${uid}-9-1-1`,
        'b-a-o-tbl',
        now,
        '<point lat="0" lon="0" ce="9999999"/>',
        `<link uid="${uid}" type="a-f-G-U-C" relation="p-p"/><emergency type="911 Alert">${uid}</emergency>`,
      );
    // tak-known reported before; tak-never never did.
    expect((await post(s, [report('tak-known', { lon: -0.1301, lat: 51.5201 })])).status).toBe(200);
    await cot(s.cotPort!, noFix('tak-known') + noFix('tak-never'));
    const known = await waitFor(() => emergencyOf(s, 'tak-known'), 3000, 'the emergency of a device with a last position');
    expect([known.lon, known.lat]).toEqual([-0.1301, 51.5201]);
    const never = await waitFor(() => emergencyOf(s, 'tak-never'), 3000, 'the emergency of a device never seen');
    expect(never.message).toMatch(/position unknown/);
    expect(never.lon).toBeUndefined();
  });

  it('refuses and counts an emergency stamped far in the past (a replayed capture)', async () => {
    const s = await start();
    const res = await post(s, [report('r4', { status: 'emergency', time: '2020-05-01T10:00:00Z' })]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/more than 600 s old/);
    s.hub.tick();
    expect(emergencyOf(s, 'r4')).toBeUndefined();
    expect(s.metrics.get('emergencies.refused.tooOld')).toBe(1);
  });
});
