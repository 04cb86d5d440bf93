/**
 * The National Decision Model form: one entry of a commander's log, in the model's order. A correction is the same
 * form, prefilled from the entry it corrects and marked as correcting it. Nothing is sent until "Record entry".
 */
import { useMemo, useState, type ReactNode } from 'react';
import { EntryDraft, delayMinutes, LATE_ENTRY_MINUTES, logLabel, type DecisionBody, type LogEntry } from '../../../shared/decisionLog';
import { isoToLocalInput, localInputToIso } from '../../app/fields';

export interface NdmFormProps {
  operationId: string;
  logId: string;
  /** The entry being corrected, if this is a correction. */
  correcting: LogEntry | null;
  prefill: Partial<Omit<DecisionBody, 'type'>> | null;
  decidedAt?: string;
  onSubmit: (draft: EntryDraft) => Promise<boolean>;
  onCancel: () => void;
}

type Option = { option: string; whyRejected: string };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function NdmForm({ operationId, logId, correcting, prefill, decidedAt, onSubmit, onCancel }: NdmFormProps) {
  const base = (correcting?.body.type === 'decision' ? correcting.body : null) ?? prefill ?? {};
  const [decided, setDecided] = useState(() => isoToLocalInput(decidedAt ?? correcting?.decidedAt ?? new Date().toISOString()));
  const [onBehalfOf, setOnBehalfOf] = useState(correcting?.onBehalfOf ?? '');
  const [info, setInfo] = useState(base.information?.[0]?.text ?? '');
  const [infoRef, setInfoRef] = useState(base.information?.[0]?.reference ?? '');
  const [threat, setThreat] = useState(base.threatAndRisk ?? '');
  const [strategy, setStrategy] = useState(base.workingStrategy ?? '');
  const [powers, setPowers] = useState(base.powersAndPolicy ?? '');
  const [options, setOptions] = useState<Option[]>(base.optionsRejected?.length ? base.optionsRejected : [{ option: '', whyRejected: '' }]);
  const [decision, setDecision] = useState(base.decision ?? '');
  const [rationale, setRationale] = useState(base.rationale ?? '');
  const [ethics, setEthics] = useState(base.codeOfEthics ?? '');
  const [review, setReview] = useState(isoToLocalInput(base.reviewAt));
  const [delayReason, setDelayReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const decidedIso = localInputToIso(decided);
  const late = useMemo(
    () => (decidedIso ? delayMinutes({ decidedAt: decidedIso, writtenAt: new Date().toISOString() }) > LATE_ENTRY_MINUTES : false),
    [decidedIso],
  );

  const submit = async () => {
    const reviewAt = localInputToIso(review);
    const draft = {
      entryId: crypto.randomUUID(),
      operationId,
      logId,
      decidedAt: decidedIso ?? '',
      writtenAt: new Date().toISOString(),
      ...(onBehalfOf.trim() ? { onBehalfOf: onBehalfOf.trim() } : {}),
      ...(correcting ? { corrects: { seq: correcting.seq, entryId: correcting.entryId } } : {}),
      ...(delayReason.trim() ? { delayReason: delayReason.trim() } : {}),
      body: {
        type: 'decision',
        information: info.trim() ? [{ text: info, ...(infoRef.trim() ? { reference: infoRef.trim() } : {}) }] : [],
        threatAndRisk: threat,
        workingStrategy: strategy,
        powersAndPolicy: powers,
        optionsRejected: options.filter((o) => o.option.trim() || o.whyRejected.trim()),
        decision,
        rationale,
        codeOfEthics: ethics,
        ...(reviewAt ? { reviewAt } : {}),
      },
    };
    const parsed = EntryDraft.safeParse(draft);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => (i.path.length ? `${i.message} (${i.path.join('.')})` : i.message)));
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } finally {
      setBusy(false);
    }
  };

  const area = (value: string, set: (v: string) => void, testId: string) => (
    <textarea rows={2} value={value} onChange={(e) => set(e.target.value)} data-testid={testId} />
  );

  return (
    <form
      className="ndm-form"
      aria-label={correcting ? `Correct entry ${correcting.seq}` : 'New decision'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{correcting ? `Correction of entry #${correcting.seq}` : `New entry: ${logLabel(logId)} log`}</h2>
      <Field label="Time of the decision">
        <input type="datetime-local" value={decided} onChange={(e) => setDecided(e.target.value)} data-testid="ndm-decided-at" />
      </Field>
      <Field label="On behalf of (commander, when a loggist writes)">
        <input value={onBehalfOf} onChange={(e) => setOnBehalfOf(e.target.value)} data-testid="ndm-on-behalf-of" />
      </Field>
      <fieldset>
        <legend>1. Information and intelligence</legend>
        <Field label="What is known">{area(info, setInfo, 'ndm-information')}</Field>
        <Field label="Reference (CAD, intelligence log, briefing)">
          <input value={infoRef} onChange={(e) => setInfoRef(e.target.value)} data-testid="ndm-information-ref" />
        </Field>
      </fieldset>
      <fieldset>
        <legend>2. Threat and risk assessment, working strategy</legend>
        <Field label="Threat and risk assessment">{area(threat, setThreat, 'ndm-threat')}</Field>
        <Field label="Working strategy">{area(strategy, setStrategy, 'ndm-strategy')}</Field>
      </fieldset>
      <fieldset>
        <legend>3. Powers and policy</legend>
        <Field label="Powers and policy considered">{area(powers, setPowers, 'ndm-powers')}</Field>
      </fieldset>
      <fieldset>
        <legend>4. Options considered and rejected</legend>
        {options.map((o, i) => (
          <div key={i} className="ndm-option">
            <Field label={`Option ${i + 1}`}>
              <input
                value={o.option}
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? { ...x, option: e.target.value } : x)))}
                data-testid={`ndm-option-${i}`}
              />
            </Field>
            <Field label={`Why option ${i + 1} was rejected`}>
              <input
                value={o.whyRejected}
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? { ...x, whyRejected: e.target.value } : x)))}
                data-testid={`ndm-option-why-${i}`}
              />
            </Field>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => setOptions([...options, { option: '', whyRejected: '' }])}>
          Add another option
        </button>
      </fieldset>
      <fieldset>
        <legend>5. Action and review</legend>
        <Field label="The decision">{area(decision, setDecision, 'ndm-decision')}</Field>
        <Field label="Rationale">{area(rationale, setRationale, 'ndm-rationale')}</Field>
        <Field label="Code of Ethics considerations">{area(ethics, setEthics, 'ndm-ethics')}</Field>
        <Field label="Review at">
          <input type="datetime-local" value={review} onChange={(e) => setReview(e.target.value)} data-testid="ndm-review-at" />
        </Field>
      </fieldset>
      {late && (
        <Field label={`Reason for the delay (written more than ${LATE_ENTRY_MINUTES} minutes after the decision)`}>
          {area(delayReason, setDelayReason, 'ndm-delay-reason')}
        </Field>
      )}
      {errors.length > 0 && (
        <ul className="error-text" role="alert" data-testid="ndm-errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy} data-testid="ndm-submit">
          {correcting ? 'Record correction' : 'Record entry'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
