/**
 * The server's plan-vs-actual alerts and the control room's unit panel must never contradict each other about the
 * same unit. Each case below goes through both real paths (the server's `planUnitFor` and `unitConditions`; the
 * panel's `unitPlace` and `assignmentsFor`) and the test asserts that they agree with each other and with what the
 * case says is right: which planned unit a device reports for, whether it is outside its assigned sector, and which
 * cordon it is inside. The cases cover call-sign case, group ids, holes, boundaries and multipolygons.
 */
import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../shared/domain';
import { buildAreaIndex, rectangle } from '../../shared/live/areas';
import type { PositionReport } from '../../shared/protocol';
import { assignmentsFor, unitPlace } from '../../renderer/features/live/planContext';
import { buildLivePlan, planUnitFor, unitConditions } from '../../server/alerts/planVsActual';

const T0 = Date.parse('2026-06-13T10:00:00Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = T0 + 10 * 60_000;

const feature = (id: string, kind: string, name: string, geometry: unknown, props: Record<string, unknown> = {}) => ({
  id,
  operationId: 'op',
  kind,
  name,
  notes: '',
  phaseIds: [],
  props,
  geometry,
});
const assign = (id: string, unitId: string, sectorId: string) => ({
  id,
  operationId: 'op',
  unitId,
  phaseId: 'ph',
  target: { kind: 'sector', featureId: sectorId },
  startsAt: iso(T0 - H),
  endsAt: iso(T0 + H),
  posture: 'deployed',
  bronze: '',
  notes: '',
});

/**
 * Sector "Ring" is a 10 x 10 square with a 2 x 2 hole; an inner cordon sits inside the hole. Sector "Twin" is a
 * multipolygon of two squares with a gap between them (the plan schema holds Polygons today; an imported boundary
 * may be a MultiPolygon, and both sides must judge it alike when it is).
 */
const plan = {
  operation: { id: 'op', name: 'Agreement', startsAt: iso(T0 - H), endsAt: iso(T0 + H), status: 'live', archived: false, marking: 'OFFICIAL' },
  phases: [{ id: 'ph', operationId: 'op', name: 'Live', startsAt: iso(T0 - H), endsAt: iso(T0 + H) }],
  features: [
    feature('ring', 'sector', 'Ring', { type: 'Polygon', coordinates: [...rectangle([0, 0], [10, 10]), ...rectangle([4, 4], [6, 6])] }, { sectorCode: 'S1' }),
    feature('twin', 'sector', 'Twin', { type: 'MultiPolygon', coordinates: [rectangle([20, 0], [21, 1]), rectangle([25, 0], [26, 1])] }, { sectorCode: 'S2' }),
    feature('bank', 'cordon', 'Bank', { type: 'Polygon', coordinates: rectangle([4.5, 4.5], [5.5, 5.5]) }, { cordonType: 'inner' }),
  ],
  units: [
    { id: 'u-psu1', operationId: 'op', callSign: 'PSU1', type: 'psu', strength: 7, notes: '' },
    { id: 'u-van2', operationId: 'op', callSign: 'VAN2', type: 'serial', strength: 3, notes: '' },
  ],
  assignments: [assign('a1', 'u-psu1', 'ring'), assign('a2', 'u-van2', 'twin')],
} as unknown as OperationBundle;

interface Case {
  name: string;
  device: { callSign: string; groupId?: string };
  at: [number, number];
  unit: string | null;
  outOfSector: boolean;
  /** The cordons the device is inside (and not allowed in). */
  breach: string[];
}

const CASES: Case[] = [
  {
    name: "group id in another case than the plan's call sign",
    device: { callSign: 'PSU1-03', groupId: 'psu1' },
    at: [1, 1],
    unit: 'u-psu1',
    outOfSector: false,
    breach: [],
  },
  { name: 'own call sign only, lower case with a trailing space', device: { callSign: 'psu1 ' }, at: [1, 1], unit: 'u-psu1', outOfSector: false, breach: [] },
  {
    name: 'group id wins over an own call sign naming another unit',
    device: { callSign: 'PSU1', groupId: 'VAN2' },
    at: [20.5, 0.5],
    unit: 'u-van2',
    outOfSector: false,
    breach: [],
  },
  {
    name: 'group id the plan does not know: own call sign',
    device: { callSign: 'VAN2', groupId: 'ZZ9' },
    at: [25.5, 0.5],
    unit: 'u-van2',
    outOfSector: false,
    breach: [],
  },
  { name: 'in the hole of its sector', device: { callSign: 'PSU1-01', groupId: 'PSU1' }, at: [4.2, 4.2], unit: 'u-psu1', outOfSector: true, breach: [] },
  {
    name: 'in the hole and inside the cordon there',
    device: { callSign: 'PSU1-02', groupId: 'PSU1' },
    at: [5, 5],
    unit: 'u-psu1',
    outOfSector: true,
    breach: ['bank'],
  },
  { name: "on its sector's outer boundary", device: { callSign: 'PSU1-01', groupId: 'PSU1' }, at: [0, 5], unit: 'u-psu1', outOfSector: false, breach: [] },
  { name: "on its sector's corner", device: { callSign: 'PSU1-01', groupId: 'PSU1' }, at: [10, 10], unit: 'u-psu1', outOfSector: false, breach: [] },
  { name: "on the edge of its sector's hole", device: { callSign: 'PSU1-01', groupId: 'PSU1' }, at: [4, 5], unit: 'u-psu1', outOfSector: false, breach: [] },
  { name: 'just outside its sector', device: { callSign: 'PSU1-01', groupId: 'PSU1' }, at: [10.001, 5], unit: 'u-psu1', outOfSector: true, breach: [] },
  { name: 'in the second part of a multipolygon sector', device: { callSign: 'VAN2' }, at: [25.5, 0.5], unit: 'u-van2', outOfSector: false, breach: [] },
  { name: 'in the gap between the parts of a multipolygon sector', device: { callSign: 'VAN2' }, at: [23, 0.5], unit: 'u-van2', outOfSector: true, breach: [] },
  {
    name: 'a device the roster does not know, on the cordon line',
    device: { callSign: 'NOBODY' },
    at: [4.5, 5],
    unit: null,
    outOfSector: false,
    breach: ['bank'],
  },
  {
    name: 'a device the roster does not know, elsewhere',
    device: { callSign: 'NOBODY', groupId: 'NOGROUP' },
    at: [1, 1],
    unit: null,
    outOfSector: false,
    breach: [],
  },
];

const report = (c: Case): PositionReport => ({
  id: `dev-${c.device.callSign.trim()}`,
  callSign: c.device.callSign,
  ...(c.device.groupId !== undefined ? { groupId: c.device.groupId } : {}),
  type: 'officer',
  lon: c.at[0],
  lat: c.at[1],
  status: 'deployed',
  source: 'feed',
  time: iso(NOW),
  expectedIntervalS: 5,
});

/** What the server's alert path concludes. */
function serverVerdict(c: Case) {
  const lp = buildLivePlan(plan);
  const r = report(c);
  const conditions = unitConditions(lp, r, NOW);
  return {
    unit: planUnitFor(lp, r)?.id ?? null,
    outOfSector: conditions.some((x) => x.kind === 'outOfSector'),
    breach: conditions.filter((x) => x.kind === 'cordonBreach').map((x) => x.featureId ?? ''),
  };
}

/** What the unit panel shows: its planned unit, its sector against its assignment, the cordons it is within. */
function panelVerdict(c: Case) {
  const place = unitPlace(plan, buildAreaIndex(plan), { ...c.device, lon: c.at[0], lat: c.at[1] });
  const assignedSectors = assignmentsFor(plan, place.planned, null, NOW)
    .filter((a) => a.assignment.target.kind === 'sector')
    .map((a) => a.featureId);
  const here = new Set(place.sectors.map((s) => s.id));
  return {
    unit: place.planned?.id ?? null,
    outOfSector: assignedSectors.length > 0 && !assignedSectors.some((id) => here.has(id)),
    breach: place.within.filter((a) => a.kind === 'cordon').map((a) => a.id),
  };
}

describe('the server and the control room screen agree', () => {
  it.each(CASES)('$name', (c) => {
    const expected = { unit: c.unit, outOfSector: c.outOfSector, breach: c.breach };
    expect(serverVerdict(c)).toEqual(expected);
    expect(panelVerdict(c)).toEqual(expected);
  });
});
