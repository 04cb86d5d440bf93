/**
 * The operations list: create, open, duplicate as a template, archive, delete (with confirmation) and import a
 * `.cordon` operation file.
 */
import { useCallback, useEffect, useState } from 'react';
import { MARKING_REFUSED, OPERATION_TYPES, PROTECTIVE_MARKINGS, type Operation } from '../../../shared/domain';
import { formatTime } from '../../app/fields';
import { listOperations, type CordonDb } from '../../data';
import { createOperation, deleteOperationPermanently, duplicateAsTemplate, setArchived } from '../../app/operations';
import { importCordonFile } from './importCordon';
import { DeleteOperationDialog } from './DeleteOperationDialog';
import { NewOperationDialog, type NewOperationInput } from './NewOperationDialog';
import { OpenSharedDialog } from '../sync/OpenSharedDialog';
import type { ServerSetting } from '../settings/settings';

interface Props {
  db: CordonDb;
  currentId: string | null;
  onOpen: (id: string | null) => void;
  report: (error: string) => void;
  inform: (text: string) => void;
  /** File > New operation was chosen: open the new-operation dialog once, then say so. */
  createRequested?: boolean;
  onCreateShown?: () => void;
  /** The command server, for "Open shared operation…" (absent: the button is not shown). */
  server?: ServerSetting;
}

/** Operations saved before SECRET and TOP SECRET were refused may still carry them: they are not opened, only deleted. */
const heldMarking = (m: string) => (PROTECTIVE_MARKINGS as readonly string[]).includes(m);

export function OperationsScreen({ db, currentId, onOpen, report, inform, createRequested = false, onCreateShown, server }: Props) {
  const [openingShared, setOpeningShared] = useState(false);
  const [ops, setOps] = useState<Operation[]>([]);
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<Operation | null>(null);

  const refresh = useCallback(async () => setOps(await listOperations(db, { includeArchived: showArchived })), [db, showArchived]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!createRequested) return;
    setCreating(true);
    onCreateShown?.();
  }, [createRequested, onCreateShown]);

  const act = async (p: Promise<{ ok: true; value?: unknown } | { ok: false; error: string }>, done: string) => {
    const r = await p;
    if (!r.ok) report(r.error);
    else inform(done);
    await refresh();
    return r;
  };

  const create = async (input: NewOperationInput) => {
    const r = await createOperation(db, input);
    if (!r.ok) return report(r.error);
    setCreating(false);
    onOpen(r.value);
  };

  const importFile = async () => {
    const r = await importCordonFile(db);
    if (r === null) return;
    if (!r.ok) return report(r.error);
    inform(`Imported ${r.value.name}.`);
    await refresh();
    onOpen(r.value.id);
  };

  return (
    <main className="ops" aria-label="Operations">
      <div className="row" style={{ maxWidth: 1100, marginBottom: 12 }}>
        <h2 style={{ margin: 0 }}>Operations</h2>
        <span className="spacer" />
        <label className="row" style={{ flex: 'none' }}>
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived
        </label>
        <button className="btn" style={{ flex: 'none' }} onClick={() => void importFile()} data-testid="import-cordon">
          Import .cordon file…
        </button>
        {server && (
          <button className="btn" style={{ flex: 'none' }} onClick={() => setOpeningShared(true)} data-testid="open-shared">
            Open shared operation…
          </button>
        )}
        <button className="btn primary" style={{ flex: 'none' }} onClick={() => setCreating(true)} data-testid="new-operation">
          New operation
        </button>
      </div>
      {openingShared && server && (
        <OpenSharedDialog
          db={db}
          server={server}
          report={report}
          onOpened={(id, name) => {
            inform(`${name} is on this workstation now, shared with the planning cell.`);
            onOpen(id);
          }}
          onClose={() => setOpeningShared(false)}
        />
      )}
      {ops.length === 0 ? (
        <p className="muted">No operations yet. Create one to start planning, or import a .cordon file.</p>
      ) : (
        <table className="grid" data-testid="operations-table">
          <thead>
            <tr>
              <th>Operation</th>
              <th>Type</th>
              <th>Status</th>
              <th>Marking</th>
              <th>Starts</th>
              <th>Ends</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {ops.map((op) => (
              <tr key={op.id} aria-current={op.id === currentId}>
                <td>
                  <button
                    className="btn"
                    onClick={() => (heldMarking(op.marking) ? onOpen(op.id) : report(`${op.name} is marked ${op.marking}. ${MARKING_REFUSED}`))}
                    aria-label={`Open ${op.name}`}
                  >
                    {op.name}
                  </button>
                  {op.archived && <span className="muted"> (archived)</span>}
                </td>
                <td>{OPERATION_TYPES[op.type]}</td>
                <td>{op.status}</td>
                <td>{heldMarking(op.marking) ? op.marking : <strong className="error-text">{op.marking}: not held here, delete it</strong>}</td>
                <td>{formatTime(op.startsAt)}</td>
                <td>{formatTime(op.endsAt)}</td>
                <td className="row" style={{ justifyContent: 'start' }}>
                  <button className="btn" style={{ flex: 'none' }} onClick={() => void act(duplicateAsTemplate(db, op.id), `Template made from ${op.name}.`)}>
                    Duplicate as template
                  </button>
                  <button
                    className="btn"
                    style={{ flex: 'none' }}
                    onClick={() => void act(setArchived(db, op.id, !op.archived), op.archived ? 'Restored from archive.' : 'Archived.')}
                  >
                    {op.archived ? 'Unarchive' : 'Archive'}
                  </button>
                  <button className="btn danger" style={{ flex: 'none' }} onClick={() => setConfirmDelete(op)} aria-label={`Delete ${op.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <NewOperationDialog onCancel={() => setCreating(false)} onCreate={(i) => void create(i)} />}
      {confirmDelete && (
        <DeleteOperationDialog
          db={db}
          op={confirmDelete}
          onCancel={() => setConfirmDelete(null)}
          onDelete={(shared) => {
            const op = confirmDelete;
            setConfirmDelete(null);
            const done = shared ? `${op.name} removed from this workstation; the planning cell keeps it.` : `${op.name} deleted.`;
            void act(deleteOperationPermanently(db, op.id), done).then((r) => r.ok && op.id === currentId && onOpen(null));
          }}
        />
      )}
    </main>
  );
}
