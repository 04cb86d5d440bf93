/** A cordon's access points and the officers each needs; a new point starts on the cordon's first edge. */
import { newId, type AccessPoint, type PlanFeature } from '../../../shared/domain';
import { TextField } from '../../app/fields';

function firstEdgeMidpoint(f: PlanFeature): [number, number] {
  const g = f.geometry;
  const line = g.type === 'Polygon' ? g.coordinates[0]! : g.type === 'LineString' ? g.coordinates : [g.coordinates, g.coordinates];
  const a = line[0]!;
  const b = line[1] ?? a;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/** Each edit is a function of the stored access points, applied when the command runs: see PropsEdit in data/commands. */
export type AccessPointsEdit = (stored: AccessPoint[]) => AccessPoint[];

export function AccessPointsEditor({
  feature,
  onChange,
  onPlace,
}: {
  feature: PlanFeature;
  onChange: (edit: AccessPointsEdit, label: string) => void;
  onPlace: (accessPointId: string) => void;
}) {
  const aps = feature.props.accessPoints ?? [];
  const update = (id: string, changes: Partial<AccessPoint>, label: string) =>
    onChange((stored) => stored.map((a) => (a.id === id ? { ...a, ...changes } : a)), label);
  return (
    <div>
      <div className="label muted" style={{ fontSize: 12, marginBottom: 4 }}>
        Access points ({aps.length})
      </div>
      {aps.map((ap, i) => (
        <div key={ap.id} className="row" style={{ alignItems: 'end' }}>
          <TextField label={`Access point ${i + 1}`} value={ap.name} onCommit={(name) => update(ap.id, { name }, 'Rename access point')} />
          <TextField
            label="Staff needed"
            type="number"
            min={0}
            value={String(ap.staffingRequired)}
            testId={`ap-staff-${i}`}
            onCommit={(v) => update(ap.id, { staffingRequired: Math.max(0, Math.round(Number(v) || 0)) }, 'Set access point staffing')}
          />
          <button
            className="btn"
            style={{ flex: 'none', marginBottom: 8 }}
            onClick={() => onPlace(ap.id)}
            title="Click on the map where the access point is"
            data-testid={`ap-place-${i}`}
          >
            Place
          </button>
          <button
            className="btn"
            style={{ flex: 'none', marginBottom: 8 }}
            aria-label={`Remove access point ${ap.name || i + 1}`}
            onClick={() => onChange((stored) => stored.filter((a) => a.id !== ap.id), 'Remove access point')}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        className="btn"
        data-testid="add-access-point"
        onClick={() => {
          const id = newId();
          const position = firstEdgeMidpoint(feature);
          onChange((stored) => [...stored, { id, name: `AP${stored.length + 1}`, position, staffingRequired: 2 }], 'Add access point');
        }}
      >
        Add access point
      </button>
    </div>
  );
}
