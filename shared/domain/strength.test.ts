import { describe, expect, it } from 'vitest';
import type { Strength, UnitType } from './index';
import { STANDARD_STRENGTH, describeHeadcount, headcountOf, headcountOfAll, officersOf } from './index';

const s = (inspectors: number, sergeants: number, constables: number, staff = 0): Strength => ({ inspectors, sergeants, constables, staff });

describe('headcountOf: the one officer count', () => {
  it.each<[string, UnitType, Strength, { officers: number; staff: number; partners: number }]>([
    ['standard PSU (drivers and medics are constables)', 'psu', s(1, 3, 21), { officers: 25, staff: 0, partners: 0 }],
    ['PSU with a staff loggist: staff apart', 'psu', s(1, 3, 21, 1), { officers: 25, staff: 1, partners: 0 }],
    ['TSG serial', 'tsg', s(0, 1, 6), { officers: 7, staff: 0, partners: 0 }],
    ['medics are constables too', 'medics', s(0, 0, 4), { officers: 4, staff: 0, partners: 0 }],
    ['ambulance crew: partners, not officers', 'ambulance', s(0, 0, 0, 4), { officers: 0, staff: 0, partners: 4 }],
    ['fire crew typed in the constables column: still not officers', 'fire', s(0, 1, 5), { officers: 0, staff: 0, partners: 6 }],
  ])('%s', (_name, type, strength, expected) => {
    expect(headcountOf({ type, strength })).toEqual(expected);
    expect(officersOf({ type, strength })).toBe(expected.officers);
  });

  it('counts a removed unit as nobody', () => {
    expect(officersOf(undefined)).toBe(0);
  });

  it('adds several units up and says it in words', () => {
    const h = headcountOfAll([
      { type: 'psu', strength: s(1, 3, 21, 2) },
      { type: 'ambulance', strength: s(0, 0, 0, 3) },
    ]);
    expect(h).toEqual({ officers: 25, staff: 2, partners: 3 });
    expect(describeHeadcount(h)).toBe('25 officers, 2 police staff, 3 from partner agencies');
    expect(describeHeadcount({ officers: 1, staff: 0, partners: 0 })).toBe('1 officer');
  });

  it('gives a new PSU the national model: 1 inspector, 3 sergeants, 21 constables', () => {
    expect(STANDARD_STRENGTH.psu).toEqual(s(1, 3, 21));
    expect(officersOf({ type: 'psu', strength: STANDARD_STRENGTH.psu! })).toBe(25);
  });
});
