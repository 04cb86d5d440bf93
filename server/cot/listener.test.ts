import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandServer } from '../createServer';
import { collectDeltas, connect, DEV_TOKENS, loadNodeCot, request, startTestServer, waitFor, type Client } from '../testing';

const CoT = await loadNodeCot();

const OP = 'op-cot';
let server: CommandServer | null = null;
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await server?.close();
  server = null;
});

const REALWORLD = path.resolve(import.meta.dirname, '../../../shared/data/realworld');

function pli(uid: string, callsign: string, lon: number, lat: number): string {
  const now = new Date();
  return CoT.from_geojson({
    type: 'Feature',
    id: uid,
    properties: {
      type: 'a-f-G-U-C',
      how: 'm-g',
      callsign,
      course: 45,
      speed: 1.2,
      time: now.toISOString(),
      start: now.toISOString(),
      stale: new Date(now.getTime() + 120_000).toISOString(),
    },
    geometry: { type: 'Point', coordinates: [lon, lat, 20] },
  }).to_xml();
}

async function tcp(port: number): Promise<net.Socket> {
  const s = net.connect(port, '127.0.0.1');
  closers.push(() => s.destroy());
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('error', reject);
  });
  return s;
}

async function subscriber(): Promise<{ client: Client; deltas: ReturnType<typeof collectDeltas> }> {
  const client = await connect(server!.url, DEV_TOKENS.viewer);
  closers.push(() => client.close());
  const deltas = collectDeltas(client);
  await request(client, 'subscribe', { operationId: OP });
  return { client, deltas };
}

describe('Cursor-on-Target over TCP', () => {
  it('delivers events built with @tak-ps/node-cot, split across chunks, as positions', async () => {
    server = await startTestServer({ cotPort: 0, config: { cot: { operationId: OP } } });
    const { deltas } = await subscriber();
    const stream = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n${pli('tak-1', 'CX21 Alpha', -0.126, 51.5218)}\n${pli('tak-2', 'Zoë', -0.127, 51.522)}`,
      'utf8',
    );
    const s = await tcp(server.cotPort!);
    for (let i = 0; i < stream.length; i += 37) {
      s.write(stream.subarray(i, i + 37));
      // Not a wait for anything: a pause now and then makes the stream arrive in several TCP reads, split mid-event.
      if (i % (37 * 10) === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const units = await waitFor(
      () => {
        const seen = deltas.flatMap((d) => d.units);
        return seen.some((u) => u.id === 'tak-1') && seen.some((u) => u.id === 'tak-2') ? seen : undefined;
      },
      5000,
      'both TAK devices',
    );
    expect(units.find((u) => u.id === 'tak-1')).toMatchObject({ callSign: 'CX21 Alpha', source: 'cot', type: 'a-f-G-U-C', headingDeg: 45, speedMps: 1.2 });
    expect(units.find((u) => u.id === 'tak-2')!.callSign).toBe('Zoë');
    expect(server.metrics.get('positions.ingested.cot')).toBe(2);
  });

  it('takes the real ATAK and iTAK captures, raises the 911 alert as a critical emergency, and skips malformed XML', async () => {
    server = await startTestServer({ cotPort: 0, config: { cot: { operationId: OP } } });
    const { deltas } = await subscriber();
    const s = await tcp(server.cotPort!);
    s.write('<event uid="broken" type="a-f-G"><point lat="1" lon="2"></event>');
    for (const f of ['cot-real-atak-pli.xml', 'cot-real-itak-pli.xml']) s.write(readFileSync(path.join(REALWORLD, f)));
    // The 911 capture is from 2020: as it stands it is a replay and must not raise anything (limits.maxEmergencyAgeS).
    const alert911 = readFileSync(path.join(REALWORLD, 'cot-real-atak-911-alert.xml'), 'utf8');
    s.write(alert911);
    await waitFor(() => server!.metrics.get('cot.emergency.tooOld') === 1, 3000, 'the replayed 911 refused');
    // Pressed now, it raises the emergency.
    const now = Date.now();
    s.write(
      alert911
        .replace(/time="[^"]+"/, `time="${new Date(now).toISOString()}"`)
        .replace(/start="[^"]+"/, `start="${new Date(now).toISOString()}"`)
        .replace(/stale="[^"]+"/, `stale="${new Date(now + 10_000).toISOString()}"`),
    );
    s.write('<event uid="also-broken" type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="x" lon="2"/></event>');
    const alert = await waitFor(() => deltas.flatMap((d) => d.alerts).find((a) => a.kind === 'emergency'), 5000, 'the emergency alert');
    expect(alert).toMatchObject({
      severity: 'critical',
      unitId: 'ANDROID-000000000000000',
      callSign: 'SUMMER',
      message: 'Emergency activation: SUMMER (911 Alert)',
    });
    const ids = new Set(deltas.flatMap((d) => d.units).map((u) => u.id));
    expect(ids).toEqual(new Set(['ANDROID-000000000000000', 'C94B9215-9BD4-4DBE-BDE1-83625F09153F']));
    expect(server.metrics.get('cot.malformed')).toBe(1);
    expect(server.metrics.get('cot.invalid')).toBe(1);
    // The device's next ordinary PLI keeps the emergency until it is cancelled (the hub's latch).
    s.write(pli('ANDROID-000000000000000', 'SUMMER', -66.1, 43.85));
    await waitFor(() => server!.hub.units(OP).find((u) => u.id === 'ANDROID-000000000000000' && u.lon === -66.1), 3000, 'next PLI');
    expect(server.hub.units(OP).find((u) => u.id === 'ANDROID-000000000000000')!.status).toBe('emergency');
    server.hub.tick();
    expect(server.hub.alerts(OP).find((a) => a.id === alert.id)?.clearedAt).toBeUndefined();
    const later = new Date().toISOString();
    s.write(
      `<event version="2.0" uid="ANDROID-000000000000000-9-1-1" type="b-a-o-can" time="${later}" start="${later}" stale="${later}" how="h-e"><point lat="43.85" lon="-66.1" ce="10"/><detail><link uid="ANDROID-000000000000000" type="a-f-G-U-C" relation="p-p"/><emergency cancel="true">SUMMER</emergency></detail></event>`,
    );
    const cleared = await waitFor(() => deltas.flatMap((d) => d.alerts).find((a) => a.id === alert.id && a.clearedAt), 3000, 'cleared');
    expect(cleared.kind).toBe('emergency');
  });

  it('closes a flooding connection and keeps serving the others', async () => {
    server = await startTestServer({ cotPort: 0, config: { cot: { operationId: OP }, limits: { cotMessagesPerSecond: 50, cotMessageBurst: 100 } } });
    const { deltas } = await subscriber();
    const flood = await tcp(server.cotPort!);
    const closed = new Promise<void>((r) => flood.once('close', () => r()));
    flood.on('error', () => undefined);
    const burst = Array.from({ length: 400 }, (_, i) => pli(`flood-${i}`, `F${i}`, -0.12, 51.52)).join('');
    flood.write(burst);
    await closed;
    expect(server.metrics.get('cot.disconnected.flood')).toBe(1);
    const calm = await tcp(server.cotPort!);
    calm.write(pli('calm-1', 'CALM', -0.125, 51.521));
    await waitFor(() => deltas.some((d) => d.units.some((u) => u.id === 'calm-1')), 3000, 'the calm device');
  });
});
