/** Brief > Command: Gold, Silver and the Bronzes' call signs; the Bronzes and their sectors come from the plan. */
import { describeHeadcount } from '../../../../shared/domain';
import type { commandChart } from '../../../../shared/brief/tables';
import { TextField } from '../../../app/fields';
import type { BriefTabProps } from './types';

export function CommandTab({ briefing, save, chart, matrixRows }: BriefTabProps & { chart: ReturnType<typeof commandChart>; matrixRows: number }) {
  return (
    <div>
      <div className="row">
        <TextField label="Gold" value={briefing.gold.name} testId="gold-name" onCommit={(v) => save((b) => ({ gold: { ...b.gold, name: v } }), 'Edit Gold')} />
        <TextField label="Gold call sign" value={briefing.gold.callSign} onCommit={(v) => save((b) => ({ gold: { ...b.gold, callSign: v } }), 'Edit Gold')} />
      </div>
      <div className="row">
        <TextField
          label="Silver"
          value={briefing.silver.name}
          testId="silver-name"
          onCommit={(v) => save((b) => ({ silver: { ...b.silver, name: v } }), 'Edit Silver')}
        />
        <TextField
          label="Silver call sign"
          value={briefing.silver.callSign}
          onCommit={(v) => save((b) => ({ silver: { ...b.silver, callSign: v } }), 'Edit Silver')}
        />
      </div>
      <table className="grid" data-testid="brief-bronzes">
        <thead>
          <tr>
            <th>Bronze (from the plan)</th>
            <th>Call sign</th>
            <th>Sectors</th>
            <th>Units · people</th>
          </tr>
        </thead>
        <tbody>
          {chart.bronzes.map((b) => (
            <tr key={b.name}>
              <td>{b.name}</td>
              <td>
                <TextField
                  label={`${b.name} call sign`}
                  value={b.callSign}
                  onCommit={(v) => save((stored) => ({ bronzeCallSigns: { ...stored.bronzeCallSigns, [b.name]: v } }), `Edit ${b.name} call sign`)}
                />
              </td>
              <td>{b.sectors.join(', ')}</td>
              <td>
                {b.units.length} · {describeHeadcount(b.headcount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">The deployment matrix has {matrixRows} rows, generated from the plan's assignments.</p>
    </div>
  );
}
