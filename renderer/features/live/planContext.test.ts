import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../../shared/domain';
import { rectangle } from '../../../shared/live/areas';
import { assignmentsFor, phaseAt, plannedUnitFor, sectorAt, sectorsOf } from './planContext';
import { iso, T0 } from '../../../shared/live/fixtures';

const H = 3_600_000;
const plan = {
  operation: { id: 'op-1' },
  phases: [
    { id: 'ph1', operationId: 'op-1', name: 'Build-up', startsAt: iso(T0 - H), endsAt: iso(T0) },
    { id: 'ph2', operationId: 'op-1', name: 'Procession', startsAt: iso(T0), endsAt: iso(T0 + H) },
  ],
  features: [
    { id: 's1', kind: 'sector', name: 'North', props: { sectorCode: 'S1' }, geometry: { type: 'Polygon', coordinates: rectangle([0, 0], [1, 1]) } },
    { id: 's2', kind: 'sector', name: 'South', props: {}, geometry: { type: 'Polygon', coordinates: rectangle([0, -1], [1, 0]) } },
    { id: 'p1', kind: 'post', name: 'Gate 3', props: {}, geometry: { type: 'Point', coordinates: [0.5, 0.5] } },
  ],
  units: [{ id: 'u1', callSign: 'U101', type: 'psu' }],
  assignments: [
    {
      id: 'a1',
      unitId: 'u1',
      phaseId: 'ph1',
      target: { kind: 'sector', featureId: 's1' },
      startsAt: iso(T0 - H),
      endsAt: iso(T0),
      posture: 'standby',
      bronze: '',
    },
    {
      id: 'a2',
      unitId: 'u1',
      phaseId: 'ph2',
      target: { kind: 'post', featureId: 'p1' },
      startsAt: iso(T0),
      endsAt: iso(T0 + H),
      posture: 'deployed',
      bronze: 'Sector 1 Bronze',
    },
  ],
} as unknown as OperationBundle;

describe('the plan behind the live picture', () => {
  it('finds the sector a unit is in', () => {
    const sectors = sectorsOf(plan);
    expect(sectors.map((s) => s.label)).toEqual(['S1 North', 'South']);
    expect(sectorAt(0.5, 0.5, sectors)).toBe('s1');
    expect(sectorAt(0.5, -0.5, sectors)).toBe('s2');
    expect(sectorAt(5, 5, sectors)).toBe('');
  });
  it('knows the running phase', () => {
    expect(phaseAt(plan, T0 + 60_000)?.name).toBe('Procession');
    expect(phaseAt(plan, T0 + 2 * H)).toBeNull();
  });
  it("finds a device's planned unit by its group's call sign, else its own, ignoring case", () => {
    expect(plannedUnitFor(plan, { groupId: 'u101', callSign: 'U101-3' })?.id).toBe('u1');
    expect(plannedUnitFor(plan, { callSign: 'U101' })?.id).toBe('u1');
    expect(plannedUnitFor(plan, { callSign: 'X' })).toBeNull();
  });
  it("gives the planned unit's assignment for the current phase or the chosen one", () => {
    const unit = plannedUnitFor(plan, { callSign: 'U101' });
    expect(assignmentsFor(plan, unit, null, T0 + 60_000).map((a) => [a.phaseName, a.target])).toEqual([['Procession', 'Post: Gate 3']]);
    expect(assignmentsFor(plan, unit, 'ph1', T0 + 60_000).map((a) => a.target)).toEqual(['Sector: North']);
  });
});
