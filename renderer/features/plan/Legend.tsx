/** The on-map legend: only the symbols in use, drawn from the same symbology module as the map. */
import type { PlanFeature } from '../../../shared/domain';
import { legendEntries } from '../../map/symbology';

export function Legend({ features }: { features: readonly PlanFeature[] }) {
  const entries = legendEntries(features);
  if (entries.length === 0) return null;
  return (
    <div className="legend" aria-label="Legend" role="region">
      <h2>Legend</h2>
      <ul className="list">
        {entries.map((s) => (
          <li key={s.key}>
            {s.geom === 'point' ? (
              <span className="dot" style={{ background: s.colour }} />
            ) : s.geom === 'line' ? (
              <span className="line" style={{ borderTopColor: s.colour, borderTopStyle: s.dash ? 'dashed' : 'solid' }} />
            ) : (
              <span
                className="swatch"
                style={{ background: `${s.colour}55`, borderColor: s.colour, borderStyle: s.dash ? 'dashed' : 'solid', borderWidth: 2 }}
              />
            )}
            <span>{s.label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
