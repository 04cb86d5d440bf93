/**
 * Alerts, most urgent first: emergencies, then severity, then newest. Each with time, unit, place (10-figure grid
 * reference); acknowledging goes through the server, which answers with who and when, so every screen agrees.
 *
 * A busy control room has dozens of alerts whose condition has already gone: those are grouped ("58 cleared") and
 * can be acknowledged together, or ticked and acknowledged as a selection, each still recorded with who and when
 * (the Acknowledged list below reads that record back). Emergencies are never in a group or a selection.
 */
import { useCallback, useState } from 'react';
import type { AckAlertsResult, Alert } from '../../../shared/protocol';
import type { Result } from '../../../shared/util/result';
import { AcknowledgedList } from './AcknowledgedList';
import { AlertItem } from './AlertItem';
import { groupAlerts, isBulkAcknowledgeable } from './alerts';

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
  /** Acknowledge several (never emergencies) in one request, through the server. Absent: no bulk actions. */
  onAckMany?: (alertIds: string[]) => Promise<Result<AckAlertsResult>>;
  /** The acknowledged alerts from the server's record. Absent: no Acknowledged list. */
  loadAcknowledged?: () => Promise<Result<Alert[]>>;
  /** False for a role the server would refuse (a viewer): no Acknowledge or Clear buttons at all. Default true. */
  canAcknowledge?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function AlertsTab({ alerts, readOnly, onShow, onAck, onClearEmergency, onAckMany, loadAcknowledged, canAcknowledge = true }: Props) {
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** The emergency whose "clear" form is open, and the reason typed so far. */
  const [clearing, setClearing] = useState<{ id: string; reason: string } | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [clearedShown, setClearedShown] = useState(false);
  const [bulk, setBulk] = useState<{ busy: boolean; message: string; error: boolean }>({ busy: false, message: '', error: false });
  /** Bumped after every acknowledgement made here, so the Acknowledged list reads the record again. */
  const [acks, setAcks] = useState(0);
  const canAct = !readOnly && canAcknowledge;

  const busy = (id: string, on: boolean) =>
    setPending((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  const clear = async (a: Alert, reason: string) => {
    if (!onClearEmergency) return;
    busy(a.id, true);
    const error = await onClearEmergency(a, reason);
    busy(a.id, false);
    setErrors((e) => ({ ...e, [a.id]: error ?? '' }));
    if (!error) setClearing(null);
  };

  const ack = async (a: Alert) => {
    busy(a.id, true);
    const error = await onAck(a);
    busy(a.id, false);
    setErrors((e) => ({ ...e, [a.id]: error ?? '' }));
    setAcks((n) => n + 1);
  };

  const ackMany = async (ids: string[]) => {
    if (!onAckMany || ids.length === 0) return;
    setBulk({ busy: true, message: `Acknowledging ${plural(ids.length, 'alert')}…`, error: false });
    const r = await onAckMany(ids);
    const done = r.ok ? r.value.acknowledged.length : 0;
    const error = !r.ok
      ? `Not acknowledged: ${r.error}`
      : r.value.refused.length > 0
        ? `${plural(r.value.refused.length, 'alert was', 'alerts were')} not acknowledged: ${r.value.refused[0]!.error}`
        : null;
    setBulk({ busy: false, message: [done > 0 ? `Acknowledged ${plural(done, 'alert')}.` : '', error ?? ''].filter(Boolean).join(' '), error: error !== null });
    if (r.ok) setSelected(new Set());
    setAcks((n) => n + 1);
  };

  const select = useCallback(
    (id: string, on: boolean) =>
      setSelected((s) => {
        const n = new Set(s);
        if (on) n.add(id);
        else n.delete(id);
        return n;
      }),
    [],
  );

  const { current, cleared } = groupAlerts(alerts);
  // Only what is still there and still needs it counts as selected (an alert may have gone, or been acknowledged elsewhere).
  const selectedIds = alerts.filter((a) => selected.has(a.id) && isBulkAcknowledgeable(a)).map((a) => a.id);
  const bulkOffered = canAct && onAckMany !== undefined;

  const item = (a: Alert) => (
    <AlertItem
      key={a.id}
      alert={a}
      canAct={canAct}
      pending={pending.has(a.id)}
      error={errors[a.id] ?? ''}
      {...(bulkOffered ? { selected: selected.has(a.id), onSelect: (on: boolean) => select(a.id, on) } : {})}
      onShow={onShow}
      onAck={(x) => void ack(x)}
      clearing={clearing?.id === a.id ? clearing : null}
      {...(onClearEmergency ? { onClearStart: () => setClearing({ id: a.id, reason: '' }) } : {})}
      onClearReason={(reason) => setClearing({ id: a.id, reason })}
      onClearConfirm={() => clearing && void clear(a, clearing.reason)}
      onClearCancel={() => setClearing(null)}
    />
  );

  return (
    <>
      {bulkOffered && (selectedIds.length > 0 || bulk.message) && (
        <div className="section" data-testid="alert-selection">
          {selectedIds.length > 0 && (
            <div className="row" style={{ flexWrap: 'wrap', marginBottom: 4 }}>
              <span style={{ flex: '1 0 100%' }}>{plural(selectedIds.length, 'alert')} selected</span>
              <button
                className="btn primary"
                style={{ flex: 'none' }}
                disabled={bulk.busy}
                onClick={() => void ackMany(selectedIds)}
                data-testid="alert-ack-selected"
              >
                Acknowledge selected
              </button>
              <button className="btn" style={{ flex: 'none' }} onClick={() => setSelected(new Set())}>
                Clear selection
              </button>
            </div>
          )}
          <span role="status" className={bulk.error ? 'error-text' : 'muted'} data-testid="alert-bulk-status">
            {bulk.message}
          </span>
        </div>
      )}
      {!canAcknowledge && !readOnly && alerts.length > 0 && (
        <p className="section muted" data-testid="alerts-view-only">
          You are signed in to the command server as a viewer: controllers and commanders acknowledge alerts.
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="section muted">No alerts.</p>
      ) : (
        <ul className="alert-list" data-testid="alert-list" aria-label="Alerts, most urgent first">
          {current.map(item)}
        </ul>
      )}
      {cleared.length > 0 && (
        <section className="section" aria-label="Cleared alerts awaiting acknowledgement" data-testid="cleared-group">
          <div className="row">
            <button className="btn" aria-expanded={clearedShown} onClick={() => setClearedShown((s) => !s)} data-testid="cleared-toggle">
              {clearedShown ? '▾' : '▸'} {cleared.length} cleared
            </button>
            {bulkOffered && (
              <button
                className="btn primary"
                style={{ flex: 'none' }}
                disabled={bulk.busy}
                onClick={() => void ackMany(cleared.map((a) => a.id))}
                data-testid="cleared-ack-all"
              >
                Acknowledge all {cleared.length}
              </button>
            )}
          </div>
          <p className="muted" style={{ fontSize: 12, margin: '4px 0 0' }}>
            Their conditions have gone; acknowledging records that you have seen them.
          </p>
          {clearedShown && (
            <ul className="alert-list" data-testid="cleared-list" aria-label="Cleared alerts">
              {cleared.map(item)}
            </ul>
          )}
        </section>
      )}
      {loadAcknowledged && !readOnly && <AcknowledgedList load={loadAcknowledged} refreshKey={acks} />}
    </>
  );
}
