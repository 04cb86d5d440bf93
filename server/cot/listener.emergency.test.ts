/**
 * The listener's emergency path: every emergency and cancel goes to hub.signalEmergency (the hub latches it), with or
 * without a fix, never dropped by the flood limit, and never raised from a replayed old capture.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing';
import { OP, pli, sos, startRecordedListener, tcp, type Recorded } from './testHelpers';

let r: Recorded | null = null;
const sockets: Array<{ destroy(): void }> = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await r?.listener.close();
  r = null;
});

async function device() {
  const c = await tcp(r!.listener.port);
  sockets.push(c.socket);
  return c;
}

describe('CoT emergencies', () => {
  it('signals a 911 without a GPS fix to the hub, with the device, its origin and no position', async () => {
    r = await startRecordedListener();
    const { socket } = await device();
    const time = new Date();
    socket.write(sos('dev-7', { time }));
    const s = await waitFor(() => r!.signals[0], 3000, 'the signal');
    expect(s).toEqual({
      operationId: OP,
      unitId: 'dev-7',
      callSign: 'DEV-7',
      type: 'a-f-G-U-C',
      origin: 'cot',
      label: '911 Alert',
      time: time.toISOString(),
      cancel: false,
    });
    expect(r.ingested).toEqual([]);
    expect(r.metrics.get('cot.emergencies')).toBe(1);
  });

  it('signals an emergency with a fix and ingests its position as an emergency report; later positions and the cancel go through as they are', async () => {
    r = await startRecordedListener();
    const { socket } = await device();
    socket.write(sos('dev-8', { point: [51.5, -0.12] }));
    await waitFor(() => r!.signals.length === 1 && r!.ingested.length === 1, 3000, 'signal and report');
    expect(r.signals[0]).toMatchObject({ unitId: 'dev-8', lat: 51.5, lon: -0.12, cancel: false, origin: 'cot' });
    expect(r.ingested[0]).toMatchObject({ id: 'dev-8', status: 'emergency', lat: 51.5, lon: -0.12 });
    expect(r.labels).toContainEqual(['dev-8', '911 Alert']);
    // The listener no longer latches: the hub keeps the unit in emergency until the cancel.
    socket.write(pli('dev-8', 51.501, -0.121));
    await waitFor(() => r!.ingested.length === 2, 3000, 'the next PLI');
    expect(r.ingested[1]).toMatchObject({ id: 'dev-8', status: 'available', lat: 51.501 });
    socket.write(sos('dev-8', { type: 'b-a-o-can' }));
    await waitFor(() => r!.signals.length === 2, 3000, 'the cancel');
    expect(r.signals[1]).toMatchObject({ unitId: 'dev-8', cancel: true, origin: 'cot' });
    expect(r.signals[1]!.lat).toBeUndefined();
  });

  it('does not raise an emergency (or cancel one) from a replayed old capture', async () => {
    r = await startRecordedListener({ limits: { maxEmergencyAgeS: 600 } });
    const { socket } = await device();
    socket.write(sos('old-1', { point: [51.5, -0.12], time: '2020-02-08T18:24:55Z' }));
    socket.write(sos('old-1', { type: 'b-a-o-can', time: new Date(Date.now() - 700_000) }));
    socket.write(sos('fresh-1', { time: new Date(Date.now() - 500_000) }));
    await waitFor(() => r!.signals.length === 1, 3000, 'the fresh emergency');
    expect(r.metrics.get('cot.emergency.tooOld')).toBe(2);
    expect(r.signals.map((s) => s.unitId)).toEqual(['fresh-1']);
    expect(r.ingested).toEqual([]);
  });

  it('signals an emergency that arrives in a flooding chunk before closing the connection', async () => {
    r = await startRecordedListener({ limits: { cotMessagesPerSecond: 50, cotMessageBurst: 100 } });
    const { socket, closed } = await device();
    const flood = Array.from({ length: 150 }, (_, i) => `<event uid="f${i}" type="a-f-G" time="${new Date().toISOString()}"><point lat="1" lon="2"/></event>`);
    flood.splice(75, 0, sos('dev-9'));
    socket.write(flood.join(''));
    await closed;
    expect(r.metrics.get('cot.disconnected.flood')).toBe(1);
    expect(r.signals).toMatchObject([{ unitId: 'dev-9', cancel: false }]);
    expect(r.ingested).toEqual([]);
  });
});
