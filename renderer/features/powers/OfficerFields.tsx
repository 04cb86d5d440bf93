/** Name, rank and collar number of an officer, on one row. */
import { useId } from 'react';
import { OFFICER_RANKS, type OfficerRank } from '../../../shared/domain';
import type { Officer } from '../../../shared/powers';
import { isoToLocalInput, localInputToIso } from '../../app/fields';

export function OfficerFields({
  legend,
  value,
  onChange,
  testId,
  hideRank,
}: {
  legend: string;
  value: Officer;
  onChange: (o: Officer) => void;
  testId: string;
  hideRank?: boolean;
}) {
  const id = useId();
  return (
    <fieldset className="officer-fields">
      <legend>{legend}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={value.name} data-testid={`${testId}-name`} onChange={(e) => onChange({ ...value, name: e.target.value })} />
        </div>
        {!hideRank && (
          <div className="field">
            <label htmlFor={`${id}-rank`}>Rank</label>
            <select
              id={`${id}-rank`}
              value={value.rank}
              data-testid={`${testId}-rank`}
              onChange={(e) => onChange({ ...value, rank: e.target.value as OfficerRank })}
            >
              {(Object.keys(OFFICER_RANKS) as OfficerRank[]).map((r) => (
                <option key={r} value={r}>
                  {OFFICER_RANKS[r]}
                </option>
              ))}
            </select>
          </div>
        )}
        {!hideRank && (
          <div className="field collar">
            <label htmlFor={`${id}-collar`}>Collar no.</label>
            <input id={`${id}-collar`} value={value.collar} data-testid={`${testId}-collar`} onChange={(e) => onChange({ ...value, collar: e.target.value })} />
          </div>
        )}
      </div>
    </fieldset>
  );
}

/** A datetime-local input bound to an ISO instant. */
export function WhenField({
  label,
  value,
  onChange,
  testId,
  placeholder,
}: {
  label: string;
  value: string | undefined;
  onChange: (iso: string | undefined) => void;
  testId: string;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={isoToLocalInput(value)}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => onChange(localInputToIso(e.target.value))}
      />
    </div>
  );
}
