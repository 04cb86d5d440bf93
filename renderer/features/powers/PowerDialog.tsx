/**
 * Add or edit a draft power. The statutory checks run as the planner types, each naming its section, so the form
 * says what the law requires before anyone tries to authorise. Saving a draft with errors is allowed (a plan is
 * drafted before the facts are all in); authorising is not.
 */
import { useMemo, useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import { POWER_RULES, POWER_RULE_LIST, validatePower, type Power, type PowerType } from '../../../shared/powers';
import { Dialog } from '../../app/ui';
import { areaFeatures, areaLabel, withType } from './powerForm';
import { IssueList } from './IssueList';
import { OfficerFields, WhenField } from './OfficerFields';

interface Props {
  bundle: OperationBundle;
  initial: Power;
  isNew: boolean;
  /** The feature selected on the map, offered as the area. */
  selectedFeatureId: string | null;
  onSave: (p: Power) => Promise<boolean>;
  onClose: () => void;
}

export function PowerDialog({ bundle, initial, isNew, selectedFeatureId, onSave, onClose }: Props) {
  const [p, setP] = useState<Power>(initial);
  const rule = POWER_RULES[p.type];
  const areas = areaFeatures(bundle);
  const others = useMemo(() => bundle.operation.powers?.filter((x) => x.id !== initial.id) ?? [], [bundle, initial.id]);
  const issues = useMemo(
    () => validatePower(p, { eventEndsAt: bundle.operation.endsAt, powers: [...others, p], featureIds: new Set(bundle.features.map((f) => f.id)) }),
    [p, bundle, others],
  );
  const selectedArea = areas.find((f) => f.id === selectedFeatureId);
  const set = (changes: Partial<Power>) => setP((x) => ({ ...x, ...changes }));
  const isNotice = rule.kind === 'notice';

  return (
    <Dialog
      title={isNew ? 'Add a legal power' : 'Edit draft power'}
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" data-testid="power-save" onClick={() => void onSave(p).then((ok) => ok && onClose())}>
            Save draft
          </button>
        </>
      }
    >
      <div className="power-form">
        <div className="field">
          <label htmlFor="power-type">Power</label>
          <select id="power-type" value={p.type} data-testid="power-type" onChange={(e) => setP((x) => withType(x, e.target.value as PowerType))}>
            {POWER_RULE_LIST.map((r) => (
              <option key={r.type} value={r.type}>
                {r.title}
              </option>
            ))}
          </select>
        </div>
        <OfficerFields
          legend={isNotice ? 'Organiser who gave notice' : 'Authorising officer'}
          value={p.authoriser}
          onChange={(authoriser) => set({ authoriser })}
          testId="power-officer"
          hideRank={isNotice}
        />
        {rule.atScene && (
          <div className="field">
            <label>
              <input type="checkbox" checked={p.atScene} data-testid="power-at-scene" onChange={(e) => set({ atScene: e.target.checked })} /> Given at the scene
              by the most senior officer present ({rule.atScene.cite})
            </label>
          </div>
        )}
        <div className="field">
          <label htmlFor="power-grounds">{isNotice ? 'What the notice says (route, times, organiser)' : 'Grounds (in writing)'}</label>
          <textarea id="power-grounds" value={p.grounds} data-testid="power-grounds" onChange={(e) => set({ grounds: e.target.value })} />
        </div>
        <div className="row area-row">
          <div className="field">
            <label htmlFor="power-area">Area (locality)</label>
            <select
              id="power-area"
              value={p.areaFeatureId ?? ''}
              data-testid="power-area"
              onChange={(e) => set({ areaFeatureId: e.target.value || undefined })}
            >
              <option value="">— choose an area —</option>
              {areas.map((f) => (
                <option key={f.id} value={f.id}>
                  {areaLabel(f)}
                </option>
              ))}
            </select>
          </div>
          <button
            className="btn"
            disabled={!selectedArea}
            data-testid="power-area-from-map"
            onClick={() => selectedArea && set({ areaFeatureId: selectedArea.id })}
            title="Select a sector, cordon or authority area on the map first"
          >
            {selectedArea ? `Use “${selectedArea.name}” from the map` : 'Select an area on the map'}
          </button>
        </div>
        {areas.length === 0 && <p className="muted">No areas yet: draw a legal authority area (key A) or a sector on the map, then pick it here.</p>}
        <div className="row">
          <WhenField label={isNotice ? 'Procession starts' : 'Starts'} value={p.startsAt} onChange={(v) => v && set({ startsAt: v })} testId="power-starts" />
          <WhenField
            label={
              rule.maxDuration
                ? `Ends (at most ${'hours' in rule.maxDuration ? `${rule.maxDuration.hours} h` : `${rule.maxDuration.months} months`})`
                : 'Ends (blank: when the event ends)'
            }
            value={p.endsAt}
            onChange={(v) => set({ endsAt: v })}
            testId="power-ends"
          />
        </div>
        {isNotice && (
          <WhenField label="Notice received" value={p.noticeReceivedAt} onChange={(v) => set({ noticeReceivedAt: v })} testId="power-notice-received" />
        )}
        {rule.requires && (
          <div className="field">
            <label htmlFor="power-under">Given under</label>
            <select
              id="power-under"
              value={p.underPowerId ?? ''}
              data-testid="power-under"
              onChange={(e) => set({ underPowerId: e.target.value || undefined })}
            >
              <option value="">— choose the authorisation —</option>
              {others
                .filter((x) => x.type === rule.requires!.type)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {POWER_RULES[x.type].short} by {x.authoriser.name || '(unnamed)'}
                  </option>
                ))}
            </select>
          </div>
        )}
        <h3>Statutory checks</h3>
        <IssueList issues={issues} testId="power-form-issues" />
      </div>
    </Dialog>
  );
}
