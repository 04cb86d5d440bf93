/**
 * Confirms deleting an operation from this computer. A shared operation is only this workstation's copy: the dialog
 * says the planning cell keeps it and how to open it again, and when edits made here have not reached the server yet
 * it says how many would be lost and will not delete until the user ticks that they accept it. (Closing an operation
 * for everybody is the operation's lifecycle, not this.)
 */
import { useEffect, useState } from 'react';
import type { Operation } from '../../../shared/domain';
import { Dialog } from '../../app/ui';
import { localCopyOf, type CordonDb, type LocalCopy } from '../../data';

interface Props {
  db: CordonDb;
  op: Operation;
  onCancel: () => void;
  /** `shared`: only this workstation's copy was meant (for the message afterwards). */
  onDelete: (shared: boolean) => void;
}

const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`;

export function DeleteOperationDialog({ db, op, onCancel, onDelete }: Props) {
  const [copy, setCopy] = useState<LocalCopy | null>(null);
  const [acceptLoss, setAcceptLoss] = useState(false);
  useEffect(() => {
    let live = true;
    void localCopyOf(db, op.id).then((c) => live && setCopy(c));
    return () => {
      live = false;
    };
  }, [db, op.id]);

  const shared = copy?.sharedOn != null;
  const pending = copy?.pending ?? 0;
  // Until we know whether edits would be lost, nothing is deleted.
  const mayDelete = copy !== null && (pending === 0 || acceptLoss);
  return (
    <Dialog
      title={shared ? `Remove ${op.name} from this workstation?` : `Delete ${op.name}?`}
      onClose={onCancel}
      actions={
        <>
          <button className="btn" onClick={onCancel}>
            Keep it
          </button>
          <button className="btn danger" data-testid="confirm-delete" disabled={!mayDelete} onClick={() => onDelete(shared)}>
            {shared ? 'Remove from this workstation' : 'Delete permanently'}
          </button>
        </>
      }
    >
      {shared ? (
        <p data-testid="delete-shared-note">
          {op.name} is shared. This removes only this workstation&apos;s copy, with its revision history here. The planning cell keeps it; you can open it again
          with Open shared operation…
        </p>
      ) : (
        <p>
          This removes the operation, its plan, units, assignments and revision history from this computer. Export a .cordon file first if you may need it
          again.
        </p>
      )}
      {pending > 0 && (
        <div className="error-text" role="alert" data-testid="delete-pending-warning">
          <p>
            {changes(pending)} made here {pending === 1 ? 'has' : 'have'} not reached the server yet. Removing this copy loses {pending === 1 ? 'it' : 'them'}:
            nobody else has {pending === 1 ? 'it' : 'them'}. Connect and wait for “Synced” to keep {pending === 1 ? 'it' : 'them'}.
          </p>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <input type="checkbox" style={{ flex: 'none' }} checked={acceptLoss} onChange={(e) => setAcceptLoss(e.target.checked)} data-testid="accept-loss" />
            Lose {pending === 1 ? 'this change' : `these ${changes(pending)}`}
          </label>
        </div>
      )}
    </Dialog>
  );
}
