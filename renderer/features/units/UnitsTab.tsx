/** The units roster: add by hand or import a CSV nominal roll (with a preview and per-row errors). */
import { useState } from 'react';
import { UNIT_TYPES, newId, type OperationBundle, type Unit, type UnitType } from '../../../shared/domain';
import { Section, SelectField, TextField, optionsOf } from '../../app/fields';
import type { PlanSession } from '../../app/session';
import { RosterImportDialog } from './RosterImportDialog';


export function UnitsTab({ bundle, session }: { bundle: OperationBundle; session: PlanSession }) {
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

  const officers = (u: Unit) => u.strength.inspectors + u.strength.sergeants + u.strength.constables + u.strength.staff;
  return (
    <>
      <Section title="Add a unit">
        <div className="row" style={{ alignItems: 'end' }}>
          <div className="field">
            <label htmlFor="new-callsign">Call sign</label>
            <input id="new-callsign" data-testid="unit-callsign" value={callSign} onChange={(e) => setCallSign(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void add()} placeholder="e.g. U101" />
          </div>
          <SelectField label="Type" value={type} options={optionsOf(UNIT_TYPES)} onChange={setType} testId="unit-type" />
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="row">
          <button className="btn primary" onClick={() => void add()} data-testid="add-unit">
            Add unit
          </button>
          <button className="btn" onClick={() => setImporting(true)} data-testid="import-roll">
            Import nominal roll (CSV)…
          </button>
        </div>
      </Section>
      <Section title={`Roster (${units.length} units, ${units.reduce((n, u) => n + officers(u), 0)} officers)`}>
        <ul className="list" data-testid="unit-list">
          {units.map((u) => (
            <li key={u.id}>
              <button className="item" aria-expanded={editing === u.id} onClick={() => setEditing(editing === u.id ? null : u.id)}>
                <strong>{u.callSign}</strong>
                <span className="muted">{UNIT_TYPES[u.type]}</span>
                <span className="muted" style={{ marginLeft: 'auto' }}>
                  {u.strength.inspectors}/{u.strength.sergeants}/{u.strength.constables}/{u.strength.staff}
                </span>
              </button>
              {editing === u.id && <UnitEditor unit={u} session={session} />}
            </li>
          ))}
        </ul>
        {units.length > 0 && <p className="muted" style={{ fontSize: 12 }}>Strength shown as Insp/PS/PC/staff.</p>}
      </Section>
      {importing && <RosterImportDialog bundle={bundle} session={session} onClose={() => setImporting(false)} />}
    </>
  );
}

function UnitEditor({ unit, session }: { unit: Unit; session: PlanSession }) {
  const update = (changes: Partial<Unit>) => void session.run('unit.update', { id: unit.id, changes });
  const strength = (rank: keyof Unit['strength'], v: string) => update({ strength: { ...unit.strength, [rank]: Math.max(0, Math.round(Number(v) || 0)) } });
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
      <button className="btn danger" onClick={() => void session.run('unit.delete', { ids: [unit.id] })}>
        Remove {unit.callSign}
      </button>
    </div>
  );
}
