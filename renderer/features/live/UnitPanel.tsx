/** The selected unit: who and what it is, how fresh, where, its assignment in the plan, and its recent history. */
import { useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { PositionReport } from '../../../shared/protocol';
import { toGridRef } from '../../../shared/geo';
import { Section } from '../../app/fields';
import { STATUS_COLOURS, STATUS_LABELS, typeLabel } from '../../map/live/liveSymbology';
import { formatAge, FRESHNESS_LABELS, freshnessOf } from '../../../shared/live/freshness';
import { dayTime, heading, hhmm, hhmmss, speed } from './format';
import type { LiveUnit } from '../../../shared/live/liveUnit';
import type { AreaIndex } from '../../../shared/live/areas';
import { assignmentsFor, unitPlace } from './planContext';
import type { TrailPoint } from './trail';

const SOURCE_LABELS: Record<PositionReport['source'], string> = {
  feed: 'Radio / AVL feed',
  http: 'HTTP batch',
  cot: 'Cursor-on-Target (TAK)',
  simulator: 'Simulator',
  manual: 'Manual update',
};

interface Props {
  unit: LiveUnit;
  now: number;
  /** Ages are frozen because the link is down or stalled. */
  frozen: boolean;
  plan: OperationBundle | null;
  phaseId: string | null;
  /** The plan's areas, prepared once (sectors, cordons, authority areas). */
  areas: AreaIndex;
  recent: readonly TrailPoint[];
  following: boolean;
  onFollow: (on: boolean) => void;
  onCentre: () => void;
  onClose: () => void;
  /** Fetch this unit's history from the server (absent in replay). */
  loadHistory?: (minutes: number) => Promise<{ positions: PositionReport[]; truncated: boolean } | string>;
}

const grid = (lon: number, lat: number) => {
  const g = toGridRef(lon, lat);
  return g.ok ? g.value : `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
};

export function UnitPanel({ unit: u, now, frozen, plan, phaseId, areas, recent, following, onFollow, onCentre, onClose, loadHistory }: Props) {
  const [history, setHistory] = useState<{ positions: PositionReport[]; truncated: boolean } | string | null>(null);
  const [loading, setLoading] = useState(false);
  const f = freshnessOf(u, now);
  const place = unitPlace(plan, areas, u);
  const planned = place.planned;
  const assignments = assignmentsFor(plan, planned, phaseId, now);
  const sector = place.sectors[0];
  const load = async () => {
    if (!loadHistory) return;
    setLoading(true);
    setHistory(await loadHistory(30));
    setLoading(false);
  };
  return (
    <>
      <Section title="Unit">
        <div className="row" style={{ marginBottom: 8 }}>
          <h3 style={{ margin: 0, fontSize: 18 }} data-testid="unit-callsign">
            <span className="live-dot" style={{ background: STATUS_COLOURS[u.status], marginRight: 6 }} aria-hidden="true" />
            {u.callSign}
          </h3>
          <button className="btn" style={{ flex: 'none' }} onClick={onClose} aria-label="Close the unit panel">
            ✕
          </button>
        </div>
        <dl className="facts" data-testid="unit-facts">
          <dt>Type</dt>
          <dd>{typeLabel(u.type)}</dd>
          <dt>Status</dt>
          <dd>{STATUS_LABELS[u.status]}</dd>
          <dt>Last heard</dt>
          <dd>
            <span className={`fresh-badge ${f}`}>{FRESHNESS_LABELS[f]}</span> {formatAge(now - u.timeMs)} ago{frozen ? ' (as of last contact)' : ''}
          </dd>
          <dt>Last report</dt>
          <dd>{dayTime(u.timeMs)}</dd>
          <dt>Expected every</dt>
          <dd>{u.expectedIntervalS} s</dd>
          <dt>Source</dt>
          <dd>{SOURCE_LABELS[u.source]}</dd>
          <dt>Position</dt>
          <dd className="measure">{grid(u.lon, u.lat)}</dd>
          <dt>Accuracy</dt>
          <dd>{u.accuracyM !== undefined ? `± ${Math.round(u.accuracyM)} m` : 'not given'}</dd>
          <dt>Speed</dt>
          <dd>{u.speedMps !== undefined ? speed(u.speedMps) : 'not given'}</dd>
          <dt>Heading</dt>
          <dd>{u.headingDeg !== undefined ? heading(u.headingDeg) : 'not given'}</dd>
          <dt>Sector</dt>
          <dd>{sector?.label ?? 'None'}</dd>
          <dt>Within</dt>
          <dd data-testid="unit-within">{place.within.map((a) => a.label).join(', ') || 'No cordon or authority area'}</dd>
          {u.groupId && (
            <>
              <dt>Part of</dt>
              <dd>{u.groupId}</dd>
            </>
          )}
          {u.staleAtMs !== undefined && (
            <>
              <dt>Valid until</dt>
              <dd>{hhmmss(u.staleAtMs)}</dd>
            </>
          )}
        </dl>
        <div className="row" style={{ marginTop: 8 }}>
          <button className="btn" aria-pressed={following} onClick={() => onFollow(!following)} data-testid="follow-unit">
            {following ? 'Stop following' : 'Follow'}
          </button>
          <button className="btn" onClick={onCentre}>
            Centre on map
          </button>
        </div>
      </Section>
      <Section title="Assignment">
        {!plan && <p className="muted">No plan for this operation on this screen.</p>}
        {plan && !planned && <p className="muted">{u.groupId ?? u.callSign} is not in the plan's roster.</p>}
        {planned && assignments.length === 0 && (
          <p className="muted">
            {planned.callSign} has no assignment {phaseId ? 'in this phase' : 'now'}.
          </p>
        )}
        {assignments.length > 0 && (
          <ul className="list" data-testid="unit-assignments">
            {assignments.map((a) => (
              <li key={a.assignment.id} style={{ padding: '4px 0' }}>
                <strong>{a.target}</strong>
                <div className="muted">
                  {a.phaseName} · {hhmm(Date.parse(a.assignment.startsAt))}–{hhmm(Date.parse(a.assignment.endsAt))} · {a.assignment.posture}
                  {a.assignment.bronze ? ` · reports to ${a.assignment.bronze}` : ''}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Recent history">
        {recent.length === 0 ? (
          <p className="muted">Nothing recorded on this screen yet.</p>
        ) : (
          <table className="grid" aria-label="Recent positions, newest first">
            <thead>
              <tr>
                <th>Time</th>
                <th>Grid reference</th>
              </tr>
            </thead>
            <tbody>
              {[...recent]
                .reverse()
                .slice(0, 10)
                .map((p) => (
                  <tr key={p.t}>
                    <td>{hhmmss(p.t)}</td>
                    <td className="measure">{grid(p.lon, p.lat)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        {loadHistory && (
          <div style={{ marginTop: 8 }}>
            <button className="btn" onClick={() => void load()} disabled={loading}>
              {loading ? 'Loading…' : 'Load the last 30 minutes from the server'}
            </button>
            {typeof history === 'string' && (
              <p className="error-text" role="alert">
                {history}
              </p>
            )}
            {history && typeof history !== 'string' && (
              <p className="muted">
                {history.positions.length} positions recorded
                {history.positions.length > 0
                  ? ` from ${hhmmss(Date.parse(history.positions[0]!.time))} to ${hhmmss(Date.parse(history.positions[history.positions.length - 1]!.time))}`
                  : ''}
                {history.truncated ? ' (only part of it was loaded)' : ''}.
              </p>
            )}
          </div>
        )}
      </Section>
    </>
  );
}
