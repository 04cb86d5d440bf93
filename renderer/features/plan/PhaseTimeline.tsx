/**
 * The phases along the bottom, each as wide as it is long, so the shape of the day is visible at a glance.
 * Choosing one shows what is active then.
 */
import type { Phase } from '../../../shared/domain';
import { formatTime } from '../../app/fields';

const hours = (p: Phase) => Math.max(0.25, (Date.parse(p.endsAt) - Date.parse(p.startsAt)) / 3_600_000);

export function PhaseTimeline({ phases, phaseId, onChange }: { phases: readonly Phase[]; phaseId: string | null; onChange: (id: string | null) => void }) {
  const sorted = [...phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <nav className="timeline" aria-label="Phases" data-testid="phase-timeline">
      <span className="muted">Phase:</span>
      <button className="btn phase" style={{ flex: 'none' }} aria-pressed={phaseId === null} onClick={() => onChange(null)}>
        All phases
      </button>
      <div className="phase-track">
        {sorted.map((p) => (
          <button
            key={p.id}
            className="btn phase"
            style={{ flexGrow: hours(p) }}
            aria-pressed={phaseId === p.id}
            onClick={() => onChange(p.id)}
            title={`${p.name}: ${formatTime(p.startsAt)} – ${formatTime(p.endsAt)}`}
          >
            {p.name} <span className="muted">{formatTime(p.startsAt)}</span>
          </button>
        ))}
        {sorted.length === 0 && <span className="muted">No phases yet: add them on the Phases tab.</span>}
      </div>
    </nav>
  );
}
