/** The phases along the bottom: choosing one shows what is active then. */
import type { Phase } from '../../../shared/domain';
import { formatTime } from '../../app/fields';

export function PhaseTimeline({ phases, phaseId, onChange }: { phases: readonly Phase[]; phaseId: string | null; onChange: (id: string | null) => void }) {
  const sorted = [...phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <nav className="timeline" aria-label="Phases" data-testid="phase-timeline">
      <span className="muted">Phase:</span>
      <button className="btn phase" aria-pressed={phaseId === null} onClick={() => onChange(null)}>
        All phases
      </button>
      {sorted.map((p) => (
        <button key={p.id} className="btn phase" aria-pressed={phaseId === p.id} onClick={() => onChange(p.id)} title={`${formatTime(p.startsAt)} – ${formatTime(p.endsAt)}`}>
          {p.name} <span className="muted">{formatTime(p.startsAt)}</span>
        </button>
      ))}
    </nav>
  );
}
