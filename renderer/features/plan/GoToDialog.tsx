/** "Go to" by grid reference, coordinates, or the name of a plan feature. */
import { useState } from 'react';
import type { PlanFeature } from '../../../shared/domain';
import { parseGoTo } from '../../../shared/geo';
import { Dialog } from '../../app/ui';

export function GoToDialog({
  features,
  onPoint,
  onFeature,
  onClose,
}: {
  features: readonly PlanFeature[];
  onPoint: (lon: number, lat: number) => void;
  onFeature: (id: string) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const go = () => {
    const r = parseGoTo(query, features);
    if (r.kind === 'error') return setError(r.message);
    if (r.kind === 'feature') onFeature(r.id);
    else onPoint(r.lon, r.lat);
    onClose();
  };
  return (
    <Dialog
      title="Go to"
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" onClick={go} data-testid="go-to-submit">
            Go
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="go-to-query">Grid reference (TQ 29949 80234), latitude, longitude (51.5218, -0.1260), or a feature name</label>
        <input
          id="go-to-query"
          data-testid="go-to-query"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && go()}
        />
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
