/**
 * The audit trail for administrators (everything) and commanders (their operations): filter by user, action, object
 * and time, read newest first, export what is shown as CSV or JSON Lines. Each search is itself written to the trail
 * by the server.
 *
 * Following: each entry's object is a button that filters to that object. A row of a shared operation
 * ("feature:<op>/<id>") also brings its synced changes from the change log (who, event and logged time, what became
 * of it, before → after field by field), read oldest first as a history. `follow` opens the view already following.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { parseRowObject, type AuditEntry } from '../../../shared/protocol';
import { Dialog } from '../../app/ui';
import type { AccountLink } from '../../net/accountLink';
import { baseName } from '../../app/commands/exportOperation';
import { platform } from '../../platform';
import { recordMadeFile } from '../exports/exportRecorder';
import { EXPORT_KINDS } from '../../../shared/protocol/exports';
import { auditCsv, auditJsonl } from './auditExport';
import { AuditChangeDetail, durationWords } from './AuditChangeDetail';
import { auditObjectNames } from './auditObjectNames';

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
  'sync.change',
  ...Object.keys(EXPORT_KINDS).map((k) => `export.${k}`),
];

type Filter = { user: string; action: string; object: string; from: string; to: string };
const NO_FILTER: Filter = { user: '', action: '', object: '', from: '', to: '' };
/**
 * Event and logged time this far apart are told apart on screen: an edit made offline (or queued behind others) is
 * logged when it reaches the server. An online edit reaches it within a second or so.
 */
const LATE_MS = 2000;

/** A datetime-local value (the workstation's local time) as an ISO instant, or undefined when empty. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
const shown = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });

export function AuditDialog({
  link,
  onClose,
  follow,
  operations = [],
}: {
  link: AccountLink;
  onClose: () => void;
  follow?: string;
  /** The operations on this workstation, to name the operations entries are about. */
  operations?: readonly { id: string; name: string }[];
}) {
  const ids = { user: useId(), action: useId(), object: useId(), from: useId(), to: useId() };
  const [f, setF] = useState<Filter>({ ...NO_FILTER, object: follow ?? '' });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  // The row whose history the shown entries are (null: an ordinary search, newest first).
  const [following, setFollowing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = useMemo(() => auditObjectNames(entries ?? [], operations), [entries, operations]);
  const search = useCallback(
    async (q: Filter) => {
      const r = await link.request('audit:query', {
        ...(q.user.trim() ? { user: q.user.trim() } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.object.trim() ? { object: q.object.trim() } : {}),
        ...(q.from ? { from: instant(q.from) } : {}),
        ...(q.to ? { to: instant(q.to) } : {}),
        limit: 2000,
      });
      if (r.ok) {
        const row = parseRowObject(q.object) ? q.object.trim() : null;
        // A history reads top down: oldest first.
        setEntries(row ? [...r.value].reverse() : r.value);
        setFollowing(row);
        setError(null);
      } else setError(r.error);
    },
    [link],
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void search(f), []);
  const followObject = (object: string) => {
    const next = { ...NO_FILTER, object };
    setF(next);
    void search(next);
  };
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
          void search(f);
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
      {following && (
        <div className="audit-following" data-testid="audit-following">
          <span>
            Following <strong>{names.get(following) ?? following}</strong>
            {names.has(following) ? ` (${following})` : ''}: its history, oldest first, with each synced change field by field.
          </span>
          <button className="btn" onClick={() => followObject('')} data-testid="audit-stop-following">
            Stop following
          </button>
        </div>
      )}
      {entries && (
        <p className="muted" role="status" data-testid="audit-count">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'}, {following ? 'oldest' : 'newest'} first
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
          {entries?.map((e, i) => {
            const late = Date.parse(e.loggedAt) - Date.parse(e.eventTime);
            return (
              <tr key={`${e.action}-${e.seq}-${i}`} data-testid="audit-row">
                <td>
                  {shown(e.eventTime)}
                  {late >= LATE_MS && (
                    <div className="audit-late" data-testid="audit-late">
                      logged {durationWords(late)} {e.change ? 'after the edit (made offline or queued)' : 'later'}
                    </div>
                  )}
                </td>
                <td>{shown(e.loggedAt)}</td>
                <td>{e.user}</td>
                <td>{e.workstation ?? ''}</td>
                <td>{e.action}</td>
                <td>
                  <button
                    className="btn link-like audit-object"
                    onClick={() => followObject(e.object)}
                    title={`Show only the history of ${e.object}`}
                    aria-pressed={following === e.object}
                  >
                    <span className="audit-follow-word">Follow </span>
                    {names.has(e.object) ? (
                      <>
                        <span className="audit-object-name">{names.get(e.object)}</span> <small className="audit-object-id">({e.object})</small>
                      </>
                    ) : (
                      e.object
                    )}
                  </button>
                </td>
                <td className={e.result === 'ok' ? '' : 'error-text'}>{e.result}</td>
                <td>
                  <AuditChangeDetail entry={e} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Dialog>
  );
}
