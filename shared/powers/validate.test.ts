import { describe, expect, it } from 'vitest';
import type { OfficerRank } from '../domain/enums';
import { Power, type PowerType } from './index';
import { validatePower, blocksAuthorisation, type ValidationContext } from './validate';

const T0 = '2026-06-06T10:00:00.000Z';
const at = (h: number) => new Date(Date.parse(T0) + h * 3600_000).toISOString();
const ctx: ValidationContext = { eventEndsAt: at(12), featureIds: new Set(['area-1']) };

function power(type: PowerType, o: Partial<Power> & { rank?: OfficerRank; hours?: number } = {}): Power {
  const { rank = 'superintendent', hours = 10, ...rest } = o;
  return Power.parse({
    id: 'p1',
    type,
    authoriser: { name: 'A Officer', rank, collar: '123' },
    grounds: 'Intelligence of planned violence between rival groups.',
    areaFeatureId: 'area-1',
    startsAt: T0,
    endsAt: at(hours),
    ...rest,
  });
}
const ext = (rank: OfficerRank, newEndsAt: string, atIso = at(1)) => ({
  by: { name: 'B Officer', rank, collar: '9' },
  at: atIso,
  recordedAt: atIso,
  newEndsAt,
  grounds: 'Further disorder.',
});
const cites = (p: Power, c: ValidationContext = ctx) => validatePower(p, c).map((i) => `${i.severity} ${i.cite}`);

describe('validatePower: the worked example', () => {
  it('a 30-hour s.60 by an inspector gives two errors, each naming its subsection', () => {
    const issues = validatePower(power('s60', { rank: 'inspector', hours: 30 }), ctx);
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.cite)).toEqual(['CJPOA 1994 s.60(1)', 'CJPOA 1994 s.60(3A)']);
    expect(issues[0]!.message).toMatch(/^CJPOA 1994 s\.60\(1\): .*at most 24 hours; this one lasts 30 hours/);
  });
});

describe('rank: the lowest rank that may give each power', () => {
  it.each([
    ['s60', 'sergeant', ['error CJPOA 1994 s.60(1)', 'error CJPOA 1994 s.60(3A)']],
    ['s60', 'inspector', ['error CJPOA 1994 s.60(3A)']],
    ['s60', 'superintendent', []],
    ['s60AA', 'sergeant', ['error CJPOA 1994 s.60AA(3)', 'error CJPOA 1994 s.60AA(5)']],
    ['s34', 'sergeant', ['error ASBCPA 2014 s.34(1)']],
    ['s34', 'inspector', []],
    ['poa2023s11', 'constable', ['error POA 2023 s.11(1)', 'error POA 2023 s.11']],
    ['s14', 'superintendent', ['error POA 1986 s.14(2)(b) and s.15']],
    ['s14', 'assistantChiefConstable', []],
    ['s13', 'assistantChiefConstable', ['error POA 1986 s.13(1) and s.13(4)', 'warning POA 1986 s.13(4)']],
  ] as const)('%s by a %s', (type, rank, expected) => {
    expect(cites(power(type, { rank, hours: 10 }))).toEqual(expected);
  });

  it('conditions given at the scene may come from the most senior officer present, of any rank, without writing', () => {
    expect(cites(power('s12', { rank: 'inspector', atScene: true, grounds: '' }))).toEqual([]);
    expect(cites(power('s12', { rank: 'inspector', atScene: false }))).toEqual(['error POA 1986 s.12(2)(b) and s.15']);
  });

  it('names the authorising officer', () => {
    expect(cites(power('s34', { rank: 'inspector', authoriser: { name: ' ', rank: 'inspector', collar: '' } }))).toEqual(['error ASBCPA 2014 s.34(1)']);
  });
});

describe('duration: the longest period each power may be given for', () => {
  it.each([
    ['s60', 24, []],
    ['s60', 24.5, ['error CJPOA 1994 s.60(1)']],
    ['s60AA', 25, ['error CJPOA 1994 s.60AA(3)']],
    ['s34', 48, []],
    ['s34', 49, ['error ASBCPA 2014 s.34(1)']],
    ['s14A', 97, ['error POA 1986 s.14A(6)', 'warning POA 1986 s.14A(4)']],
    ['poa2023s11', 30, ['error POA 2023 s.11']],
  ] as const)('%s for %s hours', (type, hours, expected) => {
    const rank = type === 's14A' ? 'chiefConstable' : 'superintendent';
    expect(cites(power(type, { rank, hours }))).toEqual(expected);
  });

  it('an authorisation with no end is an error; conditions without an end last for the event', () => {
    expect(cites(power('s60', { endsAt: undefined }))).toEqual(['error CJPOA 1994 s.60(1)']);
    expect(cites(power('s14', { rank: 'chiefConstable', endsAt: undefined }))).toEqual([]);
    expect(cites(power('s14', { rank: 'chiefConstable', hours: 20 }))).toEqual(['warning POA 1986 s.14(1)']);
  });

  it('an end before the start is an error', () => {
    expect(validatePower(power('s60', { hours: -1 }), ctx).map((i) => i.rule)).toEqual(['times']);
  });
});

