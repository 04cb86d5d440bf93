/** Brief > Risks: the risk register (hazard, likelihood, impact, controls, owner). */
import { newId } from '../../../../shared/domain';
import { RISK_LEVELS } from '../../../../shared/brief/schema';
import { SelectField, TextField } from '../../../app/fields';
import { rowListEdits } from './rowListEdits';
import type { BriefTabProps } from './types';

export function RisksTab({ briefing, save }: BriefTabProps) {
  const rows = rowListEdits('risks', save);
  return (
    <div>
      <table className="grid" data-testid="brief-risks">
        <thead>
          <tr>
            <th>Hazard</th>
            <th>Likelihood</th>
            <th>Impact</th>
            <th>Controls</th>
            <th>Owner</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {briefing.risks.map((r, i) => {
            const set = (c: Partial<typeof r>, label: string) => rows.update(r.id, c, label);
            return (
              <tr key={r.id}>
                <td>
                  <TextField label="Hazard" value={r.hazard} testId={`risk-hazard-${i}`} onCommit={(v) => set({ hazard: v }, 'Edit risk')} />
                </td>
                <td>
                  <SelectField
                    label="Likelihood"
                    value={r.likelihood}
                    options={RISK_LEVELS.map((l) => ({ value: l, label: l }))}
                    onChange={(v) => set({ likelihood: v }, 'Edit risk')}
                  />
                </td>
                <td>
                  <SelectField
                    label="Impact"
                    value={r.impact}
                    options={RISK_LEVELS.map((l) => ({ value: l, label: l }))}
                    onChange={(v) => set({ impact: v }, 'Edit risk')}
                  />
                </td>
                <td>
                  <TextField label="Controls" multiline value={r.controls} onCommit={(v) => set({ controls: v }, 'Edit risk')} />
                </td>
                <td>
                  <TextField label="Owner" value={r.owner} onCommit={(v) => set({ owner: v }, 'Edit risk')} />
                </td>
                <td>
                  <button className="btn danger" onClick={() => rows.remove(r.id, 'Remove risk')} aria-label={`Remove risk ${r.hazard}`}>
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        className="btn"
        data-testid="add-risk"
        onClick={() => rows.append(() => ({ id: newId(), hazard: 'New hazard', likelihood: 'medium', impact: 'medium', controls: '', owner: '' }), 'Add risk')}
      >
        + Risk
      </button>
    </div>
  );
}
