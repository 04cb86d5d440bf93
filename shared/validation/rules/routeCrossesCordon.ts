/**
 * A route that crosses an inner cordon or passes through a sterile area, when both are active in a common phase
 * (a feature with no phases is active in all of them).
 *
 * An error for procession and dispersal routes (a crowd led into the inner cordon), a warning for other routes:
 * a carrier or casualty route may go through a cordon on purpose, by an access point.
 */
import * as turf from '@turf/turf';
import type { Geometry } from 'geojson';
import type { PlanFeature } from '../../domain';
import { capitalised, featureLabel, listWords } from '../format';
import { bboxesOverlap, type PlanIndex } from '../planIndex';
import { warning, type PlanWarning } from '../types';

const isGuarded = (f: PlanFeature) => f.props.cordonType === 'inner' || f.props.cordonType === 'sterile';

/** Ids of the phases both features are active in; 'all' when both are active in every phase; [] when none. */
export function commonPhaseIds(a: PlanFeature, b: PlanFeature): string[] | 'all' {
  if (a.phaseIds.length === 0 && b.phaseIds.length === 0) return 'all';
  if (a.phaseIds.length === 0) return b.phaseIds;
  if (b.phaseIds.length === 0) return a.phaseIds;
  const other = new Set(b.phaseIds);
  return a.phaseIds.filter((id) => other.has(id));
}

export function routeCrossesCordon(ix: PlanIndex): PlanWarning[] {
  const cordons = ix.featuresOfKind('cordon').filter((c) => isGuarded(c) && c.geometry.type !== 'Point');
  if (cordons.length === 0) return [];
  const out: PlanWarning[] = [];
  for (const route of ix.featuresOfKind('route')) {
    if (route.geometry.type !== 'LineString') continue;
    const rb = ix.bbox(route);
    for (const cordon of cordons) {
      if (!bboxesOverlap(rb, ix.bbox(cordon))) continue;
      const common = commonPhaseIds(route, cordon);
      if (common !== 'all' && common.length === 0) continue;
      if (!turf.booleanIntersects(route.geometry as Geometry, cordon.geometry as Geometry)) continue;
      const verb = cordon.props.cordonType === 'sterile' ? 'passes through' : 'crosses';
      const when = common === 'all' ? '' : ` in ${listWords(common.map((id) => ix.phaseById.get(id)?.phase.name).filter((n): n is string => !!n))}`;
      const severe = route.props.routeType === 'procession' || route.props.routeType === 'dispersal';
      out.push(
        warning(
          'routeCrossesCordon',
          `${route.id}+${cordon.id}`,
          severe ? 'error' : 'warning',
          `${capitalised(featureLabel(route))} ${verb} the ${featureLabel(cordon)}${when.trimEnd()}.`,
          { featureIds: [route.id, cordon.id] },
        ),
      );
    }
  }
  return out;
}
