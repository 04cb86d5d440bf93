/**
 * The conflicts of a shared operation: each row two people changed in the same field, both versions side by side
 * field by field (theirs / mine, with who and when), and "Keep mine" / "Keep theirs". The choice is made once for
 * everybody (sync:resolve); resolved conflicts stay listed with who resolved them, when, and which version was kept.
 */
import { useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { SyncConflict } from '../../../shared/protocol/sync';
import type { Result } from '../../../shared/util/result';
import { formatTime } from '../../app/fields';
import { Dialog } from '../../app/ui';
import { conflictTitle, fieldText, unseenText, viewConflict } from './syncText';
import './sync.css';

interface Props {
  conflicts: SyncConflict[];
  /** This workstation's copy (its rows tell which version is mine). */
  bundle: OperationBundle | null;
  me: string | null;
  resolve: (conflictId: string, keep: 'mine' | 'theirs') => Promise<Result<SyncConflict>>;
  onClose: () => void;
}

const NOUNS: Record<SyncConflict['table'], string> = {
  operations: 'Operation',
  phases: 'Phase',
  features: 'Feature',
  units: 'Unit',
  assignments: 'Assignment',
};

function localRow(bundle: OperationBundle | null, c: SyncConflict): unknown {
  if (!bundle) return undefined;
  if (c.table === 'operations') return bundle.operation.id === c.key ? bundle.operation : null;
  return (bundle[c.table] as Array<{ id: string }>).find((r) => r.id === c.key) ?? null;
}

function ConflictItem({ c, me, bundle, resolve }: { c: SyncConflict; me: string | null; bundle: OperationBundle | null; resolve: Props['resolve'] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Open: seen from this workstation (theirs / mine). Resolved: this workstation's row is now the kept version, so it
  // cannot tell whose was whose; the columns then name the two sides as the server recorded them.
  const open = c.state === 'open';
  const v = open
    ? viewConflict(c, me, localRow(bundle, c))
    : { ...viewConflict(c, null), mine: c.mine, theirs: c.theirs, theirsBy: '', keepMine: 'mine' as const, keepTheirs: 'theirs' as const };
  const headers = open ? [`Theirs (${v.theirsBy})`, 'Mine'] : ['Already shared', `Sent by ${c.raisedBy}`];
  const title = `${NOUNS[c.table]} “${conflictTitle(c)}”`;
  const fields = c.fields.length ? c.fields : ['(whole row)'];
  const choose = async (keep: 'mine' | 'theirs') => {
    setBusy(true);
    setError(null);
    const r = await resolve(c.id, keep);
    setBusy(false);
    if (!r.ok) setError(r.error);
  };
  const kept = c.resolution === 'mine' ? c.mine : c.theirs;
  const keptText = c.fields.length ? c.fields.map((f) => `${f} “${fieldText(kept, f)}”`).join(', ') : kept === null ? 'the row deleted' : 'the row';
  return (
    <li className="conflict-item" data-testid="conflict" aria-label={`Conflict: ${title}`}>
      <strong>{title}</strong>
      <div className="muted" style={{ fontSize: 12 }}>
        “{c.label}” by {c.raisedBy}, {formatTime(c.raisedAt)}
      </div>
      {unseenText(c) && (
        <div className="muted" style={{ fontSize: 12 }} data-testid="conflict-unseen">
          {unseenText(c)}
        </div>
      )}
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{headers[0]}</th>
            <th scope="col">{headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">{f}</th>
              <td data-testid="conflict-theirs">{f === '(whole row)' ? (v.theirs === null ? '(deleted)' : '(kept)') : fieldText(v.theirs, f)}</td>
              <td data-testid="conflict-mine">{f === '(whole row)' ? (v.mine === null ? '(deleted)' : '(kept)') : fieldText(v.mine, f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <div className="row" style={{ gap: 8 }}>
          <button className="btn primary" disabled={busy} onClick={() => void choose(v.keepMine)} data-testid="keep-mine" aria-label={`Keep mine for ${title}`}>
            Keep mine
          </button>
          <button className="btn" disabled={busy} onClick={() => void choose(v.keepTheirs)} data-testid="keep-theirs" aria-label={`Keep theirs for ${title}`}>
            Keep theirs
          </button>
        </div>
      ) : (
        <p className="v-ok" data-testid="conflict-resolved">
          Resolved by {c.resolvedBy ?? 'someone'}
          {c.resolvedAt ? `, ${formatTime(c.resolvedAt)}` : ''}: kept {keptText}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          The conflict was not resolved: {error}
        </p>
      )}
    </li>
  );
}

export function ConflictPanel({ conflicts, bundle, me, resolve, onClose }: Props) {
  const open = conflicts.filter((c) => c.state === 'open');
  const resolved = conflicts.filter((c) => c.state === 'resolved');
  return (
    <Dialog title={`Conflicts (${open.length} open)`} onClose={onClose}>
      {open.length === 0 && <p className="muted">No open conflicts: every workstation has the same plan.</p>}
      <ul className="list" aria-label="Open conflicts" data-testid="open-conflicts">
        {open.map((c) => (
          <ConflictItem key={c.id} c={c} me={me} bundle={bundle} resolve={resolve} />
        ))}
      </ul>
      {resolved.length > 0 && (
        <>
          <h3>Resolved</h3>
          <ul className="list" aria-label="Resolved conflicts" data-testid="resolved-conflicts">
            {resolved.map((c) => (
              <ConflictItem key={c.id} c={c} me={me} bundle={bundle} resolve={resolve} />
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
