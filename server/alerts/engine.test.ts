import { describe, expect, it } from 'vitest';
import type { Alert, PositionReport } from '../../shared/protocol';
import { AlertsConfig } from '../config';
import { demoOperation, frame } from '../demo/demoOperation';
import type { EmergencyRecord } from '../store/types';
import { AlertEngine } from './engine';

const T0 = Date.parse('2026-06-13T10:00:00Z');
const NOW = T0 + 10 * 60_000;
const settings = AlertsConfig.parse({ authorityWarningMin: 0 });

function pos(u: number, v: number, t: number, p: Partial<PositionReport> = {}): PositionReport {
  const [lon, lat] = frame(u, v);
  return {
    id: 'cx23-01',
    callSign: 'CX23-01',
    groupId: 'CX23',
    type: 'officer',
    lon,
    lat,
    status: 'deployed',
    source: 'feed',
    time: new Date(t).toISOString(),
    expectedIntervalS: 5,
    ...p,
  };
}

function latch(unitId: string, t: number): EmergencyRecord {
  return {
    operationId: 'op',
    unitId,
    origin: 'cot',
    label: '911 Alert',
    raisedAt: new Date(t).toISOString(),
    receivedAt: new Date(t).toISOString(),
    lon: -0.12,
    lat: 51.52,
  };
}

