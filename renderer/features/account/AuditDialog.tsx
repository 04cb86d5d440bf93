/**
 * The audit trail for administrators (everything) and commanders (their operations): filter by user, action, object
 * and time, read newest first, export what is shown as CSV or JSON Lines. Each search is itself written to the trail
 * by the server.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { AuditEntry } from '../../../shared/protocol';
import { Dialog } from '../../app/ui';
import type { AccountLink } from '../../net/accountLink';
import { baseName } from '../../app/commands/exportOperation';
import { platform } from '../../platform';
import { recordMadeFile } from '../exports/exportRecorder';
import { EXPORT_KINDS } from '../../../shared/protocol/exports';
import { auditCsv, auditJsonl } from './auditExport';

const ACTIONS = [
  'login',
  'logout',
  'user.create',
  'user.disable',
  'user.enable',
  'user.resetPassword',
  'membership.set',
  'alert.acknowledge',
  'emergency.clear',
  'plan.publish',
  'operation.state',
  'legalHold.on',
  'legalHold.off',
  'audit.read',
  'plan.approve',
  'sync.share',
  'sync.push',
  'sync.resolve',
  ...Object.keys(EXPORT_KINDS).map((k) => `export.${k}`),
];

/** A datetime-local value (the workstation's local time) as an ISO instant, or undefined when empty. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
const shown = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });

export function AuditDialog({ link, onClose }: { link: AccountLink; onClose: () => void }) {
  const ids = { user: useId(), action: useId(), object: useId(), from: useId(), to: useId() };
  const [f, setF] = useState({ user: '', action: '', object: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = useCallback(async () => {
    const r = await link.request('audit:query', {
      ...(f.user.trim() ? { user: f.user.trim() } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.object.trim() ? { object: f.object.trim() } : {}),
      ...(f.from ? { from: instant(f.from) } : {}),
      ...(f.to ? { to: instant(f.to) } : {}),
      limit: 2000,
    });
    if (r.ok) {
      setEntries(r.value);
      setError(null);
    } else setError(r.error);
  }, [link, f]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void search(), []);
  const save = async (kind: 'csv' | 'jsonl') => {
    if (!entries) return;
    const text = kind === 'csv' ? auditCsv(entries) : auditJsonl(entries);
    const data = new TextEncoder().encode(text);
    const defaultName = `cordon-audit-${new Date().toISOString().slice(0, 10)}.${kind}`;
    const r = await platform.saveFile({
      title: 'Export the audit trail',
      defaultName,
      filters: [{ name: kind === 'csv' ? 'CSV' : 'JSON Lines', extensions: [kind] }],
      data,
    });
    if (!r.ok) return setError(r.error);
    // An export of the trail is itself recorded in it (who took a copy, when, and the copy's SHA-256).
    if (r.value) {
      const notRecorded = await recordMadeFile({
        kind: `audit-${kind}`,
        operationId: null,
        fileName: baseName(r.value.path) || defaultName,
        data,
        marking: null,
        note: `${entries.length} entries`,
      });
      if (notRecorded) setError(notRecorded);
    }
  };
  return (
    <Dialog
      title="Audit trail"
      onClose={onClose}
      actions={
        <>
          <button className="btn" disabled={!entries?.length} onClick={() => void save('csv')} data-testid="audit-export-csv">
            Export CSV
          </button>
          <button className="btn" disabled={!entries?.length} onClick={() => void save('jsonl')} data-testid="audit-export-jsonl">
            Export JSONL
          </button>
          <button className="btn" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <form
        className="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <div className="field">
          <label htmlFor={ids.user}>User (name or collar)</label>
          <input id={ids.user} value={f.user} onChange={(e) => setF({ ...f, user: e.target.value })} data-testid="audit-user" />
        </div>
        <div className="field">
          <label htmlFor={ids.action}>Action</label>
          <select id={ids.action} value={f.action} onChange={(e) => setF({ ...f, action: e.target.value })} data-testid="audit-action">
            <option value="">Any action</option>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.object}>Object (e.g. operation:demo-operation)</label>
          <input id={ids.object} value={f.object} onChange={(e) => setF({ ...f, object: e.target.value })} data-testid="audit-object" />
        </div>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="datetime-local" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="datetime-local" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} />
        </div>
        <button className="btn primary" type="submit" data-testid="audit-search">
          Search
        </button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {entries && (
        <p className="muted" role="status" data-testid="audit-count">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'}, newest first
        </p>
      )}
      <table className="data-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Event time</th>
            <th scope="col">Logged</th>
            <th scope="col">User</th>
            <th scope="col">Workstation</th>
            <th scope="col">Action</th>
            <th scope="col">Object</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries?.map((e) => (
            <tr key={e.seq}>
              <td>{shown(e.eventTime)}</td>
              <td>{shown(e.loggedAt)}</td>
              <td>{e.user}</td>
              <td>{e.workstation ?? ''}</td>
              <td>{e.action}</td>
              <td>{e.object}</td>
              <td className={e.result === 'ok' ? '' : 'error-text'}>{e.result}</td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
