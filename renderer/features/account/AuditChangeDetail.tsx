/**
 * One audit entry's detail in the Audit view: its text, and for a synced change what became of the row, field by
 * field (before → after; a geometry as moved or reshaped with its vertex count).
 */
import type { AuditEntry } from '../../../shared/protocol';
import { describeChange } from './changeDiff';

const OUTCOME_HEADING = {
  applied: 'Applied',
  merged: 'Merged with a change made meanwhile',
  conflict: 'Held as a conflict, not applied: the server’s row → the edit wanted',
  resolved: 'Conflict resolved',
} as const;

export function AuditChangeDetail({ entry }: { entry: AuditEntry }) {
  const c = entry.change;
  if (!c) return <>{entry.detail}</>;
  const d = describeChange(c.before, c.after);
  const kept = c.kept ? ` (kept ${c.kept === 'mine' ? 'the edit' : 'the version before it'})` : '';
  return (
    <div data-testid="audit-change">
      <div>
        <strong>“{c.label}”</strong> · {OUTCOME_HEADING[c.outcome]}
        {kept} · {d.summary}
      </div>
      {d.fields.length > 0 && (
        <ul className="audit-diff" aria-label={`Fields changed by “${c.label}”`}>
          {d.fields.map((f) => (
            <li key={f.field} data-testid="audit-diff-field">
              <span className="audit-diff-field">{f.field}</span>: <span className="audit-diff-before">{f.before}</span> →{' '}
              <span className="audit-diff-after">{f.after}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "2 min 5 s" between two instants (an offline edit's event time and the server's logged time). */
export function durationWords(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s % 60 || (!h && !m) ? `${s % 60} s` : ''];
  return parts.filter(Boolean).join(' ');
}
