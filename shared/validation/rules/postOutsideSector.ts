/**
 * Posts that are not where their sector is. Two checks, both on the post's position (a post or key location's
 * point; the centroid if it was drawn as a line or area):
 *
 * 1. By assignment: a unit posted to P in a phase, and given a sector assignment in the same phase, when P lies
 *    inside none of the sectors that unit has in that phase.
 * 2. By Bronze: a post or key location whose `bronze` is the Bronze of one or more sectors (compared ignoring
 *    case and spacing) but which lies inside none of those sectors. Functional Bronzes (cordons, traffic...) own
 *    no sector and are not checked.
 */
import type { PlanFeature } from '../../domain';
import { capitalised, callSign, featureLabel, listWords, phaseName } from '../format';
import { featureContains, featurePoint, type PlanIndex } from '../planIndex';
import { warning, type PlanWarning } from '../types';

const normBronze = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const isPostLike = (f: PlanFeature) => f.kind === 'post' || (f.kind === 'keyLocation' && f.geometry.type === 'Point');

export function postOutsideSector(ix: PlanIndex): PlanWarning[] {
  return [...byAssignment(ix), ...byBronze(ix)];
}

function byAssignment(ix: PlanIndex): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const [unitId, list] of ix.assignmentsByUnit) {
    const sectorsByPhase = new Map<string, { f: PlanFeature; assignmentId: string }[]>();
    for (const t of list) {
      if (t.a.target.kind !== 'sector') continue;
      const f = ix.featureById.get(t.a.target.featureId);
      if (!f || f.kind !== 'sector' || f.geometry.type !== 'Polygon') continue;
      const l = sectorsByPhase.get(t.a.phaseId) ?? [];
      l.push({ f, assignmentId: t.a.id });
      sectorsByPhase.set(t.a.phaseId, l);
    }
    if (sectorsByPhase.size === 0) continue;
    for (const t of list) {
      if (t.a.target.kind !== 'post') continue;
      const sectors = sectorsByPhase.get(t.a.phaseId);
      const post = ix.featureById.get(t.a.target.featureId);
      if (!sectors || !post) continue;
      const p = featurePoint(post);
      if (sectors.some((s) => featureContains(ix, s.f, p))) continue;
      const names = listWords([...new Set(sectors.map((s) => featureLabel(s.f)))]);
      out.push(
        warning(
          'postOutsideSector',
          `${t.a.id}`,
          'warning',
          `${callSign(ix, unitId)} is posted to ${featureLabel(post)} in ${phaseName(ix, t.a.phaseId)}, ` +
            `which is outside ${names}, the sector it is assigned to then.`,
          {
            unitIds: [unitId],
            featureIds: [post.id, ...sectors.map((s) => s.f.id)],
            assignmentIds: [t.a.id, ...sectors.map((s) => s.assignmentId)],
          },
        ),
      );
    }
  }
  return out;
}

function byBronze(ix: PlanIndex): PlanWarning[] {
  const sectorsByBronze = new Map<string, PlanFeature[]>();
  for (const s of ix.featuresOfKind('sector')) {
    const b = normBronze(s.bronze);
    if (!b || s.geometry.type !== 'Polygon') continue;
    const l = sectorsByBronze.get(b) ?? [];
    l.push(s);
    sectorsByBronze.set(b, l);
  }
  if (sectorsByBronze.size === 0) return [];
  const out: PlanWarning[] = [];
  for (const kind of ['post', 'keyLocation'] as const) {
    for (const f of ix.featuresOfKind(kind)) {
      if (!isPostLike(f)) continue;
      const sectors = sectorsByBronze.get(normBronze(f.bronze));
      if (!sectors) continue;
      const p = featurePoint(f);
      if (sectors.some((s) => featureContains(ix, s, p))) continue;
      out.push(
        warning(
          'postOutsideSector',
          `bronze:${f.id}`,
          'warning',
          `${capitalised(featureLabel(f))} reports to ${f.bronze.trim()} but lies outside their ` + `${listWords(sectors.map((s) => featureLabel(s)))}.`,
          { featureIds: [f.id, ...sectors.map((s) => s.id)] },
        ),
      );
    }
  }
  return out;
}