describe('extension: who may continue a power, how far and how often', () => {
  it.each([
    ['one by a superintendent for 24 hours', [ext('superintendent', at(39))], []],
    ['by an inspector', [ext('inspector', at(39))], ['error CJPOA 1994 s.60(3)']],
    ['by more than 24 hours', [ext('chiefSuperintendent', at(40))], ['error CJPOA 1994 s.60(3)']],
    ['a second extension', [ext('superintendent', at(39)), ext('superintendent', at(50), at(30))], ['error CJPOA 1994 s.60(3)']],
    ['after it lapsed', [ext('superintendent', at(39), at(16))], ['error CJPOA 1994 s.60(3)']],
    ['to an earlier end', [ext('superintendent', at(10))], ['error CJPOA 1994 s.60(3)']],
  ] as const)('s.60 (15 h) extended %s', (_name, extensions, expected) => {
    expect(cites(power('s60', { hours: 15, extensions: [...extensions] }))).toEqual(expected);
  });

  it('the second-extension message says once only', () => {
    const p = power('s60', { hours: 15, extensions: [ext('superintendent', at(39)), ext('superintendent', at(50), at(30))] });
    expect(validatePower(p, ctx)[0]!.message).toMatch(/^CJPOA 1994 s\.60\(3\): .*continued once only/);
  });

  it('a s.34 dispersal authorisation cannot be extended at all', () => {
    expect(cites(power('s34', { rank: 'inspector', hours: 24, extensions: [ext('superintendent', at(30))] }))).toEqual(['error ASBCPA 2014 s.34(1)']);
  });
});

describe('grounds, notification, area, s.35 and s.11', () => {
  it.each([
    ['s60', 'error CJPOA 1994 s.60(9)'],
    ['s34', 'error ASBCPA 2014 s.34(4)'],
    ['s14', 'warning POA 1986 s.14(3)'],
  ] as const)('%s without written grounds', (type, expected) => {
    const rank = type === 's14' ? 'chiefConstable' : 'superintendent';
    expect(cites(power(type, { rank, grounds: '' }))).toEqual([expected]);
  });

  it.each([
    ['no one', [], ['error CJPOA 1994 s.60AA(5)']],
    ['a chief inspector', [{ who: 'CI Patel', rank: 'chiefInspector', at: at(1), recordedAt: at(1) }], ['error CJPOA 1994 s.60AA(5)']],
    ['a superintendent', [{ who: 'Supt Jones', rank: 'superintendent', at: at(1), recordedAt: at(1) }], []],
  ] as const)('s.60AA by an inspector notified to %s', (_n, notifications, expected) => {
    expect(cites(power('s60AA', { rank: 'inspector', notifications: [...notifications] }))).toEqual(expected);
  });

  it('a missing notification is an error but does not stop authorising; a missing area does', () => {
    const issues = validatePower(power('s60', { rank: 'inspector', areaFeatureId: undefined }), ctx);
    expect(issues.map((i) => [i.rule, blocksAuthorisation(i)])).toEqual([
      ['notification', false],
      ['area', true],
    ]);
    expect(cites(power('s60', { areaFeatureId: 'deleted' }))).toEqual(['error CJPOA 1994 s.60(9)']);
  });

  it('a s.35 direction needs a s.34 authorisation in force when it is given', () => {
    const s34 = power('s34', { id: 'auth', rank: 'inspector', hours: 48 });
    const c = { ...ctx, powers: [s34] };
    expect(cites(power('s35', { rank: 'constable', hours: 2 }), c)).toEqual(['error ASBCPA 2014 s.35(1)']);
    expect(cites(power('s35', { rank: 'constable', hours: 2, underPowerId: 'auth' }), c)).toEqual([]);
    expect(cites(power('s35', { rank: 'constable', startsAt: at(50), endsAt: at(52), underPowerId: 'auth' }), c)).toEqual(['error ASBCPA 2014 s.35(1)']);
  });

  it('a s.11 notice is not authorised by anyone but should arrive 6 clear days ahead', () => {
    const notice = (daysBefore: number) => power('s11', { rank: 'constable', endsAt: undefined, noticeReceivedAt: at(-24 * daysBefore) });
    expect(cites(notice(7))).toEqual([]);
    expect(cites(notice(3))).toEqual(['warning POA 1986 s.11(5)']);
  });
});
