/** The places a unit can be assigned to, as choices for the assignment form, and how to name them. */
import type { Assignment, AssignmentTarget, AssignmentTargetKind, OperationBundle } from '../../../shared/domain';
import { lengthM } from '../../../shared/geo';

export interface TargetOption {
  value: string;
  label: string;
  featureId: string;
  target: AssignmentTarget;
}

export function targetOptions(bundle: OperationBundle, kind: AssignmentTargetKind): TargetOption[] {
  const out: TargetOption[] = [];
  for (const f of bundle.features) {
    if (kind === 'post' && (f.kind === 'post' || f.kind === 'keyLocation'))
      out.push({ value: f.id, label: f.name || 'Unnamed post', featureId: f.id, target: { kind, featureId: f.id } });
    if (kind === 'sector' && f.kind === 'sector')
      out.push({ value: f.id, label: `${f.props.sectorCode ?? ''} ${f.name}`.trim(), featureId: f.id, target: { kind, featureId: f.id } });
    if (kind === 'routeSegment' && f.kind === 'route' && f.geometry.type === 'LineString')
      out.push({
        value: f.id,
        label: f.name || 'Unnamed route',
        featureId: f.id,
        target: { kind, featureId: f.id, fromM: 0, toM: Math.round(lengthM(f.geometry)) },
      });
    if (kind === 'accessPoint' && f.kind === 'cordon')
      for (const ap of f.props.accessPoints ?? [])
        out.push({ value: `${f.id}/${ap.id}`, label: `${f.name}: ${ap.name}`, featureId: f.id, target: { kind, featureId: f.id, accessPointId: ap.id } });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
}

export function describeTarget(bundle: OperationBundle, a: Assignment): string {
  const f = bundle.features.find((x) => x.id === a.target.featureId);
  if (!f) return '(removed feature)';
  if (a.target.kind === 'accessPoint') {
    const ap = f.props.accessPoints?.find((x) => x.id === a.target.accessPointId);
    return `${f.name}: ${ap?.name ?? '(removed access point)'}`;
  }
  if (a.target.kind === 'routeSegment' && a.target.fromM !== undefined && a.target.toM !== undefined) return `${f.name} ${a.target.fromM}–${a.target.toM} m`;
  return f.name || '(unnamed)';
}
