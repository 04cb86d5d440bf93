import { describe, expect, it } from 'vitest';
import { Power } from './schema';
import { effectiveEnd, formatTimeLeft, livePowers, powerStatus } from './status';

const T0 = Date.parse('2026-06-13T10:00:00Z');
const at = (h: number) => new Date(T0 + h * 3600_000).toISOString();
const ctx = { eventEndsAt: at(12) };
const officer = { name: 'Ada Hale', rank: 'superintendent' as const, collar: '' };
const p = (o: Partial<Power>) => Power.parse({ id: 'x', type: 's60', authoriser: officer, startsAt: at(0), endsAt: at(4), authorisedAt: at(0), ...o });

describe('power status', () => {
  it.each([
    ['draft until authorised, whatever the time', p({ authorisedAt: undefined }), at(1), 'draft'],
    ['planned before its start', p({}), at(-1), 'planned'],
    ['in force from its start', p({}), at(0), 'inForce'],
    ['expired at its end', p({}), at(4), 'expired'],
    [
      'in force past the end while extended',
      p({ extensions: [{ by: officer, at: at(3), recordedAt: at(3), newEndsAt: at(20), grounds: '' }] }),
      at(5),
      'inForce',
    ],
    ['cancelled from the cancellation', p({ cancellation: { by: officer, at: at(2), recordedAt: at(2), reason: 'x' } }), at(2), 'cancelled'],
    ['conditions last until the event ends', p({ type: 's14', endsAt: undefined }), at(11), 'inForce'],
    ['conditions end with the event', p({ type: 's14', endsAt: undefined }), at(12), 'expired'],
  ] as const)('%s', (_n, power, now, expected) => {
    expect(powerStatus(power, Date.parse(now), ctx)).toBe(expected);
  });

  it('a cancellation brings the end forward; an event-long power ends with the event', () => {
    expect(effectiveEnd(p({ cancellation: { by: officer, at: at(2), recordedAt: at(2), reason: 'x' } }), ctx)).toBe(at(2));
    expect(effectiveEnd(p({ type: 's12', endsAt: undefined }), ctx)).toBe(at(12));
  });

  it('Live lists powers in force soonest-to-lapse first, then those starting later', () => {
    const r = livePowers(
      [p({ id: 'a', endsAt: at(6) }), p({ id: 'b' }), p({ id: 'c', startsAt: at(8), endsAt: at(9) }), p({ id: 'd', authorisedAt: undefined })],
      T0 + 3600_000,
      ctx,
    );
    expect(r.inForce.map((x) => [x.power.id, formatTimeLeft(x.msLeft)])).toEqual([
      ['b', '3 h 0 min'],
      ['a', '5 h 0 min'],
    ]);
    expect(r.later.map((x) => x.power.id)).toEqual(['c']);
  });
});
