/**
 * Alerts, most urgent first: emergencies, then severity, then newest. Each with time, unit, place (10-figure grid
 * reference); acknowledging goes through the server, which answers with who and when, so every screen agrees.
 */
import { useState } from 'react';
import type { Alert } from '../../../shared/protocol';
import { alertPlace, alertTitle, SEVERITY_LABELS, sortAlerts } from './alerts';
import { dayTime, hhmmss } from './format';

interface Props {
  alerts: readonly Alert[];
  /** In replay the list is history: no acknowledging. */
  readOnly: boolean;
  onShow: (a: Alert) => void;
  onAck: (a: Alert) => Promise<string | null>;
}

export function AlertsTab({ alerts, readOnly, onShow, onAck }: Props) {
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const sorted = sortAlerts(alerts);

  const ack = async (a: Alert) => {
    setPending((s) => new Set(s).add(a.id));
    const error = await onAck(a);
    setPending((s) => {
      const n = new Set(s);
      n.delete(a.id);
      return n;
    });
    setErrors((e) => ({ ...e, [a.id]: error ?? '' }));
  };

  if (sorted.length === 0) return <p className="section muted">No alerts.</p>;
  return (
    <ul className="alert-list" data-testid="alert-list" aria-label="Alerts, most urgent first">
      {sorted.map((a) => {
        const place = alertPlace(a);
        const emergency = a.kind === 'emergency';
        const open = !a.acknowledgedAt;
        return (
          <li key={a.id} className={`alert-item sev-${a.severity}${emergency ? ' emergency' : ''}${open ? ' open' : ' acked'}`} data-testid="alert-item" data-alert-id={a.id}>
            <div className="head">
              <span className={`sev ${emergency ? 'emergency' : a.severity}`}>{emergency ? 'Emergency' : SEVERITY_LABELS[a.severity]}</span>
              <strong>{alertTitle(a)}</strong>
              <span className="muted" style={{ marginLeft: 'auto' }} title={dayTime(Date.parse(a.raisedAt))}>
                {hhmmss(Date.parse(a.raisedAt))}
              </span>
            </div>
            <div>
              {a.callSign ?? a.unitId ? <strong>{a.callSign ?? a.unitId}</strong> : null} {a.message}
            </div>
            <div className="muted">
              {place ?? 'No position'}
              {a.clearedAt ? ` · condition cleared ${hhmmss(Date.parse(a.clearedAt))}` : ''}
            </div>
            {a.acknowledgedAt && (
              <div data-testid="alert-acked">
                Acknowledged by {a.acknowledgedBy || 'someone'} at {hhmmss(Date.parse(a.acknowledgedAt))}
              </div>
            )}
            {errors[a.id] ? (
              <div className="error-text" role="alert">
                {errors[a.id]}
              </div>
            ) : null}
            <div className="actions">
              {a.lon !== undefined && a.lat !== undefined && (
                <button className="btn" onClick={() => onShow(a)} aria-label={`Show on map: ${alertTitle(a)} ${a.callSign ?? ''}`}>
                  Show
                </button>
              )}
              {open && !readOnly && (
                <button className="btn primary" onClick={() => void ack(a)} disabled={pending.has(a.id)} data-testid="alert-ack">
                  {pending.has(a.id) ? 'Acknowledging…' : 'Acknowledge'}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
