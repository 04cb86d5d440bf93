/** Live measurements of the selected feature (Turf, via shared/geo) and "buffer this by N metres" to make a cordon. */
import { useState } from 'react';
import type { PlanFeature } from '../../../shared/domain';
import { describeMeasurements, formatDistance, toGridRef, centroid } from '../../../shared/geo';
import { Section } from '../../app/fields';

export function Measurements({ feature, onBuffer }: { feature: PlanFeature; onBuffer: (metres: number) => void }) {
  const [metres, setMetres] = useState('50');
  const figures = describeMeasurements(feature.geometry, feature.props);
  const c = centroid(feature.geometry);
  const grid = toGridRef(c[0], c[1]);
  return (
    <Section title="Measurements">
      <table className="grid measure" data-testid="measurements">
        <tbody>
          {feature.kind === 'circle' && feature.props.radiusM !== undefined && (
            <tr>
              <th>Radius</th>
              <td>{formatDistance(feature.props.radiusM)}</td>
            </tr>
          )}
          {figures.map((m) => (
            <tr key={m.key + m.label}>
              <th>{m.label}</th>
              <td data-testid={`measure-${m.key}`}>{m.text}</td>
            </tr>
          ))}
          <tr>
            <th>{feature.geometry.type === 'Point' ? 'Grid ref' : 'Centre'}</th>
            <td data-testid="feature-gridref">{grid.ok ? grid.value : '—'}</td>
          </tr>
        </tbody>
      </table>
      <div className="row" style={{ marginTop: 8, alignItems: 'end' }}>
        <div className="field" style={{ marginBottom: 0 }}>
          <label htmlFor="buffer-metres">Buffer by (m)</label>
          <input id="buffer-metres" type="number" min={1} value={metres} onChange={(e) => setMetres(e.target.value)} data-testid="buffer-metres" />
        </div>
        <button
          className="btn"
          data-testid="buffer-make-cordon"
          onClick={() => {
            const m = Number(metres);
            if (m > 0) onBuffer(m);
          }}
        >
          Make cordon
        </button>
      </div>
    </Section>
  );
}
