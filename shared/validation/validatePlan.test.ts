import { describe, expect, it } from 'vitest';
import { OperationBundle } from '../domain';
import { generateBundle, makeBundle, makeFeature, rectGeom } from './fixtures';
import { CHECKS, validatePlan } from './validatePlan';

describe('validatePlan on a plan at full scale', () => {
  const { bundle, seededWarningIds } = generateBundle();

  it('builds a valid bundle of the benchmark size', () => {
    expect(bundle.units).toHaveLength(600);
    expect(bundle.features).toHaveLength(5000);
    expect(bundle.assignments.length).toBeGreaterThanOrEqual(3000);
    expect(OperationBundle.safeParse(bundle).success).toBe(true);
  });

  it('finds every seeded problem and nothing else', () => {
    const found = validatePlan(bundle);
    expect(found.map((w) => w.id).sort()).toEqual(seededWarningIds);
  });
});

describe('validatePlan', () => {
  const noBronze = makeFeature({ id: 's', kind: 'sector', geometry: rectGeom(0, 0, 10, 10) });
  const oneSector = makeBundle({ features: [noBronze] });

  it('turns a check that throws into one warning and keeps running the others', () => {
    const found = validatePlan(oneSector, [
      {
        rule: 'routeCrossesCordon',
        check: () => {
          throw new Error('bad ring');
        },
      },
      ...CHECKS,
    ]);
    expect(found.map((w) => [w.id, w.severity, w.message])).toEqual([
      ['sectorWithoutBronze:s', 'error', 'Sector "s" has no Bronze.'],
      ['routeCrossesCordon:failed', 'warning', 'This check could not run: bad ring.'],
    ]);
  });

  it('sorts errors before warnings, then by rule', () => {
    const auth = makeFeature({ id: 'a', kind: 'authority', name: 'Park', geometry: rectGeom(0, 0, 10, 10) });
    const found = validatePlan(makeBundle({ features: [auth, noBronze] }));
    expect(found.map((w) => w.rule)).toEqual(['sectorWithoutBronze', 'authorityNoExpiry']);
  });
});
