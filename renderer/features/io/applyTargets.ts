/**
 * Turns the preview's drafts into the features to write, following the planner's choice for each group: a new kind
 * (with the kind's fields guessed from the name), checkpoints snapped onto the nearest imported route, or left out.
 * Every feature is checked against the domain schema again, so nothing the choices produce can be invalid.
 */
import { FEATURE_KINDS, PlanFeature, newId, type Checkpoint, type FeatureKind, type FeatureProps, type KeyLocationType } from '../../../shared/domain';
import { snapToLine, type LineGeom } from '../../../shared/geo';
import { err, ok, type Result } from '../../../shared/util/result';
import { guessLocationType, guessRouteType } from './describeFeature';
import type { GroupTarget, ImportDraft } from './importGroups';
import { formatZodError } from '../../../shared/util/zodError';

/** A checkpoint further than this from every imported route is not on it. */
export const MAX_CHECKPOINT_OFFSET_M = 250;
const MAX_CHECKPOINTS = 500;

export interface AppliedImport {
  features: PlanFeature[];
  counts: Record<FeatureKind, number>;
  /** Points added to routes as checkpoints. */
  checkpoints: number;
  /** Features left out by the planner's choice. */
  leftOut: number;
  warnings: string[];
}

export function emptyCounts(): Record<FeatureKind, number> {
  return Object.fromEntries(Object.keys(FEATURE_KINDS).map((k) => [k, 0])) as Record<FeatureKind, number>;
}

export function applyTargets(drafts: readonly ImportDraft[], targets: ReadonlyMap<string, GroupTarget>): Result<AppliedImport> {
  const counts = emptyCounts();
  const features: PlanFeature[] = [];
  const pendingCheckpoints: ImportDraft[] = [];
  let leftOut = 0;
  for (const d of drafts) {
    const target = targets.get(d.groupKey) ?? 'keep';
    if (target === 'skip') {
      leftOut++;
      continue;
    }
    if (target === 'checkpoint') {
      pendingCheckpoints.push(d);
      continue;
    }
    const f = target === 'keep' ? d.feature : rekind(d, target);
    const name = d.autoNamed ? `Imported ${FEATURE_KINDS[f.kind].toLowerCase()} ${counts[f.kind] + 1}` : f.name;
    const parsed = PlanFeature.safeParse({ ...f, name });
    if (!parsed.success) return err(`"${name}" cannot become a ${FEATURE_KINDS[f.kind].toLowerCase()}: ${formatZodError(parsed.error, { max: 8 })}`);
    features.push(parsed.data);
    counts[parsed.data.kind]++;
  }
  const placed = placeCheckpoints(features, pendingCheckpoints);
  if (!placed.ok) return placed;
  return ok({ features: placed.value.features, counts, checkpoints: placed.value.added, leftOut, warnings: placed.value.warnings });
}

function rekind(d: ImportDraft, target: Exclude<GroupTarget, 'keep' | 'skip' | 'checkpoint'>): PlanFeature {
  const f = d.feature;
  const [kind, sub] = target.split(':') as [FeatureKind, string | undefined];
  return { ...f, kind, props: propsFor(kind, f.name, d.colour, sub) };
}

function propsFor(kind: FeatureKind, name: string, colour: string | undefined, sub: string | undefined): FeatureProps {
  switch (kind) {
    case 'sector':
      return colour ? { colour } : {};
    case 'cordon':
      return { cordonType: /\bouter\b/i.test(name) ? 'outer' : /\btraffic\b/i.test(name) ? 'traffic' : /\bsterile\b/i.test(name) ? 'sterile' : 'inner' };
    case 'route': {
      const routeType = guessRouteType(name);
      return routeType ? { routeType } : {};
    }
    case 'keyLocation': {
      const locationType = (sub as KeyLocationType | undefined) ?? guessLocationType(name);
      return locationType ? { locationType } : {};
    }
    default:
      return {};
  }
}

/** Adds each checkpoint to the imported route it lies nearest to, in order along the route. */
function placeCheckpoints(features: PlanFeature[], points: readonly ImportDraft[]): Result<{ features: PlanFeature[]; added: number; warnings: string[] }> {
  if (points.length === 0) return ok({ features, added: 0, warnings: [] });
  const routes = features.filter((f): f is PlanFeature & { geometry: LineGeom } => f.kind === 'route' && f.geometry.type === 'LineString');
  if (routes.length === 0) return err('checkpoints need a route in the same import: choose "Routes" for a group of lines, or leave the points out');
  const added = new Map<string, Checkpoint[]>();
  let far = 0;
  for (const p of points) {
    if (p.feature.geometry.type !== 'Point') continue;
    const at = p.feature.geometry.coordinates;
    let best: { route: PlanFeature; distanceM: number; offsetM: number } | undefined;
    for (const route of routes) {
      const s = snapToLine(route.geometry, at);
      if (!best || s.offsetM < best.offsetM) best = { route, distanceM: s.distanceM, offsetM: s.offsetM };
    }
    if (!best || best.offsetM > MAX_CHECKPOINT_OFFSET_M) {
      far++;
      continue;
    }
    const list = added.get(best.route.id) ?? [];
    list.push({ id: newId(), name: p.feature.name.slice(0, 200), distanceM: Math.max(0, best.distanceM) });
    added.set(best.route.id, list);
  }
  const warnings: string[] = [];
  if (far) warnings.push(`${far} point${far === 1 ? ' was' : 's were'} more than ${MAX_CHECKPOINT_OFFSET_M} m from every route and left out.`);
  let count = 0;
  const out = features.map((f) => {
    const extra = added.get(f.id);
    if (!extra) return f;
    const all = [...(f.props.checkpoints ?? []), ...extra].sort((a, b) => a.distanceM - b.distanceM);
    if (all.length > MAX_CHECKPOINTS) warnings.push(`"${f.name}" can hold ${MAX_CHECKPOINTS} checkpoints; ${all.length - MAX_CHECKPOINTS} were left out.`);
    const checkpoints = all.slice(0, MAX_CHECKPOINTS);
    count += checkpoints.length - (f.props.checkpoints?.length ?? 0);
    return { ...f, props: { ...f.props, checkpoints } };
  });
  return ok({ features: out, added: count, warnings });
}
