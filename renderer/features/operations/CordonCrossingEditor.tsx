/**
 * Which units may cross which cordons without a breach alert in Live (Operation.cordonCrossing). A grid of unit
 * types (and "units held in reserve") against the cordon kinds the server watches; each tick is one undoable edit.
 */
import {
  BREACH_CORDON_TYPES,
  CORDON_CROSSING_LABELS,
  UNIT_TYPES,
  cordonCrossingOf,
  withCrossing,
  type BreachCordonType,
  type CrossingWho,
  type Operation,
  type UnitType,
} from '../../../shared/domain';
import type { PlanSession } from '../../app/session';

export function CordonCrossingEditor({ operation: op, session }: { operation: Operation; session: PlanSession }) {
  const rules = cordonCrossingOf(op.cordonCrossing);
  const allowed = (k: BreachCordonType, who: CrossingWho) => {
    const r = rules.find((x) => x.cordonType === k);
    return who === 'reserves' ? (r?.reserves ?? false) : (r?.unitTypes.includes(who) ?? false);
  };
  const rows: [CrossingWho, string][] = [...(Object.entries(UNIT_TYPES) as [UnitType, string][]), ['reserves', 'Any unit held in reserve']];
  const set = (k: BreachCordonType, who: CrossingWho, on: boolean, label: string) =>
    void session.run('operation.update', {
      changes: {},
      edit: (stored) => ({ cordonCrossing: withCrossing(stored.cordonCrossing, k, who, on) }),
      label: `${on ? 'Let' : 'Stop'} ${label} ${on ? 'cross' : 'crossing'} ${CORDON_CROSSING_LABELS[k].toLowerCase()} without an alert`,
    });
  return (
    <details className="section" data-testid="cordon-crossing">
      <summary>Cordon crossing: who may cross without a breach alert</summary>
      <p className="muted" style={{ fontSize: 12 }}>
        Live raises a cordon breach when a unit enters a cordon it is not posted to. Tick the units whose work takes them across (medics, Police Liaison Teams,
        evidence gatherers), so that the alerts that remain mean something.
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>Unit</th>
            {BREACH_CORDON_TYPES.map((k) => (
              <th key={k}>{CORDON_CROSSING_LABELS[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([who, label]) => (
            <tr key={who}>
              <th>{label}</th>
              {BREACH_CORDON_TYPES.map((k) => (
                <td key={k}>
                  <input
                    type="checkbox"
                    aria-label={`${label} may cross ${CORDON_CROSSING_LABELS[k].toLowerCase()}`}
                    checked={allowed(k, who)}
                    onChange={(e) => set(k, who, e.target.checked, label)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
