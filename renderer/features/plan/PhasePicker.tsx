/** Which phases a feature is active in: none ticked means every phase. */
import type { Phase } from '../../../shared/domain';

export function PhasePicker({ phases, value, onChange }: { phases: readonly Phase[]; value: readonly string[]; onChange: (ids: string[]) => void }) {
  if (phases.length === 0) return <p className="muted">Active in every phase (add phases on the Phases tab).</p>;
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((x) => x !== id) : [...value, id]);
  return (
    <fieldset className="field" style={{ border: 0, padding: 0 }}>
      <legend className="label">Active in phases {value.length === 0 && <span className="muted">(all)</span>}</legend>
      {[...phases]
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map((p) => (
          <label key={p.id} className="checkline">
            <input type="checkbox" checked={value.includes(p.id)} onChange={() => toggle(p.id)} />
            {p.name}
          </label>
        ))}
    </fieldset>
  );
}
