/**
 * The three things done to a power once it exists: extend it (with the new end checked against the statute before
 * saving, so "a second extension" is refused with its section on screen), record who was informed, and cancel it.
 */
import { useMemo, useState } from 'react';
import { OFFICER_RANKS, type OfficerRank, type OperationBundle } from '../../../shared/domain';
import { POWER_RULES, effectiveEnd, validatePower, type Officer, type Power } from '../../../shared/powers';
import { Dialog } from '../../app/ui';
import { IssueList } from './IssueList';
import { OfficerFields, WhenField } from './OfficerFields';

const nowIso = () => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();

export function ExtendDialog({
  bundle,
  power,
  onExtend,
  onClose,
}: {
  bundle: OperationBundle;
  power: Power;
  onExtend: (a: { by: Officer; at: string; newEndsAt: string; grounds: string }) => Promise<boolean>;
  onClose: () => void;
}) {
  const rule = POWER_RULES[power.type];
  const eventEndsAt = bundle.operation.endsAt;
  const currentEnd = effectiveEnd(power, { eventEndsAt });
  const [by, setBy] = useState<Officer>({ name: '', rank: rule.extension?.minRank ?? 'superintendent', collar: '' });
  const [at, setAt] = useState<string>(nowIso());
  const [newEndsAt, setNewEndsAt] = useState<string | undefined>(new Date(Date.parse(currentEnd) + (rule.extension?.addHours ?? 24) * 3600_000).toISOString());
  const [grounds, setGrounds] = useState('');
  // The statute's view of the power as it would be after this extension: only issues about this extension matter here.
  const issues = useMemo(() => {
    if (!newEndsAt) return [];
    const next = { ...power, extensions: [...power.extensions, { by, at, recordedAt: at, newEndsAt, grounds }] };
    const n = next.extensions.length - 1;
    return validatePower(next, { eventEndsAt }).filter((i) => i.rule === 'extension' && i.extensionIndex === n);
  }, [power, by, at, newEndsAt, grounds, eventEndsAt]);
  return (
    <Dialog
      title={`Extend ${rule.short}`}
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Close
          </button>
          <button
            className="btn primary"
            data-testid="extend-save"
            disabled={!newEndsAt}
            onClick={() => newEndsAt && void onExtend({ by, at, newEndsAt, grounds }).then((ok) => ok && onClose())}
          >
            Extend
          </button>
        </>
      }
    >
      <p className="muted">
        In force until {new Date(currentEnd).toLocaleString('en-GB')}.{' '}
        {rule.extension
          ? `${rule.extension.cite}: ${OFFICER_RANKS[rule.extension.minRank].toLowerCase()} or above, a further ${rule.extension.addHours} hours, ${rule.extension.maxCount === 1 ? 'once' : `${rule.extension.maxCount} times`}.`
          : 'This power cannot be extended.'}
      </p>
      <OfficerFields legend="Officer giving the extension" value={by} onChange={setBy} testId="extend-officer" />
      <div className="row">
        <WhenField label="Given at" value={at} onChange={(v) => v && setAt(v)} testId="extend-at" />
        <WhenField label="New end" value={newEndsAt} onChange={setNewEndsAt} testId="extend-ends" />
      </div>
      <div className="field">
        <label htmlFor="extend-grounds">Grounds for the extension</label>
        <textarea id="extend-grounds" value={grounds} data-testid="extend-grounds" onChange={(e) => setGrounds(e.target.value)} />
      </div>
      <IssueList issues={issues} testId="extend-issues" />
    </Dialog>
  );
}

export function NotifyDialog({
  power,
  onNotify,
  onClose,
}: {
  power: Power;
  onNotify: (a: { who: string; rank?: OfficerRank; at: string }) => Promise<boolean>;
  onClose: () => void;
}) {
  const rule = POWER_RULES[power.type];
  const [who, setWho] = useState('');
  const [rank, setRank] = useState<OfficerRank | ''>(rule.inform?.rank ?? '');
  const [at, setAt] = useState(nowIso());
  return (
    <Dialog
      title={`Record who was informed of the ${rule.short}`}
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Close
          </button>
          <button
            className="btn primary"
            data-testid="notify-save"
            onClick={() => void onNotify({ who, ...(rank ? { rank } : {}), at }).then((ok) => ok && onClose())}
          >
            Record
          </button>
        </>
      }
    >
      {rule.inform && (
        <p className="muted">
          {rule.inform.cite}: {rule.inform.text} must be informed as soon as practicable.
        </p>
      )}
      {rule.consent && (
        <p className="muted">
          {rule.consent.cite}: record the consent of the {rule.consent.who}.
        </p>
      )}
      <div className="field">
        <label htmlFor="notify-who">Who was informed</label>
        <input id="notify-who" value={who} data-testid="notify-who" onChange={(e) => setWho(e.target.value)} />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="notify-rank">Their rank</label>
          <select id="notify-rank" value={rank} data-testid="notify-rank" onChange={(e) => setRank(e.target.value as OfficerRank | '')}>
            <option value="">Not a police officer</option>
            {(Object.keys(OFFICER_RANKS) as OfficerRank[]).map((r) => (
              <option key={r} value={r}>
                {OFFICER_RANKS[r]}
              </option>
            ))}
          </select>
        </div>
        <WhenField label="When" value={at} onChange={(v) => v && setAt(v)} testId="notify-at" />
      </div>
    </Dialog>
  );
}

export function CancelDialog({
  power,
  onCancelPower,
  onClose,
}: {
  power: Power;
  onCancelPower: (a: { by: Officer; at: string; reason: string }) => Promise<boolean>;
  onClose: () => void;
}) {
  const [by, setBy] = useState<Officer>({ ...power.authoriser });
  const [at, setAt] = useState(nowIso());
  const [reason, setReason] = useState('');
  return (
    <Dialog
      title={`Cancel ${POWER_RULES[power.type].short}`}
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Close
          </button>
          <button className="btn danger" data-testid="cancel-save" onClick={() => void onCancelPower({ by, at, reason }).then((ok) => ok && onClose())}>
            Cancel the power
          </button>
        </>
      }
    >
      <OfficerFields legend="Officer cancelling it" value={by} onChange={setBy} testId="cancel-officer" />
      <WhenField label="Cancelled at" value={at} onChange={(v) => v && setAt(v)} testId="cancel-at" />
      <div className="field">
        <label htmlFor="cancel-reason">Why</label>
        <textarea id="cancel-reason" value={reason} data-testid="cancel-reason" onChange={(e) => setReason(e.target.value)} />
      </div>
    </Dialog>
  );
}
