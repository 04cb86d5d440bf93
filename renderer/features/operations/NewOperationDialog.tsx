/** Create an operation: codename, type, dates, protective marking, and optionally the usual phases. */
import { useId, useState } from 'react';
import { OPERATION_TYPES, PROTECTIVE_MARKINGS, type OperationType, type ProtectiveMarking } from '../../../shared/domain';
import { localInputToIso, isoToLocalInput, tabOutOfDateTime } from '../../app/fields';
import { Dialog } from '../../app/ui';

export interface NewOperationInput {
  name: string;
  type: OperationType;
  marking: ProtectiveMarking;
  startsAt: string;
  endsAt: string;
  standardPhases: boolean;
}

function defaultTimes() {
  const start = new Date();
  start.setDate(start.getDate() + 7);
  start.setHours(8, 0, 0, 0);
  const end = new Date(start);
  end.setHours(22, 0, 0, 0);
  return { startsAt: start.toISOString(), endsAt: end.toISOString() };
}

export function NewOperationDialog({ onCancel, onCreate }: { onCancel: () => void; onCreate: (input: NewOperationInput) => void }) {
  const times = defaultTimes();
  const [name, setName] = useState('Operation ');
  const [type, setType] = useState<OperationType>('protest');
  const [marking, setMarking] = useState<ProtectiveMarking>('OFFICIAL-SENSITIVE');
  const [start, setStart] = useState(isoToLocalInput(times.startsAt));
  const [end, setEnd] = useState(isoToLocalInput(times.endsAt));
  const [standardPhases, setStandardPhases] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const id = { name: useId(), type: useId(), marking: useId(), start: useId(), end: useId() };

  const submit = () => {
    const startsAt = localInputToIso(start);
    const endsAt = localInputToIso(end);
    if (name.trim().length < 2 || name.trim() === 'Operation') return setError('Give the operation a name, e.g. "Operation Kingfisher".');
    if (!startsAt || !endsAt) return setError('Enter a start and an end.');
    if (endsAt <= startsAt) return setError('The operation must end after it starts.');
    onCreate({ name: name.trim(), type, marking, startsAt, endsAt, standardPhases });
  };

  return (
    <Dialog
      title="New operation"
      onClose={onCancel}
      actions={
        <>
          <button className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button className="btn primary" onClick={submit} data-testid="create-operation">
            Create operation
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={id.name}>Name</label>
        <input
          id={id.name}
          data-testid="operation-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
        />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor={id.type}>Type</label>
          <select id={id.type} value={type} onChange={(e) => setType(e.target.value as OperationType)}>
            {Object.entries(OPERATION_TYPES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id.marking}>Protective marking</label>
          <select id={id.marking} value={marking} onChange={(e) => setMarking(e.target.value as ProtectiveMarking)}>
            {PROTECTIVE_MARKINGS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor={id.start}>Starts</label>
          <input id={id.start} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} onKeyDown={tabOutOfDateTime} />
        </div>
        <div className="field">
          <label htmlFor={id.end}>Ends</label>
          <input id={id.end} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} onKeyDown={tabOutOfDateTime} />
        </div>
      </div>
      <label className="row" style={{ justifyContent: 'start' }}>
        <input type="checkbox" style={{ flex: 'none' }} checked={standardPhases} onChange={(e) => setStandardPhases(e.target.checked)} />
        <span>Add the usual phases (build-up, assembly, procession, dispersal, stand-down), spread over the operation</span>
      </label>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
