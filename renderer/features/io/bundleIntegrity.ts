/**
 * Cross-record checks zod cannot express for an OperationBundle: everything belongs to the one operation, ids are
 * unique, and every reference (feature phases, assignment unit/phase/feature/access point) points at a record in
 * the bundle. Returns readable problems; an empty list means consistent.
 */
import type { OperationBundle } from '../../../shared/domain';

export function bundleProblems(bundle: OperationBundle, max = 10): string[] {
  const problems: string[] = [];
  const add = (p: string) => problems.push(p);
  const opId = bundle.operation.id;

  const collections = [
    ['phases', bundle.phases],
    ['features', bundle.features],
    ['units', bundle.units],
    ['assignments', bundle.assignments],
  ] as const;
  for (const [name, list] of collections) {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (item.operationId !== opId) add(`${name}[${i}] belongs to operation "${item.operationId}", not "${opId}"`);
      if (seen.has(item.id)) add(`${name}[${i}] repeats the id "${item.id}"`);
      seen.add(item.id);
    });
  }

  const phaseIds = new Set(bundle.phases.map((p) => p.id));
  const unitIds = new Set(bundle.units.map((u) => u.id));
  const features = new Map(bundle.features.map((f) => [f.id, f]));

  bundle.features.forEach((f, i) => {
    for (const id of f.phaseIds) if (!phaseIds.has(id)) add(`features[${i}] ("${f.name}") refers to a phase "${id}" that is not in the file`);
  });
  bundle.assignments.forEach((a, i) => {
    const where = `assignments[${i}]`;
    if (!unitIds.has(a.unitId)) add(`${where} refers to a unit "${a.unitId}" that is not in the file`);
    if (!phaseIds.has(a.phaseId)) add(`${where} refers to a phase "${a.phaseId}" that is not in the file`);
    const feature = features.get(a.target.featureId);
    if (!feature) add(`${where} refers to a feature "${a.target.featureId}" that is not in the file`);
    else if (a.target.accessPointId && !feature.props.accessPoints?.some((ap) => ap.id === a.target.accessPointId)) {
      add(`${where} refers to an access point "${a.target.accessPointId}" that "${feature.name}" does not have`);
    }
  });

  if (problems.length > max) return [...problems.slice(0, max), `and ${problems.length - max} more`];
  return problems;
}
