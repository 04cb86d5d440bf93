/** Small builders of protocol payloads for the live tests (server and screen) and the benchmark. Pure. */
import type { Alert, Delta, PositionReport, Snapshot } from '../protocol';

export const T0 = Date.parse('2024-08-26T14:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export function report(id: string, over: Partial<PositionReport> & { at?: number } = {}): PositionReport {
  const { at, ...rest } = over;
  return {
    id,
    callSign: id.toUpperCase(),
    type: 'officer',
    lon: -0.126,
    lat: 51.5218,
    status: 'deployed',
    source: 'simulator',
    time: iso(at ?? T0),
    expectedIntervalS: 5,
    ...rest,
  };
}

export function snapshot(units: PositionReport[], over: Partial<Snapshot> = {}): Snapshot {
  return { operationId: 'op-1', seq: 10, serverTime: iso(T0), units, alerts: [], plan: null, ...over };
}

export function delta(seq: number, units: PositionReport[], over: Partial<Delta> = {}): Delta {
  return { operationId: 'op-1', seq, serverTime: iso(T0 + (seq - 10) * 1000), units, removed: [], alerts: [], ...over };
}

export function alert(id: string, over: Partial<Alert> = {}): Alert {
  return { id, operationId: 'op-1', kind: 'outOfSector', severity: 'medium', message: `Alert ${id}`, raisedAt: iso(T0), ...over };
}
