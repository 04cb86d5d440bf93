/** Officers by rank and units by type, one row per phase or sector. */
import { UNIT_TYPES, type UnitType } from '../../../shared/domain';
import type { TotalsRow } from '../../../shared/validation';

export function TotalsTable({ rows }: { rows: readonly TotalsRow[] }) {
  if (rows.length === 0) return <p className="muted">Nothing assigned yet.</p>;
  return (
    <table className="grid" data-testid="totals">
      <thead>
        <tr>
          <th />
          <th title="Inspectors">Insp</th>
          <th title="Sergeants">PS</th>
          <th title="Constables">PC</th>
          <th title="Staff">Staff</th>
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
            <td>{r.officers.staff}</td>
            <td>
              {(Object.entries(r.unitsByType) as [UnitType, number][])
                .filter(([, n]) => n > 0)
                .map(([t, n]) => `${n} ${UNIT_TYPES[t]}`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
