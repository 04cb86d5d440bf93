/**
 * Live: the powers in force now with the time left (amber in the last `warnMin` minutes, as the server's
 * authorityExpiring alert warns), and those authorised to start later. "Show" frames the power's area on the map.
 */
import type { OperationBundle } from '../../../shared/domain';
import { POWER_RULES, formatTimeLeft, livePowers, type LivePower } from '../../../shared/powers';
import { officerLine } from '../../../shared/brief/powersAnnex';
import { Section, formatTime } from '../../app/fields';
import './powers.css';

interface Props {
  plan: OperationBundle | null;
  now: number;
  /** Minutes before expiry at which the time left turns amber (the server's alerts.authorityWarningMin default). */
  warnMin?: number;
  onShowArea: (featureId: string) => void;
}

export function PowersInForce({ plan, now, warnMin = 30, onShowArea }: Props) {
  if (!plan) return <p className="section muted">No plan for this operation yet.</p>;
  const { inForce, later } = livePowers(plan.operation.powers ?? [], now, { eventEndsAt: plan.operation.endsAt });
  const area = (p: LivePower) => (p.power.areaFeatureId ? plan.features.find((f) => f.id === p.power.areaFeatureId) : undefined);
  const row = (p: LivePower, kind: 'inForce' | 'later') => {
    const a = area(p);
    const soon = kind === 'inForce' && p.msLeft <= warnMin * 60_000;
    return (
      <li key={p.power.id} className="power-card" data-testid={kind === 'inForce' ? 'live-power' : 'live-power-later'}>
        <div className="power-head">
          <strong>{POWER_RULES[p.power.type].short}</strong>
          <span className={`time-left ${soon ? 'soon' : ''}`} data-testid="live-power-left">
            {kind === 'inForce' ? `${formatTimeLeft(p.msLeft)} left` : `starts in ${formatTimeLeft(p.msLeft)}`}
          </span>
        </div>
        <div className="muted">
          {officerLine(p.power.authoriser)} · until {formatTime(new Date(p.endsAt).toISOString())}
          {p.power.extensions.length > 0 ? ` (extended ${p.power.extensions.length}×)` : ''}
        </div>
        <div className="row">
          <span>{a ? a.name || 'Unnamed area' : 'No area set'}</span>
          {a && (
            <button
              className="btn"
              style={{ flex: 'none' }}
              onClick={() => onShowArea(a.id)}
              aria-label={`Show the area of the ${POWER_RULES[p.power.type].short} on the map`}
            >
              Show
            </button>
          )}
        </div>
      </li>
    );
  };
  return (
    <div className="powers-live">
      <Section title={`Powers in force (${inForce.length})`}>
        {inForce.length === 0 && <p className="muted">None in force now.</p>}
        <ul className="power-list">{inForce.map((p) => row(p, 'inForce'))}</ul>
      </Section>
      {later.length > 0 && (
        <Section title="Authorised, starting later">
          <ul className="power-list">{later.map((p) => row(p, 'later'))}</ul>
        </Section>
      )}
      <p className="section muted">
        The control room is alerted before each power lapses and again when it has. Powers are kept in the Plan workspace (Powers tab).
      </p>
    </div>
  );
}
