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
  /**
   * Clear a device's emergency that the device could not cancel (controllers and commanders; the server refuses
   * others and records who and why). Absent: the action is not offered.
   */
  onClearEmergency?: (a: Alert, reason: string) => Promise<string | null>;
}

export function AlertsTab({ alerts, readOnly, onShow, onAck, onClearEmergency }: Props) {
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** The emergency whose "clear" form is open, and the reason typed so far. */
  const [clearing, setClearing] = useState<{ id: string; reason: string } | null>(null);

  const clear = async (a: Alert, reason: string) => {
    if (!onClearEmergency) return;
    setPending((s) => new Set(s).add(a.id));
    const error = await onClearEmergency(a, reason);
    setPending((s) => {
      const n = new Set(s);
      n.delete(a.id);
      return n;
    });
    setErrors((e) => ({ ...e, [a.id]: error ?? '' }));
    if (!error) setClearing(null);
  };
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
              {a.planVersion !== undefined && <span data-testid="alert-plan-version"> · judged against plan v{a.planVersion}</span>}
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
              {emergency && !a.clearedAt && !readOnly && onClearEmergency && clearing?.id !== a.id && (
                <button className="btn" onClick={() => setClearing({ id: a.id, reason: '' })} data-testid="emergency-clear">
                  Clear emergency…
                </button>
              )}
            </div>
            {clearing?.id === a.id && (
              <form
                className="clear-emergency"
                onSubmit={(e) => {
                  e.preventDefault();
                  void clear(a, clearing.reason);
                }}
              >
                <label htmlFor={`clear-reason-${a.id}`}>
                  Why is this emergency being cleared? Only the device or a controller can clear it; your name and reason are recorded.
                </label>
                <input
                  id={`clear-reason-${a.id}`}
                  value={clearing.reason}
                  onChange={(e) => setClearing({ id: a.id, reason: e.target.value })}
                  placeholder="e.g. spoke to the officer on the radio: accidental activation"
                  autoFocus
                  required
                  minLength={3}
                  data-testid="emergency-clear-reason"
                />
                <div className="actions">
                  <button type="submit" className="btn danger" disabled={pending.has(a.id) || clearing.reason.trim().length < 3} data-testid="emergency-clear-confirm">
                    {pending.has(a.id) ? 'Clearing…' : 'Clear emergency'}
                  </button>
                  <button type="button" className="btn" onClick={() => setClearing(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
