/** Brief > Distribution: who holds which numbered copy of the pack, and when it comes back. */
import { newId } from '../../../../shared/domain';
import { TextField } from '../../../app/fields';
import { rowListEdits } from './rowListEdits';
import type { BriefTabProps } from './types';

export function DistributionTab({ briefing, save, report }: BriefTabProps & { report: (error: string) => void }) {
  const rows = rowListEdits('distribution', save);
  return (
    <div>
      <table className="grid" data-testid="brief-distribution">
        <thead>
          <tr>
            <th>Copy</th>
            <th>Recipient</th>
            <th>Role</th>
            <th>Return by</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {briefing.distribution.map((d, i) => {
            const set = (c: Partial<typeof d>) => rows.update(d.id, c, 'Edit distribution');
            return (
              <tr key={d.id}>
                <td>{d.copy}</td>
                <td>
                  <TextField label="Recipient" value={d.recipient} testId={`dist-recipient-${i}`} onCommit={(v) => set({ recipient: v })} />
                </td>
                <td>
                  <TextField label="Role" value={d.role} onCommit={(v) => set({ role: v })} />
                </td>
                <td>
                  <TextField
                    label="Return by (yyyy-mm-dd)"
                    value={d.returnBy}
                    onCommit={(v) =>
                      /^\d{4}-\d{2}-\d{2}$/.test(v) || v === '' ? set({ returnBy: v }) : report('Return by must be a date like 2026-06-20, or empty.')
                    }
                  />
                </td>
                <td>
                  <button className="btn danger" onClick={() => rows.remove(d.id, 'Remove copy')} aria-label={`Remove copy ${d.copy}`}>
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
        data-testid="add-recipient"
        onClick={() =>
          rows.append(
            (stored) => ({ id: newId(), copy: Math.max(0, ...stored.map((d) => d.copy)) + 1, recipient: 'New recipient', role: '', returnBy: '' }),
            'Add copy',
          )
        }
      >
        + Copy
      </button>
    </div>
  );
}
