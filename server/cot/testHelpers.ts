/**
 * Helpers for the CoT listener's tests: a listener on a free loopback port in front of a recording stand-in for the
 * hub (so the tests see exactly what the listener hands over), plain sockets, and CoT event builders. Not used by the
 * server itself.
 */
import net from 'node:net';
import type tls from 'node:tls';
import type { PositionReport } from '../../shared/protocol';
import { parseConfig, type ServerConfigInput } from '../config';
import type { EmergencySignal, Hub, IngestFrom } from '../hub';
import { Metrics } from '../metrics';
import { startCotListener, type CotListener } from './listener';

export const OP = 'op-cot-test';

export interface Recorded {
  listener: CotListener;
  metrics: Metrics;
  signals: EmergencySignal[];
  ingested: PositionReport[];
  labels: [string, string][];
  log: string[];
}

/** A listener with `config` (limits, cot) in front of a hub that records what it is given. */
export async function startRecordedListener(config: ServerConfigInput = {}, tlsOptions?: tls.SecureContextOptions): Promise<Recorded> {
  const parsed = parseConfig({ ...config, cot: { operationId: OP, ...config.cot } });
  if (!parsed.ok) throw new Error(parsed.error);
  const signals: EmergencySignal[] = [];
  const ingested: PositionReport[] = [];
  const labels: [string, string][] = [];
  const hub = {
    checkReport: () => null,
    ingest: (_op: string, reports: PositionReport[], from: IngestFrom) => {
      ingested.push(...reports);
      labels.push(...(from.labels ?? []));
      return { ok: true, value: { accepted: reports.length } };
    },
    signalEmergency: (s: EmergencySignal) => {
      signals.push(s);
      return Promise.resolve({ ok: true, value: { state: s.cancel ? 'cancelled' : 'raised' } });
    },
  };
  const metrics = new Metrics();
  const log: string[] = [];
  const listener = await startCotListener({
    host: '127.0.0.1',
    port: 0,
    config: parsed.value,
    hub: hub as unknown as Hub,
    metrics,
    log: (l) => log.push(l),
    ...(tlsOptions ? { tls: tlsOptions } : {}),
  });
  return { listener, metrics, signals, ingested, labels, log };
}

/** A plain TCP socket to `port` (from `localAddress`, e.g. another loopback address), connected; `closed` resolves on close. */
export async function tcp(port: number, localAddress?: string): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}

const iso = (t: Date | string) => (typeof t === 'string' ? t : t.toISOString());

/** An ordinary position (PLI). */
export function pli(uid: string, lat: number, lon: number, time: Date | string = new Date()): string {
  const t = iso(time);
  return `<event version="2.0" uid="${uid}" type="a-f-G-U-C" how="m-g" time="${t}" start="${t}" stale="${t}"><point lat="${lat}" lon="${lon}" ce="5"/><detail><contact callsign="${uid.toUpperCase()}"/></detail></event>`;
}

/** ATAK's emergency button: `type` b-a-o-tbl etc., or b-a-o-can to cancel; the point is optional. */
export function sos(device: string, o: { type?: string; point?: [number, number]; time?: Date | string } = {}): string {
  const t = iso(o.time ?? new Date());
  const type = o.type ?? 'b-a-o-tbl';
  const point = o.point ? `<point lat="${o.point[0]}" lon="${o.point[1]}" ce="10"/>` : '<point lat="0" lon="0" hae="9999999" ce="9999999" le="9999999"/>';
  const cancel = type === 'b-a-o-can' ? ' cancel="true"' : '';
  return `<event version="2.0" uid="${device}-9-1-1" type="${type}" how="h-e" time="${t}" start="${t}" stale="${t}">${point}<detail><link uid="${device}" type="a-f-G-U-C" relation="p-p"/><contact callsign="${device.toUpperCase()}-Alert"/><emergency${cancel}>${device.toUpperCase()}</emergency></detail></event>`;
}
