/**
 * Alerts someone has acknowledged: which, who (the authenticated user the server recorded) and when. Read from the
 * server's alert log, so an alert that was cleared and acknowledged still has a record after it leaves the list.
 */
import { useEffect, useState } from 'react';
import type { Alert } from '../../../shared/protocol';
import type { Result } from '../../../shared/util/result';
import { alertTitle } from './alerts';
import { dayTime, hhmmss } from './format';

export function AcknowledgedList({ load, refreshKey }: { load: () => Promise<Result<Alert[]>>; refreshKey: unknown }) {
  const [shown, setShown] = useState(false);
  const [list, setList] = useState<Alert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((r) => {
      if (!live) return;
      if (r.ok) {
        setList(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [load, refreshKey]);

  return (
    <section className="section" aria-label="Acknowledged alerts">
      <button className="btn" aria-expanded={shown} onClick={() => setShown((s) => !s)} data-testid="acknowledged-toggle">
        {shown ? '▾' : '▸'} Acknowledged ({list?.length ?? '…'}) · last 24 hours
      </button>
      {error && (
        <p className="error-text" role="alert">
          The acknowledged list could not be read: {error}
        </p>
      )}
      {shown && list && (
        <ul className="list" data-testid="acknowledged-list">
          {list.length === 0 && <li className="muted">No alert acknowledged yet.</li>}
          {list.map((a) => (
            <li key={a.id} data-testid="acknowledged-item" style={{ padding: '4px 0', fontSize: 13 }}>
              <strong>{alertTitle(a)}</strong> {a.callSign ?? a.unitId ?? ''}
              <div className="muted">
                by {a.acknowledgedBy || 'someone'} at <span title={dayTime(Date.parse(a.acknowledgedAt!))}>{hhmmss(Date.parse(a.acknowledgedAt!))}</span>
                {a.clearedAt ? ' · condition cleared' : ' · condition still holds'}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
