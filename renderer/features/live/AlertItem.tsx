/** One alert in the Live list: what, who, where, when; Acknowledge, Show, and for an emergency "Clear emergency…". */
import type { Alert } from '../../../shared/protocol';
import { alertPlace, alertTitle, isBulkAcknowledgeable, SEVERITY_LABELS } from './alerts';
import { dayTime, hhmmss } from './format';

export interface AlertItemProps {
  alert: Alert;
  /** Acknowledge and clear buttons are offered (not in replay, not to a role the server would refuse). */
  canAct: boolean;
  pending: boolean;
  error: string;
  /** Ticked for acknowledging with others; absent: no tick box (an emergency, or nothing to acknowledge). */
  selected?: boolean;
  onSelect?: (selected: boolean) => void;
  onShow: (a: Alert) => void;
  onAck: (a: Alert) => void;
  /** Present when the "clear emergency" action is offered. */
  clearing: { reason: string } | null;
  onClearStart?: () => void;
  onClearReason: (reason: string) => void;
  onClearConfirm: () => void;
  onClearCancel: () => void;
}

export function AlertItem(p: AlertItemProps) {
  const a = p.alert;
  const place = alertPlace(a);
  const emergency = a.kind === 'emergency';
  const open = !a.acknowledgedAt;
  const who = a.callSign ?? a.unitId;
  return (
    <li className={`alert-item sev-${a.severity}${emergency ? ' emergency' : ''}${open ? ' open' : ' acked'}`} data-testid="alert-item" data-alert-id={a.id}>
      <div className="head">
        {p.onSelect && isBulkAcknowledgeable(a) && (
          <input
            type="checkbox"
            checked={p.selected ?? false}
            onChange={(e) => p.onSelect?.(e.target.checked)}
            aria-label={`Select for acknowledging: ${alertTitle(a)}${who ? ` ${who}` : ''}`}
            data-testid="alert-select"
          />
        )}
        <span className={`sev ${emergency ? 'emergency' : a.severity}`}>{emergency ? 'Emergency' : SEVERITY_LABELS[a.severity]}</span>
        <strong>{alertTitle(a)}</strong>
        <span className="muted" style={{ marginLeft: 'auto' }} title={dayTime(Date.parse(a.raisedAt))}>
          {hhmmss(Date.parse(a.raisedAt))}
        </span>
      </div>
      <div>
        {who ? <strong>{who}</strong> : null} {a.message}
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
      {p.error ? (
        <div className="error-text" role="alert">
          {p.error}
        </div>
      ) : null}
      <div className="actions">
        {a.lon !== undefined && a.lat !== undefined && (
          <button className="btn" onClick={() => p.onShow(a)} aria-label={`Show on map: ${alertTitle(a)} ${a.callSign ?? ''}`}>
            Show
          </button>
        )}
        {open && p.canAct && (
          <button className="btn primary" onClick={() => p.onAck(a)} disabled={p.pending} data-testid="alert-ack">
            {p.pending ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        )}
        {emergency && !a.clearedAt && p.canAct && p.onClearStart && !p.clearing && (
          <button className="btn" onClick={p.onClearStart} data-testid="emergency-clear">
            Clear emergency…
          </button>
        )}
      </div>
      {p.clearing && (
        <form
          className="clear-emergency"
          onSubmit={(e) => {
            e.preventDefault();
            p.onClearConfirm();
          }}
        >
          <label htmlFor={`clear-reason-${a.id}`}>
            Why is this emergency being cleared? Only the device or a controller can clear it; your name and reason are recorded.
          </label>
          <input
            id={`clear-reason-${a.id}`}
            value={p.clearing.reason}
            onChange={(e) => p.onClearReason(e.target.value)}
            placeholder="e.g. spoke to the officer on the radio: accidental activation"
            autoFocus
            required
            minLength={3}
            data-testid="emergency-clear-reason"
          />
          <div className="actions">
            <button type="submit" className="btn danger" disabled={p.pending || p.clearing.reason.trim().length < 3} data-testid="emergency-clear-confirm">
              {p.pending ? 'Clearing…' : 'Clear emergency'}
            </button>
            <button type="button" className="btn" onClick={p.onClearCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
