import { describe, expect, it } from 'vitest';
import type { FeatureProps, Phase } from '../../domain';
import { makeBundle, makeFeature, rectGeom, t, THREE_PHASES } from '../fixtures';
import { buildPlanIndex } from '../planIndex';
import { authorityTiming } from './authorityTiming';

const run = (props: FeatureProps, phaseIds: string[] = [], phases: Phase[] = THREE_PHASES) =>
  authorityTiming(
    buildPlanIndex(
      makeBundle({
        phases,
        features: [
          makeFeature({
            id: 'a1',
            kind: 'authority',
            name: 'Whitehall',
            phaseIds,
            geometry: rectGeom(0, 0, 500, 500),
            props: { authorityType: 's60', ...props },
          }),
        ],
      }),
    ),
  ).map((w) => [w.rule, w.severity, w.message]);

describe('authorityTiming', () => {
  it('is content with an authority that covers its phases exactly', () => {
    expect(run({ authorityStartsAt: t('10:00'), authorityExpiresAt: t('16:00') })).toEqual([]);
    expect(run({ authorityStartsAt: t('10:00'), authorityExpiresAt: t('12:00') }, ['ph1'])).toEqual([]);
  });

  it('reports an authority that lapses before the phases it covers end (no phases = all phases)', () => {
    expect(run({ authorityStartsAt: t('09:00'), authorityExpiresAt: t('13:00') })).toEqual([
      [
        'authorityExpiresEarly',
        'error',
        's.60 authority "Whitehall" expires at 24 Aug 13:00, before Procession and Dispersal end (24 Aug 16:00): plan an extension or a new authority.',
      ],
    ]);
  });

  it('only looks at the phases the authority is active in', () => {
    expect(run({ authorityExpiresAt: t('11:59') }, ['ph1'])).toEqual([
      [
        'authorityExpiresEarly',
        'error',
        's.60 authority "Whitehall" expires at 24 Aug 11:59, before Assembly ends (24 Aug 12:00): plan an extension or a new authority.',
      ],
    ]);
    expect(run({ authorityExpiresAt: t('14:00') }, ['ph1', 'ph2'])).toEqual([]);
  });

  it('warns when the authority starts after its first phase begins', () => {
    expect(run({ authorityStartsAt: t('12:30'), authorityExpiresAt: t('16:00') }, ['ph2', 'ph3'])).toEqual([
      [
        'authorityStartsLate',
        'warning',
        's.60 authority "Whitehall" starts at 24 Aug 12:30, after Procession begins (24 Aug 12:00): the power is not available until then.',
      ],
    ]);
  });

  it('reports a missing expiry, and an expiry before the start', () => {
    expect(run({ authorityStartsAt: t('09:00') })).toEqual([['authorityNoExpiry', 'warning', 's.60 authority "Whitehall" has no expiry time.']]);
    expect(run({ authorityStartsAt: t('15:00'), authorityExpiresAt: t('09:00') }).map(([r, s]) => [r, s])).toEqual([
      ['authorityExpiresEarly', 'error'],
      ['authorityStartsLate', 'warning'],
    ]);
  });

  it("falls back to the operation's window when the plan has no phases", () => {
    expect(run({ authorityStartsAt: t('07:00'), authorityExpiresAt: t('18:00') }, [], [])).toEqual([
      [
        'authorityExpiresEarly',
        'error',
        's.60 authority "Whitehall" expires at 24 Aug 18:00, before the operation ends (24 Aug 19:00): plan an extension or a new authority.',
      ],
    ]);
  });
});
