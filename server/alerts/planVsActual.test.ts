import { describe, expect, it } from 'vitest';
import type { PositionReport } from '../../shared/protocol';
import { AlertsConfig } from '../config';
import type { EmergencyRecord } from '../store/types';
import { demoOperation, frame } from '../demo/demoOperation';
import {
  alertId,
  assignedSectors,
  authorityConditions,
  buildLivePlan,
  emergencyConditions,
  lostConditions,
  planEpoch,
  postConditions,
  reportsByPlanUnit,
  unitConditions,
  type PostState,
} from './planVsActual';

// demoOperation(T0) starts its Build-up phase at T0 rounded down to the quarter hour, minus an hour.
const T0 = Date.parse('2026-06-13T10:00:00Z');
const START = T0 - 3600_000;
const NOW = T0 + 10 * 60_000;
const plan = demoOperation(T0);
const lp = buildLivePlan(plan);
const settings = AlertsConfig.parse({});

const at = (u: number, v: number, p: Partial<PositionReport> = {}): PositionReport => {
  const [lon, lat] = frame(u, v);
  return {
    id: 'dev',
    callSign: 'X',
    type: 'officer',
    lon,
    lat,
    status: 'deployed',
    source: 'simulator',
    time: new Date(NOW).toISOString(),
    expectedIntervalS: 5,
    ...p,
  };
};
const member = (unit: string, u: number, v: number, p: Partial<PositionReport> = {}) =>
  at(u, v, { id: `${unit.toLowerCase()}-01`, callSign: `${unit}-01`, groupId: unit, ...p });
const kinds = (r: PositionReport, now = NOW) => unitConditions(lp, r, now).map((c) => c.kind);

describe('outOfSector', () => {
  it('flags a unit outside the sector it patrols, by call sign or group', () => {
    expect(kinds(member('CX23', 0, 400))).toEqual([]);
    const out = unitConditions(lp, member('CX23', -500, -300), NOW);
    expect(out).toMatchObject([
      { id: 'outOfSector:cx23-01', kind: 'outOfSector', severity: 'medium', featureId: 'demo-sector-2', unitId: 'cx23-01', callSign: 'CX23-01' },
    ]);
    expect(out[0]!.message).toBe('CX23-01 (CX23) is outside its assigned sector S2 "Tavistock and Gordon Squares"');
    expect(kinds(at(-500, -300, { callSign: 'CX23' }))).toEqual(['outOfSector']);
  });

  it('takes the sector of an assigned post or access point, and leaves alone units on a break or unknown to the plan', () => {
    // CX21 holds the Euston Square post, in S1.
    expect(assignedSectors(lp, 'demo-unit-cx21', NOW).map((s) => s.id)).toEqual(['demo-sector-1']);
    expect(unitConditions(lp, member('CX21', 0, 0), NOW)[0]?.message).toContain('sector S1 "Euston Road"');
    expect(kinds(member('CX23', -500, -300, { status: 'refreshment' }))).toEqual([]);
    expect(kinds(at(-500, -300, { callSign: 'STRANGER' }))).toEqual([]);
  });

  it('follows the phases: on its route segment in the Procession phase, CX21 has no sector', () => {
    const procession = START + 3.5 * 3600_000;
    expect(assignedSectors(lp, 'demo-unit-cx21', procession)).toEqual([]);
    expect(kinds(member('CX21', 0, 0), procession)).not.toContain('outOfSector');
  });
});

describe('cordonBreach', () => {
  it('flags anyone inside an inner cordon or sterile area they are not assigned to', () => {
    expect(kinds(member('CX23', 40, -40))).toEqual(['outOfSector', 'cordonBreach']);
    const stranger = unitConditions(lp, at(40, -40, { id: 'tak-9', callSign: 'Nobody' }), NOW);
    expect(stranger.map((c) => [c.id, c.featureId])).toEqual([['cordonBreach:tak-9:demo-cordon-inner', 'demo-cordon-inner']]);
    expect(stranger[0]!.message).toBe('Nobody is inside inner cordon "Russell Square gardens", which it is not assigned to');
    // CX25 staffs the north gate: the inner cordon is its own, the stage's sterile area is not.
    expect(kinds(member('CX25', 0, 70))).toEqual([]);
    expect(unitConditions(lp, member('CX25', 0, 30), NOW).map((c) => c.featureId)).toEqual(['demo-cordon-sterile']);
  });

  it('only while the cordon is active', () => {
    const standDown = START + 7.5 * 3600_000;
    expect(kinds(at(40, -40, { callSign: 'Nobody' }), standDown)).toEqual([]);
  });
});

