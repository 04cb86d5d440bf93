/**
 * The order the feature list shows: by kind (sectors, cordons, routes, key locations, posts, … as the plan is read),
 * then by name with numbers in numeric order ("Sector 2" before "Sector 10"). The store's own order is the order of
 * random ids, so without this the list changed order after every reload.
 */
import { FEATURE_KINDS, type PlanFeature } from '../../../shared/domain';

const KIND_RANK = new Map(Object.keys(FEATURE_KINDS).map((k, i) => [k, i]));
const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

export function featureListOrder<T extends Pick<PlanFeature, 'kind' | 'name' | 'id'>>(features: readonly T[]): T[] {
  return [...features].sort(
    (a, b) => (KIND_RANK.get(a.kind) ?? 99) - (KIND_RANK.get(b.kind) ?? 99) || byName.compare(a.name, b.name) || a.id.localeCompare(b.id),
  );
}
