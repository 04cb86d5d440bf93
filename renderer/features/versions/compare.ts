/** Compare two plans (versions or the working copy) with the registry's row diff and the shared summariser. */
import type { OperationBundle } from '../../../shared/domain';
import { summariseDiff, type VersionDiff } from '../../../shared/plan/versionDiff';
import { diffBundles } from '../../data';

/** Ids of units (call signs), features and phases (names) of both plans, so assignments read "CX21 at Sector 1". */
function namesOf(...bundles: OperationBundle[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const b of bundles) {
    for (const u of b.units) m.set(u.id, u.callSign);
    for (const f of b.features) m.set(f.id, f.name);
    for (const p of b.phases) m.set(p.id, p.name);
  }
  return m;
}

export function comparePlans(from: OperationBundle, to: OperationBundle): VersionDiff {
  return summariseDiff(diffBundles(from, to), namesOf(from, to));
}
