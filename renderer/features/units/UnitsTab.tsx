/**
 * The units roster: add by hand or import a CSV nominal roll (with a preview and per-row errors); edit a unit's
 * strength, shift and notes. Heads are counted with the app's one count (officers, police staff apart, partner
 * agencies apart again), the same numbers as validation, the Assign tab totals and the command chart.
 */
import { useState } from 'react';
import { UNIT_TYPES, describeHeadcount, headcountOfAll, isPoliceUnit, newId, type OperationBundle, type Unit, type UnitType } from '../../../shared/domain';
import { Section, SelectField, TextField, isoToLocalInput, localInputToIso, optionsOf } from '../../app/fields';
import type { PlanSession } from '../../app/session';
import { AuditHistoryButton } from '../plan/AuditHistoryButton';
import { RosterImportDialog } from './RosterImportDialog';

/** `onAuditHistory`: opens the Audit view following a unit (only for a shared operation, to those who may read it). */
export function UnitsTab({ bundle, session, onAuditHistory }: { bundle: OperationBundle; session: PlanSession; onAuditHistory?: (object: string) => void }) {
  const [callSign, setCallSign] = useState('');
  const [type, setType] = useState<UnitType>('psu');
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const units = [...bundle.units].sort((a, b) => a.callSign.localeCompare(b.callSign, 'en', { numeric: true }));

  const add = async () => {
    const cs = callSign.trim();
    if (!cs) return setError('Enter a call sign.');
    if (bundle.units.some((u) => u.callSign.toLowerCase() === cs.toLowerCase())) return setError(`${cs} is already in the roster.`);
    setError(null);
    if (await session.run('unit.add', { id: newId(), callSign: cs, type, homeForce: 'Metropolitan Police' })) setCallSign('');
  };

  return (
    <>
      <Section title="Add a unit">
        <div className="row" style={{ alignItems: 'end' }}>
          <div className="field">
            <label htmlFor="new-callsign">Call sign</label>
            <input
              id="new-callsign"
              data-testid="unit-callsign"
              value={callSign}
              onChange={(e) => setCallSign(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && void add()}
              placeholder="e.g. U101"
            />
          </div>
          <SelectField label="Type" value={type} options={optionsOf(UNIT_TYPES)} onChange={setType} testId="unit-type" />
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button className="btn primary" onClick={() => void add()} data-testid="add-unit">
            Add unit
          </button>
          <button className="btn" onClick={() => setImporting(true)} data-testid="import-roll">
            Import nominal roll (CSV)…
          </button>
        </div>
      </Section>
      <Section title={`Roster (${units.length} ${units.length === 1 ? 'unit' : 'units'}, ${describeHeadcount(headcountOfAll(units))})`}>
        <ul className="list" data-testid="unit-list">
          {units.map((u) => (
            <li key={u.id}>
              <button className="item" aria-expanded={editing === u.id} onClick={() => setEditing(editing === u.id ? null : u.id)}>
                <strong>{u.callSign}</strong>
                <span className="muted">{UNIT_TYPES[u.type]}</span>
                <span className="muted" style={{ marginLeft: 'auto' }}>
                  {isPoliceUnit(u.type) ? `${u.strength.inspectors}/${u.strength.sergeants}/${u.strength.constables}/${u.strength.staff}` : 'partner agency'}
                </span>
              </button>
              {editing === u.id && <UnitEditor unit={u} session={session} {...(onAuditHistory ? { onAuditHistory } : {})} />}
            </li>
          ))}
        </ul>
        {units.length > 0 && (
          <p className="muted" style={{ fontSize: 12 }}>
            Strength shown as Insp/PS/PC/staff. A PSU is 1 Insp, 3 PS and 21 PC (3 of them drivers) in 3 carriers; drivers and medics are constables. Police
            staff are counted apart from officers; ambulance and fire crews are partner agencies, not officers.
          </p>
        )}
      </Section>
      {importing && <RosterImportDialog bundle={bundle} session={session} onClose={() => setImporting(false)} />}
    </>
  );
}

function UnitEditor({ unit, session, onAuditHistory }: { unit: Unit; session: PlanSession; onAuditHistory?: (object: string) => void }) {
  const update = (changes: Partial<Unit>, label?: string) => void session.run('unit.update', { id: unit.id, changes, ...(label ? { label } : {}) });
  // Only the rank edited, merged into the stored strength when the edit runs: a second rank typed at once is not lost.
  const strength = (rank: keyof Unit['strength'], v: string) =>
    void session.run('unit.update', { id: unit.id, changes: {}, strengthEdit: { [rank]: Math.max(0, Math.round(Number(v) || 0)) } });
  return (
    <div style={{ padding: '4px 8px 10px' }}>
      <div className="row">
        <TextField label="Call sign" value={unit.callSign} onCommit={(callSign) => callSign.trim() && update({ callSign: callSign.trim() })} />
        <SelectField label="Type" value={unit.type} options={optionsOf(UNIT_TYPES)} onChange={(type) => update({ type })} />
      </div>
      <div className="row">
        <TextField label="Insp" type="number" min={0} value={String(unit.strength.inspectors)} onCommit={(v) => strength('inspectors', v)} />
        <TextField label="PS" type="number" min={0} value={String(unit.strength.sergeants)} onCommit={(v) => strength('sergeants', v)} />
        <TextField label="PC" type="number" min={0} value={String(unit.strength.constables)} onCommit={(v) => strength('constables', v)} />
        <TextField label="Staff" type="number" min={0} value={String(unit.strength.staff)} onCommit={(v) => strength('staff', v)} />
      </div>
      <div className="row">
        <TextField label="Home force" value={unit.homeForce} onCommit={(homeForce) => update({ homeForce })} />
        <TextField label="Talkgroup" value={unit.talkgroup} onCommit={(talkgroup) => update({ talkgroup })} />
      </div>
      <ShiftFields unit={unit} update={update} />
      <TextField label="Notes" multiline value={unit.notes} testId="unit-notes" onCommit={(notes) => update({ notes })} />
      <button className="btn danger" onClick={() => void session.run('unit.delete', { ids: [unit.id] })}>
        Remove {unit.callSign}
      </button>
      {onAuditHistory && <AuditHistoryButton row={{ operationId: unit.operationId, table: 'units', key: unit.id }} what="unit" onOpen={onAuditHistory} />}
    </div>
  );
}

/** Shift start and end; an end before the start is refused rather than saved (a night shift ends on the next day). */
function ShiftFields({ unit, update }: { unit: Unit; update: (changes: Partial<Unit>, label?: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const set = (which: 'shiftStart' | 'shiftEnd', v: string) => {
    const iso = localInputToIso(v);
    const next = { shiftStart: unit.shiftStart, shiftEnd: unit.shiftEnd, [which]: iso };
    if (next.shiftStart && next.shiftEnd && next.shiftEnd <= next.shiftStart) return setError('The shift must end after it starts.');
    setError(null);
    update({ [which]: iso }, `Set shift of ${unit.callSign}`);
  };
  return (
    <>
      {/* One above the other: two date-and-time inputs side by side overflow the side panel. */}
      <TextField
        label="Shift starts"
        type="datetime-local"
        testId="unit-shift-start"
        value={isoToLocalInput(unit.shiftStart)}
        onCommit={(v) => set('shiftStart', v)}
      />
      <TextField label="Shift ends" type="datetime-local" testId="unit-shift-end" value={isoToLocalInput(unit.shiftEnd)} onCommit={(v) => set('shiftEnd', v)} />
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