describe('emergency', () => {
  const latch = (p: Partial<EmergencyRecord> = {}): EmergencyRecord => ({
    operationId: 'demo-operation',
    unitId: 'radio-7',
    origin: 'cot',
    label: '911 Alert',
    raisedAt: new Date(NOW).toISOString(),
    receivedAt: new Date(NOW).toISOString(),
    ...p,
  });

  it('is raised from the latch, with or without a plan, at the newest known position', () => {
    const r = at(0, 500, { id: 'radio-7', callSign: 'CX22-04', groupId: 'CX22', status: 'available' });
    const latest = new Map([[r.id, r]]);
    expect(emergencyConditions(null, [latch()], latest)).toEqual([
      expect.objectContaining({
        id: 'emergency:radio-7',
        kind: 'emergency',
        severity: 'critical',
        message: 'Emergency activation: CX22-04 (911 Alert)',
        lon: r.lon,
        lat: r.lat,
      }),
    ]);
    expect(emergencyConditions(lp, [latch()], latest)[0]!.message).toBe('Emergency activation: CX22-04 (CX22) (911 Alert)');
  });

  it('says "position unknown" when the device has never given a fix', () => {
    const [c] = emergencyConditions(lp, [latch({ callSign: 'Bravo 1' })], new Map());
    expect(c!.message).toBe('Emergency activation: Bravo 1 (911 Alert): position unknown');
    expect(c!.lon).toBeUndefined();
  });

  it('is not raised by a report in emergency without a latch (the hub latches it)', () => {
    expect(unitConditions(null, at(0, 500, { status: 'emergency' }), NOW)).toEqual([]);
  });
});

describe('unitLost', () => {
  it('flags planned devices silent for more than 5 expected intervals', () => {
    const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
    const reports = [
      member('CX21', -300, 761, { id: 'a', time: ago(20) }),
      member('CX21', -300, 761, { id: 'b', time: ago(26) }),
      member('CX21', -300, 761, { id: 'c', time: ago(600), status: 'offDuty' }),
      at(0, 0, { id: 'd', callSign: 'UNPLANNED', time: ago(600) }),
    ];
    const lost = lostConditions(lp, reports, NOW, settings);
    expect(lost.map((c) => c.id)).toEqual(['unitLost:b']);
    expect(lost[0]!.since).toBe(NOW - 26_000 + 25_000);
    expect(lost[0]!.message).toMatch(/^CX21-01 \(CX21\) lost: no report since \d\d:\d\d \(expected every 5 s\)$/);
  });
});

describe('postUncovered', () => {
  const run = (reports: PositionReport[], now: number, state: PostState) =>
    postConditions(lp, reportsByPlanUnit(lp, reports), now, settings, state).filter((c) => c.featureId === 'demo-post-4');

  it('raises after the grace time when none of the assigned units is within tolerance, and clears when one arrives', () => {
    const state: PostState = new Map();
    const away = [member('CX24', 78, 300)];
    expect(run(away, NOW, state)).toEqual([]);
    expect(state.get('demo-post-4')?.since).toBe(NOW);
    expect(run(away, NOW + 119_000, state)).toEqual([]);
    const raised = run(
      away.map((r) => ({ ...r, time: new Date(NOW + 120_000).toISOString() })),
      NOW + 120_000,
      state,
    );
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ id: 'postUncovered:demo-post-4', kind: 'postUncovered', since: NOW + 120_000 });
    expect(raised[0]!.message).toMatch(/^Post "Tavistock Square east" uncovered since \d\d:\d\d: CX24 not within 30 m$/);
    const back = [member('CX24', 78 + 10, 396, { time: new Date(NOW + 125_000).toISOString() })];
    expect(run(back, NOW + 125_000, state)).toEqual([]);
    expect(state.has('demo-post-4')).toBe(false);
  });

  it('does not count a stale fix, and restarts the clock with each phase', () => {
    const state: PostState = new Map();
    const stale = [member('CX24', 78, 396, { time: new Date(NOW - 60_000).toISOString() })];
    run(stale, NOW, state);
    expect(run(stale, NOW + 121_000, state)).toHaveLength(1);
    // Procession phase: the clock starts again at the phase start.
    const procStart = START + 3 * 3600_000;
    run(stale, procStart + 1000, state);
    expect(state.get('demo-post-4')?.since).toBe(procStart + 1000);
  });
});

describe('authorityExpiring', () => {
  it('warns 30 minutes before an authority expires, then says it has expired', () => {
    // The demo's s.35 runs out 35 minutes after T0.
    expect(authorityConditions(lp, T0 + 60_000, settings)).toEqual([]);
    const warn = authorityConditions(lp, T0 + 6 * 60_000, settings);
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ id: 'authorityExpiring:demo-authority-s35', severity: 'high', since: T0 + 5 * 60_000 });
    expect(warn[0]!.message).toMatch(/^s\.35 dispersal authorisation "s\.35 Russell Square" expires at \d\d:\d\d \(authorised by Insp M\. Clarke\)$/);
    expect(authorityConditions(lp, T0 + 40 * 60_000, settings)[0]!.message).toMatch(/expired at/);
    const closed = buildLivePlan({ ...plan, operation: { ...plan.operation, status: 'closed' } });
    expect(authorityConditions(closed, T0 + 40 * 60_000, settings)).toEqual([]);
  });
});

describe('helpers', () => {
  it('plan epochs change at phase and assignment boundaries only', () => {
    expect(planEpoch(lp, NOW)).toBe(planEpoch(lp, NOW + 60_000));
    expect(planEpoch(lp, START + 3 * 3600_000)).toBeGreaterThan(planEpoch(lp, START + 3 * 3600_000 - 1));
  });

  it('keeps alert ids within the schema limit, stably', () => {
    const long = alertId('cordonBreach', 'x'.repeat(120), 'y'.repeat(100));
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long).toBe(alertId('cordonBreach', 'x'.repeat(120), 'y'.repeat(100)));
    expect(long).not.toBe(alertId('cordonBreach', 'x'.repeat(120), 'z'.repeat(100)));
  });
});
