/**
 * "Open shared operation…": the operations the planning cell shares that this user may see (`operations:list`) and
 * that are not on this workstation yet; opening one writes the server's copy (sync:snapshot) into IndexedDB as a new
 * local operation, marked shared, and opens it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { OperationSummary } from '../../../shared/protocol';
import type { SyncSnapshotResult } from '../../../shared/protocol/sync';
import { Dialog } from '../../app/ui';
import { listOperations as listLocal, openSharedOperation, type CordonDb } from '../../data';
import { readSnapshot } from '../../net/syncClient';
import { listOperations } from '../../net/versionsApi';
import type { ServerSetting } from '../settings/settings';
import { linkText } from './syncText';
import { linkWord, useSyncLink } from './useSyncLink';
import './sync.css';

type SyncSnapshot = z.infer<typeof SyncSnapshotResult>;
/** How many unnamed operations the list reads a name for (each read is the whole shared copy). */
const MAX_NAME_READS = 10;

interface Props {
  db: CordonDb;
  server: ServerSetting;
  report: (e: string) => void;
  onOpened: (operationId: string, name: string) => void;
  onClose: () => void;
}

export function OpenSharedDialog({ db, server, report, onOpened, onClose }: Props) {
  const link = useSyncLink(server, report);
  const [choices, setChoices] = useState<OperationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const snapshots = useRef(new Map<string, SyncSnapshot>());

  const refresh = useCallback(async () => {
    if (!link.connection) return;
    const [remote, local] = await Promise.all([listOperations(link.connection), listLocal(db, { includeArchived: true })]);
    if (!remote.ok) return setError(remote.error);
    const here = new Set(local.map((o) => o.id));
    const fresh = remote.value.filter((o) => !here.has(o.id));
    setChoices(fresh);
    setError(null);
    // An operation shared but never published is listed by the server under its id: read its name from the shared
    // copy (kept for Open, so it is read once), for the first few such.
    const unnamed = fresh.filter((o) => o.name === o.id && !snapshots.current.has(o.id)).slice(0, MAX_NAME_READS);
    for (const o of unnamed) {
      const kept = snapshots.current.get(o.id);
      const snap = kept ? ({ ok: true, value: kept } as const) : await readSnapshot(link.connection, o.id);
      if (!snap.ok) continue;
      snapshots.current.set(o.id, snap.value);
      setChoices((list) => list?.map((c) => (c.id === o.id ? { ...c, name: snap.value.plan.operation.name } : c)) ?? list);
    }
  }, [link.connection, db]);
  useEffect(() => {
    if (link.connected) void refresh();
  }, [link.connected, refresh]);

  const open = async (o: OperationSummary) => {
    if (!link.connection || !link.serverUrl) return;
    setBusy(o.id);
    setError(null);
    const kept = snapshots.current.get(o.id);
    const snap = kept ? ({ ok: true, value: kept } as const) : await readSnapshot(link.connection, o.id);
    const r = snap.ok ? await openSharedOperation(db, snap.value.plan, snap.value.seq, link.serverUrl, new Date().toISOString()) : snap;
    setBusy(null);
    if (!r.ok) return setError(`${o.name} was not opened: ${r.error}`);
    onOpened(o.id, o.name);
    onClose();
  };

  return (
    <Dialog title="Open shared operation" onClose={onClose}>
      <p className="muted" style={{ marginTop: 0 }}>
        Operations on {link.serverUrl ?? 'the command server'} that you may see and that are not on this workstation yet. Opening one copies all of it here;
        your edits and the planning cell’s then reach each other.
      </p>
      {!link.connected && <p className="v-warn">{linkText(linkWord(link.link, navigator.onLine))}: the list needs the command server.</p>}
      {link.connected && choices === null && <p className="muted">Reading the list…</p>}
      {choices && choices.length === 0 && <p className="muted">Every operation you may see is already on this workstation.</p>}
      {choices && choices.length > 0 && (
        <ul className="list shared-list" aria-label="Shared operations" data-testid="shared-operations">
          {choices.map((o) => (
            <li key={o.id} className="row">
              <span style={{ flex: 1 }}>
                <strong>{o.name}</strong> <span className="muted">· {o.state}</span>
              </span>
              <button className="btn primary" style={{ flex: 'none' }} disabled={busy !== null} onClick={() => void open(o)} aria-label={`Open ${o.name}`}>
                {busy === o.id ? 'Opening…' : 'Open'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="open-shared-error">
          {error}
        </p>
      )}
    </Dialog>
  );
}
