/** Timed checkpoints along a route, with the ETA at each computed from the route's pace and start time. */
import { newId, type Checkpoint, type PlanFeature } from '../../../shared/domain';
import { formatDistance, lengthM, routeTimings } from '../../../shared/geo';
import { TextField, formatTime } from '../../app/fields';

/** Each edit is a function of the stored checkpoints, applied when the command runs: see PropsEdit in data/commands. */
export type CheckpointsEdit = (stored: Checkpoint[]) => Checkpoint[];

export function CheckpointsEditor({ feature, onChange }: { feature: PlanFeature; onChange: (edit: CheckpointsEdit, label: string) => void }) {
  if (feature.geometry.type !== 'LineString') return null;
  const cps = feature.props.checkpoints ?? [];
  const length = lengthM(feature.geometry);
  const timings = feature.props.routeStartsAt
    ? routeTimings(feature.geometry, { paceKmh: feature.props.paceKmh ?? 3, startsAt: feature.props.routeStartsAt, checkpoints: cps })
    : null;
  const eta = (id: string) => timings?.checkpoints.find((c) => c.id === id);
  const update = (id: string, changes: Partial<Checkpoint>, label: string) =>
    onChange((stored) => stored.map((c) => (c.id === id ? { ...c, ...changes } : c)), label);
  return (
    <div>
      <div className="label muted" style={{ fontSize: 12, margin: '4px 0' }}>
        Checkpoints · route length {formatDistance(length)}
        {timings && <> · arrives at end {formatTime(timings.finishAt)}</>}
      </div>
      <table className="grid" data-testid="checkpoints">
        <thead>
          <tr>
            <th>Checkpoint</th>
            <th>Along (m)</th>
            <th>ETA</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...cps]
            .sort((a, b) => a.distanceM - b.distanceM)
            .map((c) => {
              const t = eta(c.id);
              return (
                <tr key={c.id}>
                  <td>
                    <TextField label="Name" value={c.name} onCommit={(name) => update(c.id, { name }, 'Rename checkpoint')} />
                  </td>
                  <td>
                    <TextField
                      label="Metres"
                      type="number"
                      min={0}
                      value={String(Math.round(c.distanceM))}
                      onCommit={(v) => update(c.id, { distanceM: Math.max(0, Number(v) || 0) }, 'Move checkpoint')}
                    />
                  </td>
                  <td data-testid="checkpoint-eta" className={t?.beyondEnd ? 'warning' : ''}>
                    {t ? formatTime(t.eta) : 'set a start time'}
                    {t?.beyondEnd && ' (past the end)'}
                  </td>
                  <td>
                    <button
                      className="btn"
                      aria-label={`Remove checkpoint ${c.name}`}
                      onClick={() => onChange((stored) => stored.filter((x) => x.id !== c.id), 'Remove checkpoint')}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      <button
        className="btn"
        style={{ marginTop: 6 }}
        data-testid="add-checkpoint"
        onClick={() => {
          const id = newId();
          onChange((stored) => [...stored, { id, name: `CP${stored.length + 1}`, distanceM: Math.round(length / 2) }], 'Add checkpoint');
        }}
      >
        Add checkpoint
      </button>
    </div>
  );
}
