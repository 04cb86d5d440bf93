import { describe, expect, it } from 'vitest';
import { groupUnits, plannedTypesOf } from './grouping';
import type { LiveUnit } from './liveUnit';
import { report, T0 } from './fixtures';

const unit = (id: string, over: Partial<LiveUnit> = {}): LiveUnit => ({ ...report(id), timeMs: T0, receivedAt: T0, ...over });

describe('grouping by organisation', () => {
  it('collapses the members of each PSU or serial at their centroid, with a count; others stay individual', () => {
    const groups = groupUnits(
      [unit('a', { groupId: 'U101', lon: 0, lat: 51 }), unit('b', { groupId: 'U101', lon: 0.002, lat: 51.002 }), unit('c', { groupId: 'U102' }), unit('lone')],
      T0,
    );
    expect(groups.map((g) => [g.groupId, g.count])).toEqual([
      ['U101', 2],
      ['U102', 1],
    ]);
    expect(groups[0]!.lon).toBeCloseTo(0.001);
    expect(groups[0]!.lat).toBeCloseTo(51.001);
    expect(groups[0]!.memberIds).toEqual(['a', 'b']);
  });
  it('orders groups by call sign, numerically', () => {
    const groups = groupUnits([unit('a', { groupId: 'U110' }), unit('b', { groupId: 'U12' }), unit('c', { groupId: 'U9' })], T0);
    expect(groups.map((g) => g.groupId)).toEqual(['U9', 'U12', 'U110']);
  });
  it('shows an emergency in any member on the whole group, otherwise the majority status', () => {
    const members = [
      unit('a', { groupId: 'G', status: 'available' }),
      unit('b', { groupId: 'G', status: 'deployed' }),
      unit('c', { groupId: 'G', status: 'deployed' }),
    ];
    expect(groupUnits(members, T0)[0]!.status).toBe('deployed');
    expect(groupUnits([...members, unit('d', { groupId: 'G', status: 'emergency' })], T0)[0]!.status).toBe('emergency');
  });
  it('counts members that are late or missing, and leaves expired members out of the centroid', () => {
    const now = T0 + 20_000; // 5 s interval: 20 s old is lost, 60 s old is expired
    const groups = groupUnits(
      [
        unit('a', { groupId: 'G', lon: 1, lat: 51, timeMs: now }),
        unit('b', { groupId: 'G', lon: 1, lat: 51, timeMs: now - 20_000 }),
        unit('c', { groupId: 'G', lon: 9, lat: 59, timeMs: now - 60_000 }),
      ],
      now,
    );
    expect(groups[0]).toMatchObject({ count: 3, notFresh: 2, missing: 2, lon: 1, lat: 51 });
  });
  it("takes the group's type from the plan when it knows the call sign", () => {
    const groups = groupUnits([unit('a', { groupId: 'U101' })], T0, plannedTypesOf([{ callSign: 'U101', type: 'psu' }]));
    expect(groups[0]!.type).toBe('psu');
    expect(groupUnits([unit('a', { groupId: 'X' })], T0)[0]!.type).toBe('officer');
  });
  it('knows the planned call sign whatever case the devices report it in, as the alerts do', () => {
    const groups = groupUnits([unit('a', { groupId: 'u101 ' })], T0, plannedTypesOf([{ callSign: 'U101', type: 'psu' }]));
    expect(groups[0]!.type).toBe('psu');
  });
});
