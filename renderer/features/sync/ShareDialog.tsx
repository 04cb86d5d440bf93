/** "Share with planning cell": says what sharing means, then sends the whole operation (sync:share). */
import { useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { Result } from '../../../shared/util/result';
import { Dialog } from '../../app/ui';

interface Props {
  bundle: OperationBundle;
  serverUrl: string;
  share: (bundle: OperationBundle) => Promise<Result<number>>;
  onShared: () => void;
  onClose: () => void;
}

export function ShareDialog({ bundle, serverUrl, share, onShared, onClose }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    const r = await share(bundle);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onShared();
    onClose();
  };
  return (
    <Dialog
      title={`Share ${bundle.operation.name} with the planning cell`}
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" disabled={busy} onClick={() => void go()} data-testid="share-submit">
            {busy ? 'Sharing…' : 'Share'}
          </button>
        </>
      }
    >
      <p style={{ marginTop: 0 }}>
        The whole operation goes to the command server at <strong>{serverUrl}</strong>. Planners there can open it with “Open shared operation…” and every
        workstation then has all of it, offline too.
      </p>
      <p className="muted">
        From now on each edit is sent as you make it (or when the link is back). Edits to the same field at once are kept side by side as a conflict until
        someone chooses. Your name is recorded from your sign-in.
      </p>
      {error && (
        <p className="error-text" role="alert" data-testid="share-error">
          The operation was not shared: {error}
        </p>
      )}
    </Dialog>
  );
}
