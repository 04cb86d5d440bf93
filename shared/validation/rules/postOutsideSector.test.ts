import { describe, expect, it } from 'vitest';
import type { Assignment, PlanFeature } from '../../domain';
import { makeAssignment, makeBundle, makeFeature, makeUnit, pointGeom, rectGeom, THREE_PHASES } from '../fixtures';
import { buildPlanIndex } from '../planIndex';
import { postOutsideSector } from './postOutsideSector';

const s1 = makeFeature({
  id: 's1',
  kind: 'sector',
  name: 'North',
  bronze: 'Sector 1 Bronze',
  geometry: rectGeom(0, 0, 1000, 1000),
  props: { sectorCode: 'S1' },
});
const s2 = makeFeature({
  id: 's2',
  kind: 'sector',
  name: 'South',
  bronze: 'Sector 2 Bronze',
  geometry: rectGeom(0, -1000, 1000, 0),
  props: { sectorCode: 'S2' },
});
const inS1 = makeFeature({ id: 'p1', kind: 'post', name: 'Church', geometry: pointGeom(500, 500) });
const inS2 = makeFeature({ id: 'p2', kind: 'post', name: 'Station', geometry: pointGeom(500, -500) });
const units = [makeUnit('u1', 'U1')];
const assign = (id: string, kind: 'post' | 'sector', featureId: string, phaseId = 'ph1') =>
  makeAssignment({ id, unitId: 'u1', phaseId, target: { kind, featureId } });
const run = (features: PlanFeature[], assignments: Assignment[] = []) =>
  postOutsideSector(buildPlanIndex(makeBundle({ phases: THREE_PHASES, features: [s1, s2, ...features], units, assignments })));

describe('postOutsideSector, by assignment', () => {
  it('reports a unit posted outside the sector it has in the same phase', () => {
    const w = run([inS1, inS2], [assign('a1', 'sector', 's1'), assign('a2', 'post', 'p2')]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({
      id: 'postOutsideSector:a2',
      severity: 'warning',
      message: 'U1 is posted to post "Station" in Assembly, which is outside sector S1 "North", the sector it is assigned to then.',
      assignmentIds: ['a2', 'a1'],
      featureIds: ['p2', 's1'],
    });
  });

  it('is content when the post is in the sector, or in any of its sectors that phase', () => {
    expect(run([inS1], [assign('a1', 'sector', 's1'), assign('a2', 'post', 'p1')])).toEqual([]);
    expect(run([inS2], [assign('a1', 'sector', 's1'), assign('a3', 'sector', 's2'), assign('a2', 'post', 'p2')])).toEqual([]);
  });

  it('does not compare a post with a sector from another phase', () => {
    expect(run([inS2], [assign('a1', 'sector', 's1', 'ph1'), assign('a2', 'post', 'p2', 'ph2')])).toEqual([]);
  });
});

describe('postOutsideSector, by Bronze', () => {
  it("reports a post that reports to a sector's Bronze but lies outside that sector (case and spaces ignored)", () => {
    const stray = makeFeature({
      id: 'p3',
      kind: 'post',
      name: 'Bridge',
      bronze: ' sector 1  bronze',
      geometry: pointGeom(500, -200),
    });
    expect(run([stray]).map((w) => [w.id, w.message])).toEqual([
      ['postOutsideSector:bronze:p3', 'Post "Bridge" reports to sector 1  bronze but lies outside their sector S1 "North".'],
    ]);
  });

  it('checks key locations drawn as points too', () => {
    const rvp = makeFeature({
      id: 'k1',
      kind: 'keyLocation',
      name: 'RVP 2',
      bronze: 'Sector 1 Bronze',
      geometry: pointGeom(-50, 500),
      props: { locationType: 'rvp' },
    });
    expect(run([rvp]).map((w) => w.id)).toEqual(['postOutsideSector:bronze:k1']);
  });

  it('leaves alone posts inside their sector and those of functional Bronzes', () => {
    const ok = makeFeature({
      id: 'p4',
      kind: 'post',
      name: 'Church',
      bronze: 'Sector 1 Bronze',
      geometry: pointGeom(10, 10),
    });
    const cordonPost = makeFeature({
      id: 'p5',
      kind: 'post',
      name: 'Gate',
      bronze: 'Cordons Bronze',
      geometry: pointGeom(5000, 5000),
    });
    expect(run([ok, cordonPost])).toEqual([]);
  });
});
