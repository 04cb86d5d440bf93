import { describe, expect, it } from 'vitest';
import type { PlanFeature } from '../../domain';
import { lineGeom, makeBundle, makeFeature, polygonGeom, rectGeom, THREE_PHASES } from '../fixtures';
import { buildPlanIndex } from '../planIndex';
import { commonPhaseIds, routeCrossesCordon } from './routeCrossesCordon';

const inner = (p: Partial<PlanFeature> = {}) =>
  makeFeature({
    id: 'c1',
    kind: 'cordon',
    name: 'Whitehall',
    geometry: rectGeom(0, 0, 200, 200),
    props: { cordonType: 'inner' },
    ...p,
  });
const route = (p: Partial<PlanFeature> = {}) =>
  makeFeature({
    id: 'r1',
    kind: 'route',
    name: 'March',
    geometry: lineGeom([-100, 100], [300, 100]),
    props: { routeType: 'procession' },
    ...p,
  });
const run = (...features: PlanFeature[]) => routeCrossesCordon(buildPlanIndex(makeBundle({ phases: THREE_PHASES, features })));

describe('routeCrossesCordon', () => {
  it('reports a procession route through an inner cordon as an error', () => {
    expect(run(inner(), route())).toEqual([
      {
        id: 'routeCrossesCordon:r1+c1',
        rule: 'routeCrossesCordon',
        severity: 'error',
        message: 'Procession route "March" crosses the inner cordon "Whitehall".',
        featureIds: ['r1', 'c1'],
        unitIds: [],
        assignmentIds: [],
      },
    ]);
  });

  it('ignores a route that goes round the cordon, even inside its bounding box', () => {
    const around = route({ geometry: lineGeom([-50, -50], [250, -50], [250, 250]) });
    // Triangle (0,0)-(200,0)-(200,200): a route from (0,150) to (50,200) is in its bounding box but above its hypotenuse.
    const triangle = inner({ geometry: polygonGeom([0, 0], [200, 0], [200, 200]) });
    expect(run(inner(), around)).toEqual([]);
    expect(run(triangle, route({ geometry: lineGeom([0, 150], [50, 200]) }))).toEqual([]);
  });

  it('says a route passes through a sterile area, and warns (not errs) for a carrier route', () => {
    const w = run(inner({ props: { cordonType: 'sterile' } }), route({ props: { routeType: 'carrier' } }));
    expect(w.map((x) => [x.severity, x.message])).toEqual([['warning', 'Carrier route "March" passes through the sterile area "Whitehall".']]);
  });

  it('ignores outer and traffic cordons', () => {
    expect(run(inner({ props: { cordonType: 'outer' } }), route())).toEqual([]);
  });

  it('catches a cordon drawn as a line (police line across the road)', () => {
    expect(run(inner({ geometry: lineGeom([100, 0], [100, 200]) }), route())).toHaveLength(1);
  });

  it('only reports when both are active in a common phase, and names it', () => {
    expect(run(inner({ phaseIds: ['ph2'] }), route({ phaseIds: ['ph1'] }))).toEqual([]);
    expect(run(inner({ phaseIds: ['ph2'] }), route({ phaseIds: ['ph1', 'ph2'] }))[0]?.message).toBe(
      'Procession route "March" crosses the inner cordon "Whitehall" in Procession.',
    );
    expect(run(inner({ phaseIds: ['ph2', 'ph3'] }), route())[0]?.message).toMatch(/in Procession and Dispersal\.$/);
  });
});

describe('commonPhaseIds', () => {
  const f = (phaseIds: string[]) => inner({ phaseIds });
  it('treats no phases as every phase', () => {
    expect(commonPhaseIds(f([]), f([]))).toBe('all');
    expect(commonPhaseIds(f([]), f(['a']))).toEqual(['a']);
    expect(commonPhaseIds(f(['a', 'b']), f(['b', 'c']))).toEqual(['b']);
    expect(commonPhaseIds(f(['a']), f(['c']))).toEqual([]);
  });
});
