/** Import a CSV nominal roll: pick a file, preview each row with its errors, then add the valid units in one command. */
import { useState } from 'react';
import { UNIT_TYPES, type OperationBundle } from '../../../shared/domain';
import type { PlanSession } from '../../app/session';
import { Dialog } from '../../app/ui';
import { platform } from '../../platform';
import { parseNominalRoll, type NominalRollPreview } from '../io/nominalRoll';

export function RosterImportDialog({ bundle, session, onClose }: { bundle: OperationBundle; session: PlanSession; onClose: () => void }) {
  const [result, setResult] = useState<NominalRollPreview | null>(null);
  const [fileName, setFileName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const pick = async () => {
    const picked = await platform.openFile({ title: 'Import nominal roll', filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }] });
    if (!picked.ok) return setError(picked.error);
    if (!picked.value) return;
    setFileName(picked.value.name);
    const parsed = parseNominalRoll(picked.value.data, {
      operationId: bundle.operation.id,
      operationDate: bundle.operation.startsAt.slice(0, 10),
      existingCallSigns: bundle.units.map((u) => u.callSign),
    });
    if (!parsed.ok) return setError(parsed.error);
    setError(null);
    setResult(parsed.value);
  };

  const commit = async () => {
    if (!result) return;
    if (await session.run('unit.importMany', { units: result.validUnits })) onClose();
  };

  const bad = result ? result.rows.filter((r) => r.errors.length > 0).length : 0;
  return (
    <Dialog
      title="Import nominal roll"
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" disabled={!result || result.validUnits.length === 0} onClick={() => void commit()} data-testid="confirm-roll">
            Add {result?.validUnits.length ?? 0} units
          </button>
        </>
      }
    >
      <p className="muted">Columns: call sign, type, inspectors, sergeants, constables, staff, home force, talkgroup, shift start, shift end, notes.</p>
      <button className="btn" onClick={() => void pick()} data-testid="pick-roll">
        Choose CSV file…
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <p>
            {fileName}: {result.rows.length} rows, {result.validUnits.length} valid
            {bad > 0 && <span className="warning">, {bad} with errors (not imported)</span>}.
          </p>
          <table className="grid" data-testid="roll-preview">
            <thead>
              <tr>
                <th>Line</th>
                <th>Call sign</th>
                <th>Type</th>
                <th>Strength</th>
                <th>Problems</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.slice(0, 300).map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{r.callSign || '—'}</td>
                  <td>{r.unit ? UNIT_TYPES[r.unit.type] : '—'}</td>
                  <td>{r.unit ? `${r.unit.strength.inspectors}/${r.unit.strength.sergeants}/${r.unit.strength.constables}/${r.unit.strength.staff}` : '—'}</td>
                  <td className="error-text">{r.errors.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
