import { describe, expect, it } from 'vitest';
import type { Unit } from '../domain';
import { matchPlannedUnit, plannedUnitIn, plannedUnitIndex } from './plannedUnit';

const units = [
  { id: 'u1', callSign: 'U101', type: 'psu' },
  { id: 'u2', callSign: 'CX22', type: 'psu' },
  { id: 'u3', callSign: 'u101', type: 'psu' },
] as Unit[];
const ix = plannedUnitIndex(units);

describe("a device's planned unit", () => {
  it('is its group first: the binding the feed configuration makes', () => {
    expect(matchPlannedUnit(ix, { groupId: 'CX22', callSign: 'U101' })?.id).toBe('u2');
  });
  it('is its own call sign when its group is not in the plan, or it has none', () => {
    expect(matchPlannedUnit(ix, { groupId: 'ZZ9', callSign: 'CX22' })?.id).toBe('u2');
    expect(matchPlannedUnit(ix, { callSign: 'CX22' })?.id).toBe('u2');
  });
  it('ignores case and stray spaces in either', () => {
    expect(matchPlannedUnit(ix, { groupId: ' cx22 ', callSign: 'x' })?.id).toBe('u2');
    expect(matchPlannedUnit(ix, { callSign: 'Cx22' })?.id).toBe('u2');
  });
  it('takes the first unit of the plan when two call signs differ only in case', () => {
    expect(matchPlannedUnit(ix, { callSign: 'U101' })?.id).toBe('u1');
  });
  it('is none for a device the roster does not know, or with no plan', () => {
    expect(matchPlannedUnit(ix, { groupId: '', callSign: 'NOBODY' })).toBeNull();
    expect(plannedUnitIn(null, { callSign: 'U101' })).toBeNull();
  });
});
