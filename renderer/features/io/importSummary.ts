/** The words of the import preview and its toast, kept pure so the plurals and sentences are unit-tested. */
import { FEATURE_KINDS, KEY_LOCATION_TYPES, type FeatureKind, type PlanFeature } from '../../../shared/domain';
import type { AppliedImport } from './applyTargets';

/** "1 feature", "3 features", "1 key location". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

const KIND_WORDS: Record<FeatureKind, [string, string]> = {
  sector: ['sector', 'sectors'],
  cordon: ['cordon', 'cordons'],
  route: ['route', 'routes'],
  keyLocation: ['key location', 'key locations'],
  post: ['post', 'posts'],
  authority: ['legal authority area', 'legal authority areas'],
  circle: ['circle', 'circles'],
  annotation: ['text annotation', 'text annotations'],
};

/** "2 cordons, 1 route and 12 checkpoints; 206 left out". */
export function describeOutcome(a: Pick<AppliedImport, 'counts' | 'checkpoints' | 'leftOut'>): string {
  const parts = (Object.keys(KIND_WORDS) as FeatureKind[]).filter((k) => a.counts[k] > 0).map((k) => plural(a.counts[k], ...KIND_WORDS[k]));
  if (a.checkpoints > 0) parts.push(`${plural(a.checkpoints, 'checkpoint')} on routes`);
  const last = parts.pop();
  const made = last === undefined ? 'nothing' : parts.length === 0 ? last : `${parts.join(', ')} and ${last}`;
  return a.leftOut > 0 ? `${made}; ${a.leftOut.toLocaleString('en-GB')} left out` : made;
}

/** The "Becomes" cell of one feature: its kind, and its key location type (untyped ones are drawn as RVPs, so say so). */
export function becomes(f: Pick<PlanFeature, 'kind' | 'props'>): string {
  if (f.kind === 'keyLocation') return `Key location: ${KEY_LOCATION_TYPES[f.props.locationType ?? 'rvp']}`;
  return FEATURE_KINDS[f.kind];
}

export function importedToast(count: number, fileName: string): string {
  return `Imported ${plural(count, 'feature')} from ${fileName}.`;
}
