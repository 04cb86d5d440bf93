/** Officers by rank (and in all), police staff apart, and units by type, one row per phase or sector. */
import { UNIT_TYPES, type UnitType } from '../../../shared/domain';
import type { TotalsRow } from '../../../shared/validation';

export function TotalsTable({ rows, testId = 'totals' }: { rows: readonly TotalsRow[]; testId?: string }) {
  if (rows.length === 0) return <p className="muted">Nothing assigned yet.</p>;
  return (
    <table className="grid" data-testid={testId}>
      <thead>
        <tr>
          <th />
          <th title="Inspectors">Insp</th>
          <th title="Sergeants">PS</th>
          <th title="Constables (PSU drivers and medics included)">PC</th>
          <th title="Officers: inspectors, sergeants and constables">Officers</th>
          <th title="Police staff, counted apart from officers">Staff</th>
          <th>Units</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th>{r.label}</th>
            <td>{r.officers.inspectors}</td>
            <td>{r.officers.sergeants}</td>
            <td>{r.officers.constables}</td>
            <td data-testid="officer-total">
              <strong>{r.officerTotal}</strong>
            </td>
            <td>{r.officers.staff}</td>
            <td>
              {(Object.entries(r.unitsByType) as [UnitType, number][])
                .filter(([, n]) => n > 0)
                .map(([t, n]) => `${n} ${UNIT_TYPES[t]}`)
                .join(', ')}
              {r.partners > 0 && <div className="muted">{r.partners} from partner agencies (not officers)</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