describe('AlertEngine', () => {
  it('raises, keeps, clears and re-raises an alert under one id, and records the acknowledgement', () => {
    const e = new AlertEngine('demo-operation', settings);
    e.setPlan(demoOperation(T0));
    const latest = new Map<string, PositionReport>();
    const put = (r: PositionReport) => {
      latest.set(r.id, r);
      return [r.id];
    };

    let changed = e.evaluate(NOW, latest, put(pos(-500, -300, NOW)));
    const outOfSector = changed.filter((a) => a.kind === 'outOfSector');
    expect(outOfSector).toHaveLength(1);
    const id = outOfSector[0]!.id;
    expect(outOfSector[0]).toMatchObject({ raisedAt: new Date(NOW).toISOString(), unitId: 'cx23-01', operationId: 'demo-operation' });

    // Still outside: nothing new.
    changed = e.evaluate(NOW + 1000, latest, put(pos(-510, -300, NOW + 1000)));
    expect(changed.filter((a) => a.id === id)).toEqual([]);

    // Back in: cleared, but still listed until acknowledged.
    changed = e.evaluate(NOW + 2000, latest, put(pos(0, 400, NOW + 2000)));
    expect(changed.find((a) => a.id === id)?.clearedAt).toBe(new Date(NOW + 2000).toISOString());
    expect(e.get(id)).toBeDefined();
    const ack = e.acknowledgement(id, 'PS Grey (controller)', NOW + 3000);
    expect(ack.ok && ack.value).toMatchObject({ acknowledgedBy: 'PS Grey (controller)', acknowledgedAt: new Date(NOW + 3000).toISOString() });
    // Proposed, not kept, until the server has stored it.
    expect(e.get(id)?.acknowledgedAt).toBeUndefined();
    expect(e.applyAck(ack.ok ? ack.value : (null as never))?.acknowledgedBy).toBe('PS Grey (controller)');
    expect(e.get(id)).toBeUndefined();
    expect(e.acknowledgement(id, 'again', NOW + 4000).ok).toBe(false);

    // Out again: the same id, a new occurrence, not acknowledged.
    changed = e.evaluate(NOW + 5000, latest, put(pos(-500, -300, NOW + 5000)));
    const again = changed.find((a) => a.id === id)!;
    expect(again.raisedAt).toBe(new Date(NOW + 5000).toISOString());
    expect(again.acknowledgedAt).toBeUndefined();
    expect(again.clearedAt).toBeUndefined();
  });

  it('keeps the first acknowledgement, and takes one made on another process', () => {
    const e = new AlertEngine('op', settings);
    const latest = new Map([['r', pos(0, 0, NOW, { id: 'r', status: 'emergency' })]]);
    const latches = new Map([['r', latch('r', NOW)]]);
    const [raised] = e.evaluate(NOW, latest, ['r'], latches);
    const first = e.acknowledgement(raised!.id, 'A', NOW + 1);
    e.applyAck(first.ok ? first.value : (null as never));
    const second = e.acknowledgement(raised!.id, 'B', NOW + 2);
    expect(first.ok && second.ok && second.value.acknowledgedBy).toBe('A');

    const other = new AlertEngine('op', settings);
    other.evaluate(NOW, latest, ['r'], latches);
    const merged = other.applyAck(first.ok ? first.value : (null as never));
    expect(merged?.acknowledgedBy).toBe('A');
    expect(other.applyAck(first.ok ? first.value : (null as never))).toBeNull();
    const unknown: Alert = { ...raised!, id: 'elsewhere', acknowledgedBy: 'C', acknowledgedAt: new Date(NOW).toISOString() };
    expect(other.applyAck(unknown)).toEqual(unknown);
  });

  it('raises an emergency from its latch, not from the latest report: position unknown, later reports, cleared only with the latch', () => {
    const e = new AlertEngine('op', settings);
    const latest = new Map<string, PositionReport>();
    const latches = new Map([['tak-1', { ...latch('tak-1', NOW), lon: undefined, lat: undefined, callSign: 'Bravo 1' }]]);
    const [raised] = e.evaluate(NOW, latest, [], latches);
    expect(raised).toMatchObject({ kind: 'emergency', severity: 'critical', message: 'Emergency activation: Bravo 1 (911 Alert): position unknown' });
    expect(raised!.lon).toBeUndefined();
    // An ordinary report of the device does not clear it; it gives the alert a position.
    latest.set('tak-1', pos(0, 0, NOW + 1000, { id: 'tak-1', callSign: 'Bravo 1', status: 'available' }));
    const [moved] = e.evaluate(NOW + 1000, latest, ['tak-1'], latches);
    expect(moved).toMatchObject({ id: raised!.id, message: 'Emergency activation: Bravo 1 (911 Alert)' });
    expect(moved!.clearedAt).toBeUndefined();
    expect(moved!.lon).toBeTypeOf('number');
    // Only the latch going clears it.
    const cleared = e.evaluate(NOW + 2000, latest, ['tak-1'], new Map());
    expect(cleared.find((a) => a.id === raised!.id)?.clearedAt).toBe(new Date(NOW + 2000).toISOString());
  });

  it('re-runs per-report rules only for changed units between plan changes, and keeps time-based alerts between their runs', () => {
    const e = new AlertEngine('demo-operation', settings);
    e.setPlan(demoOperation(T0));
    const latest = new Map<string, PositionReport>([['cx23-01', pos(-500, -300, NOW)]]);
    expect(
      e
        .evaluate(NOW, latest, [])
        .map((a) => a.kind)
        .sort(),
    ).toContain('outOfSector');
    // Changing the report without marking it dirty is not seen...
    latest.set('cx23-01', pos(0, 400, NOW + 1000));
    expect(e.evaluate(NOW + 1000, latest, [], new Map(), false).filter((a) => a.kind === 'outOfSector')).toEqual([]);
    // ...until it is marked, or the plan changes.
    e.setPlan(demoOperation(T0));
    expect(e.evaluate(NOW + 2000, latest, [], new Map(), false).find((a) => a.kind === 'outOfSector')?.clearedAt).toBeDefined();
    // Post alerts from the last time-based run survive a per-report-only run.
    const posts = e.evaluate(NOW + 200_000, latest, []).filter((a) => a.kind === 'postUncovered');
    expect(posts.length).toBeGreaterThan(0);
    expect(e.evaluate(NOW + 200_100, latest, ['cx23-01'], new Map(), false).filter((a) => a.kind === 'postUncovered')).toEqual([]);
    expect(e.list().filter((a) => a.kind === 'postUncovered' && !a.clearedAt)).toHaveLength(posts.length);
  });
});
