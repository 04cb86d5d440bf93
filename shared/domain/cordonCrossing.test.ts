import { describe, expect, it } from 'vitest';
import { CordonCrossing, DEFAULT_CORDON_CROSSING, mayCross, withCrossing, type CordonType, type Posture, type UnitType } from './index';

describe('mayCross', () => {
  it.each<[string, CordonCrossing | undefined, CordonType | undefined, UnitType | undefined, Posture[], boolean]>([
    ['medics, inner, defaults', undefined, 'inner', 'medics', [], true],
    ['PLT, inner, defaults', undefined, 'inner', 'plt', [], false],
    ['PLT, sterile, defaults', undefined, 'sterile', 'plt', [], true],
    ['evidence gatherers, containment, defaults', undefined, 'containment', 'evidence', [], true],
    ['a PSU in reserve, containment, defaults', undefined, 'containment', 'psu', ['reserve'], true],
    ['a deployed PSU, containment, defaults', undefined, 'containment', 'psu', ['deployed'], false],
    ['a PSU in reserve, inner, defaults', undefined, 'inner', 'psu', ['reserve'], false],
    ['a kind the rules do not name', undefined, 'outer', 'medics', [], false],
    ['no unit type (a device not in the plan)', undefined, 'inner', undefined, [], false],
    ['an operation that closes the inner cordon to medics', [{ cordonType: 'inner', unitTypes: [], reserves: false }], 'inner', 'medics', [], false],
    ['an operation that opens it to dogs', [{ cordonType: 'inner', unitTypes: ['dogs'], reserves: false }], 'inner', 'dogs', [], true],
  ])('%s', (_name, rules, cordonType, unitType, postures, expected) => {
    expect(mayCross(rules, cordonType, unitType, postures)).toBe(expected);
  });

  it('defaults parse as the schema says, and the schema refuses unknown kinds', () => {
    expect(CordonCrossing.parse(DEFAULT_CORDON_CROSSING)).toEqual(DEFAULT_CORDON_CROSSING);
    expect(CordonCrossing.safeParse([{ cordonType: 'outer', unitTypes: [], reserves: false }]).success).toBe(false);
  });
});

describe('withCrossing', () => {
  it('turns one permission on or off and keeps the defaults of the rest', () => {
    const on = withCrossing(undefined, 'inner', 'plt', true);
    expect(on.find((r) => r.cordonType === 'inner')).toEqual({ cordonType: 'inner', unitTypes: ['medics', 'plt'], reserves: false });
    expect(on.filter((r) => r.cordonType !== 'inner')).toEqual(DEFAULT_CORDON_CROSSING.filter((r) => r.cordonType !== 'inner'));
    expect(withCrossing(on, 'inner', 'plt', false).find((r) => r.cordonType === 'inner')?.unitTypes).toEqual(['medics']);
    expect(withCrossing(on, 'inner', 'plt', true)).toEqual(on);
    expect(withCrossing(undefined, 'inner', 'reserves', true).find((r) => r.cordonType === 'inner')?.reserves).toBe(true);
  });

  it('fills in a kind an older operation had not set', () => {
    const rules = withCrossing([{ cordonType: 'inner', unitTypes: [], reserves: false }], 'sterile', 'dogs', true);
    expect(rules.map((r) => [r.cordonType, r.unitTypes])).toEqual([
      ['inner', []],
      ['sterile', ['dogs']],
      ['containment', []],
    ]);
  });
});
