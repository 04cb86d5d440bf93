/**
 * The Plan's sync status line: for a local operation, "Share with planning cell" and "Open shared operation…"; for a
 * shared one, the link (connected / offline / server unreachable), what waits ("3 changes waiting") or when it last
 * synced ("Synced 09:14:03"), a refused change set's reason, and the conflict badge that opens the panel.
 */
import type { Sync } from './useSync';
import { conflictBadge, linkText, progressText } from './syncText';
import './sync.css';

interface Props {
  sync: Sync;
  onShare: () => void;
  onOpenShared: () => void;
  onConflicts: () => void;
}

export function SyncBar({ sync, onShare, onOpenShared, onConflicts }: Props) {
  const { shared, status, word } = sync;
  const open = sync.conflicts.filter((c) => c.state === 'open').length;
  const resolved = sync.conflicts.length - open;
  return (
    <div className="section sync-bar" role="status" aria-label="Sync status" data-testid="sync-bar">
      {shared === false && (
        <div className="row sync-row">
          <span className="muted sync-grow" data-testid="sync-local">
            Only on this workstation
          </span>
          <button
            className="btn"
            disabled={!sync.link.connected}
            onClick={onShare}
            data-testid="share-operation"
            title="Send this operation to the planning cell so others can edit it"
          >
            Share with planning cell…
          </button>
        </div>
      )}
      {shared && (
        <div className="row sync-row">
          <span className={`sync-dot ${word === 'connected' ? 'on' : 'off'}`} aria-hidden="true" />
          <span data-testid="sync-link">{linkText(word)}</span>
          {status && (
            <span className={status.pending > 0 ? 'v-warn' : 'muted'} data-testid="sync-progress">
              {progressText(status)}
            </span>
          )}
          <span className="sync-grow" />
          {open > 0 ? (
            <button
              className="btn sync-conflicts"
              onClick={onConflicts}
              data-testid="sync-conflicts"
              title="Rows two people changed at once: choose which version to keep"
            >
              {conflictBadge(open)}
            </button>
          ) : (
            resolved > 0 && (
              <button className="btn" onClick={onConflicts} data-testid="sync-conflicts-resolved" title="Conflicts already resolved: who kept which version">
                {resolved} resolved
              </button>
            )
          )}
        </div>
      )}
      {shared && status?.refused && (
        <p className="error-text" role="alert" data-testid="sync-refused">
          “{status.refused.label}” was refused by the server and waits here: {status.refused.reason}
        </p>
      )}
      {shared && status?.problem && (
        <p className="error-text" role="alert">
          {status.problem}
        </p>
      )}
      {shared && sync.link.serverUrl && shared.serverUrl !== sync.link.serverUrl && (
        <p className="v-warn">Shared on {shared.serverUrl}; Settings name another server, so changes wait here.</p>
      )}
      <div className="row">
        <button
          className="btn"
          onClick={onOpenShared}
          data-testid="open-shared"
          title="Open an operation the planning cell shares that is not on this workstation yet"
        >
          Open shared operation…
        </button>
      </div>
    </div>
  );
}
