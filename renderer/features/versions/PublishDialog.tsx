/** "Publish version": a note saying what changed, then the server's answer (the version number, once stored). */
import { useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { Result } from '../../../shared/util/result';
import { Dialog } from '../../app/ui';

interface Props {
  bundle: OperationBundle;
  /** The version the next publish follows (null: the first). */
  latest: number | null;
  publish: (plan: OperationBundle, note: string) => Promise<Result<number>>;
  onPublished: (version: number) => void;
  onClose: () => void;
}

export function PublishDialog({ bundle, latest, publish, onPublished, onClose }: Props) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    const r = await publish(bundle, note.trim());
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onPublished(r.value);
    onClose();
  };
  return (
    <Dialog
      title={`Publish version ${latest === null ? 1 : latest + 1} of ${bundle.operation.name}`}
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" disabled={busy} onClick={() => void go()} data-testid="publish-version-submit">
            {busy ? 'Publishing…' : 'Publish'}
          </button>
        </>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>
        A published version cannot be changed. The control room watches it in Live, positions are measured against it, and a commander can approve it. Your name
        is recorded from your sign-in.
      </p>
      <div className="field">
        <label htmlFor="publish-note">Note: what changed in this version</label>
        <textarea id="publish-note" data-testid="publish-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid="publish-error">
          The version was not published: {error}
        </p>
      )}
    </Dialog>
  );
}
