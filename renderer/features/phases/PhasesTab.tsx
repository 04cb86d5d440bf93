/** Phases: named time windows of the operation. */
import { newId, type OperationBundle, type Phase } from '../../../shared/domain';
import { Section, TextField, isoToLocalInput, localInputToIso, formatTime } from '../../app/fields';
import type { PlanSession } from '../../app/session';

export function PhasesTab({ bundle, session }: { bundle: OperationBundle; session: PlanSession }) {
  const phases = [...bundle.phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const last = phases[phases.length - 1];
  const add = () => {
    const start = last ? last.endsAt : bundle.operation.startsAt;
    const end = new Date(Date.parse(start) + 2 * 3600_000).toISOString();
    void session.run('phase.add', { id: newId(), name: `Phase ${phases.length + 1}`, startsAt: start, endsAt: end });
  };
  const update = (p: Phase, changes: Partial<Phase>) => void session.run('phase.update', { id: p.id, changes });
  return (
    <Section title={`Phases (${phases.length})`}>
      {phases.map((p) => (
        <div key={p.id} style={{ borderBottom: '1px solid var(--border)', paddingBottom: 6, marginBottom: 6 }} data-testid="phase-row">
          <TextField label="Name" value={p.name} onCommit={(name) => name.trim() && update(p, { name: name.trim() })} />
          <div className="row">
            <TextField
              label="Starts"
              type="datetime-local"
              value={isoToLocalInput(p.startsAt)}
              onCommit={(v) => {
                const iso = localInputToIso(v);
                if (iso && iso < p.endsAt) update(p, { startsAt: iso });
              }}
            />
            <TextField
              label="Ends"
              type="datetime-local"
              value={isoToLocalInput(p.endsAt)}
              onCommit={(v) => {
                const iso = localInputToIso(v);
                if (iso && iso > p.startsAt) update(p, { endsAt: iso });
              }}
            />
          </div>
          <div className="row">
            <span className="muted" style={{ fontSize: 12 }}>
              {formatTime(p.startsAt)} – {formatTime(p.endsAt)}
            </span>
            <button
              className="btn danger"
              style={{ flex: 'none' }}
              onClick={() => void session.run('phase.delete', { ids: [p.id] })}
              aria-label={`Delete phase ${p.name}`}
            >
              Delete
            </button>
          </div>
        </div>
      ))}
      <button className="btn primary" onClick={add} data-testid="add-phase">
        Add phase
      </button>
    </Section>
  );
}
