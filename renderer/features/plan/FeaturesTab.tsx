/** Drawing tools and the list of plan features (searchable), plus import and export. */
import { useMemo, useState } from 'react';
import { FEATURE_KINDS, type PlanFeature } from '../../../shared/domain';
import { Section } from '../../app/fields';
import { symbolFor } from '../../map/symbology';
import { DRAW_TOOLS } from '../../map/draw/tools';
import { dispatchCommand } from '../../app/commandBus';
import { featureListOrder } from './featureOrder';

interface Props {
  features: readonly PlanFeature[];
  toolId: string | null;
  onTool: (id: string | null) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function FeaturesTab({ features, toolId, onTool, selectedId, onSelect }: Props) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const ordered = useMemo(() => featureListOrder(features), [features]);
  const shown = ordered.filter((f) => !q || f.name.toLowerCase().includes(q) || FEATURE_KINDS[f.kind].toLowerCase().includes(q));
  return (
    <>
      <Section title="Draw">
        <div className="toolbar" role="toolbar" aria-label="Drawing tools">
          <button className="btn" aria-pressed={toolId === null} onClick={() => onTool(null)} title="Select and reshape (Esc)">
            Select / edit
          </button>
          {DRAW_TOOLS.map((t) => (
            <button
              key={t.id}
              className="btn"
              aria-pressed={toolId === t.id}
              onClick={() => onTool(toolId === t.id ? null : t.id)}
              title={`${t.label} (${t.key.toUpperCase()})`}
              data-testid={`tool-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </div>
      </Section>
      <Section title="Files">
        <div className="row">
          <button
            className="btn"
            onClick={() => dispatchCommand('file:import')}
            data-testid="import-features"
            title="Import GeoJSON, KML, KMZ, GPX, CSV, a zipped Shapefile or a GeoPackage (Ctrl+I)"
          >
            Import…
          </button>
          <button
            className="btn"
            onClick={() => dispatchCommand('file:export-cordon')}
            data-testid="export-cordon"
            title="Export the operation as a .cordon file (Ctrl+E)"
          >
            Export .cordon
          </button>
        </div>
        <div className="row" style={{ marginTop: 6 }}>
          <button className="btn" onClick={() => dispatchCommand('file:export-geojson')} data-testid="export-geojson">
            Export GeoJSON
          </button>
          <button className="btn" onClick={() => dispatchCommand('file:export-kml')} data-testid="export-kml">
            Export KML
          </button>
        </div>
      </Section>
      <Section title={`Features (${features.length})`}>
        <div className="field">
          <label htmlFor="feature-search" className="sr-only">
            Search features
          </label>
          <input id="feature-search" placeholder="Search features" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <ul className="list" data-testid="feature-list">
          {shown.slice(0, 500).map((f) => {
            const s = symbolFor(f);
            return (
              <li key={f.id}>
                <button className="item" aria-current={f.id === selectedId} onClick={() => onSelect(f.id)}>
                  <span className="swatch" style={{ background: s.colour }} />
                  <span>{f.name || '(unnamed)'}</span>
                  <span className="muted" style={{ marginLeft: 'auto', fontSize: 12 }}>
                    {s.label}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {shown.length > 500 && <p className="muted">Showing 500 of {shown.length}; search to narrow.</p>}
      </Section>
    </>
  );
}
