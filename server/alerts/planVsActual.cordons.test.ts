/** Cordon rules of plan vs actual: who may cross which cordon (per operation), and access points as covered posts. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CORDON_CROSSING, type CordonCrossing, type OperationBundle } from '../../shared/domain';
import type { PositionReport } from '../../shared/protocol';
import { AlertsConfig } from '../config';
import { demoOperation, frame } from '../demo/demoOperation';
import { buildLivePlan, postConditions, reportsByPlanUnit, unitConditions, type PostState } from './planVsActual';

const T0 = Date.parse('2026-06-13T10:00:00Z');
const NOW = T0 + 10 * 60_000;
const settings = AlertsConfig.parse({});
const demo = demoOperation(T0);

const member = (unit: string, u: number, v: number, p: Partial<PositionReport> = {}): PositionReport => {
  const [lon, lat] = frame(u, v);
  const time = new Date(NOW).toISOString();
  return {
    id: `${unit.toLowerCase()}-01`,
    callSign: `${unit}-01`,
    groupId: unit,
    type: 'officer',
    lon,
    lat,
    status: 'deployed',
    source: 'simulator',
    time,
    expectedIntervalS: 5,
    ...p,
  };
};

function planWith(crossing: CordonCrossing | undefined, edit: (b: OperationBundle) => OperationBundle = (b) => b) {
  const b = edit({ ...demo, operation: { ...demo.operation, ...(crossing ? { cordonCrossing: crossing } : {}) } });
  return buildLivePlan(b);
}
const breaches = (lp: ReturnType<typeof buildLivePlan>, r: PositionReport) =>
  unitConditions(lp, r, NOW)
    .filter((c) => c.kind === 'cordonBreach')
    .map((c) => c.featureId);

// (0, -40): inside the inner cordon, outside the sterile area. (0, 30): inside both.
describe("cordonBreach honours the operation's crossing rules", () => {
  it.each<[string, CordonCrossing | undefined, string, [number, number], string[]]>([
    ['defaults: medics cross an inner cordon', undefined, 'MED1', [0, -40], []],
    ['defaults: medics cross a sterile area too', undefined, 'MED1', [0, 30], []],
    ['defaults: PLT may not cross an inner cordon', undefined, 'PLT1', [0, -40], ['demo-cordon-inner']],
    ['defaults: PLT crosses the sterile area but not the inner cordon round it', undefined, 'PLT1', [0, 30], ['demo-cordon-inner']],
    ['defaults: evidence gatherers likewise', undefined, 'EG1', [0, 30], ['demo-cordon-inner']],
    ['defaults: a PSU breaches both', undefined, 'CX23', [0, 30], ['demo-cordon-inner', 'demo-cordon-sterile']],
    [
      'an operation that lets nobody through the inner cordon',
      [{ cordonType: 'inner', unitTypes: [], reserves: false }],
      'MED1',
      [0, -40],
      ['demo-cordon-inner'],
    ],
    ['an operation that lets PSUs through', [{ cordonType: 'inner', unitTypes: ['psu'], reserves: false }], 'CX23', [0, -40], []],
    [
      'a kind with no rule: nobody crosses',
      [{ cordonType: 'containment', unitTypes: ['medics'], reserves: true }],
      'MED1',
      [0, 30],
      ['demo-cordon-inner', 'demo-cordon-sterile'],
    ],
  ])('%s', (_name, crossing, unit, [u, v], expected) => {
    expect(breaches(planWith(crossing), member(unit, u, v))).toEqual(expected);
  });

  it('lets a unit held in reserve cross where reserves may, and not the same unit when deployed', () => {
    const reserve = (b: OperationBundle): OperationBundle => ({
      ...b,
      assignments: b.assignments.map((a) => (a.unitId === 'demo-unit-cx23' ? { ...a, posture: 'reserve' } : a)),
    });
    const rules: CordonCrossing = [{ cordonType: 'inner', unitTypes: [], reserves: true }];
    expect(breaches(planWith(rules, reserve), member('CX23', 0, -40))).toEqual([]);
    expect(breaches(planWith(rules), member('CX23', 0, -40))).toEqual(['demo-cordon-inner']);
  });

  it('still raises for a device no planned unit owns', () => {
    expect(breaches(planWith(undefined), member('NOBODY', 0, -40, { groupId: undefined }))).toEqual(['demo-cordon-inner']);
  });

  it('has defaults for every cordon kind it watches', () => {
    expect(DEFAULT_CORDON_CROSSING.map((r) => r.cordonType)).toEqual(['inner', 'sterile', 'containment']);
  });
});

describe('postUncovered for cordon access points', () => {
  const lp = planWith(undefined);
  const run = (reports: PositionReport[], now: number, state: PostState) =>
    postConditions(lp, reportsByPlanUnit(lp, reports), now, settings, state).filter((c) => c.id.includes('demo-ap-north'));

  it('raises for an access point whose unit is away, like a post, and clears when it arrives', () => {
    const state: PostState = new Map();
    const away = [member('CX25', 0, 400)];
    expect(run(away, NOW, state)).toEqual([]);
    const later = NOW + settings.postUncoveredAfterS * 1000;
    const raised = run(
      away.map((r) => ({ ...r, time: new Date(later).toISOString() })),
      later,
      state,
    );
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ id: 'postUncovered:demo-cordon-inner:demo-ap-north', kind: 'postUncovered', featureId: 'demo-cordon-inner' });
    expect(raised[0]!.message).toMatch(
      /^Access point "North gate \(Bedford Way\)" on inner cordon "Russell Square gardens" uncovered since \d\d:\d\d: CX25 not within \d+ m$/,
    );
    const [lon, lat] = frame(0, 80);
    expect([raised[0]!.lon, raised[0]!.lat]).toEqual([lon, lat]);
    expect(run([member('CX25', 0, 78, { time: new Date(later + 5000).toISOString() })], later + 5000, state)).toEqual([]);
  });

  it('says nothing for an access point nobody is assigned to (the plan warning covers that)', () => {
    const all = postConditions(lp, new Map(), NOW + 3600_000, settings, new Map());
    expect(all.some((c) => c.id.includes('demo-ap-west'))).toBe(false);
  });
});
