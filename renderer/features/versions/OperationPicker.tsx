/**
 * Live's operation picker: the operations on the command server this user may watch (`operations:list`), each with
 * its latest and approved plan versions. No typed ids.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { OperationSummary } from '../../../shared/protocol';
import type { LiveConnection } from '../../net/liveClient';
import { listOperations } from '../../net/versionsApi';

function optionText(o: OperationSummary): string {
  const approved = o.approvedVersion === null ? 'not approved' : o.approvedVersion === o.latestVersion ? 'approved' : `v${o.approvedVersion} approved`;
  const versions = o.latestVersion === null ? 'no published version' : `v${o.latestVersion}, ${approved}`;
  return `${o.name} (${versions}${o.state === 'open' ? '' : `, ${o.state}`})`;
}

interface Props {
  connection: LiveConnection | null;
  connected: boolean;
  value: string;
  onChange: (id: string) => void;
  /** Changes when the watched operation's versions change (a publish or approval): the list is read again. */
  stamp?: string;
}

export function OperationPicker({ connection, connected, value, onChange, stamp }: Props) {
  const id = useId();
  const [operations, setOperations] = useState<OperationSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    if (!connection) return;
    const r = await listOperations(connection);
    if (r.ok) {
      setOperations(r.value);
      setProblem(null);
    } else setProblem(r.error);
  }, [connection]);
  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh, stamp]);

  const known = operations?.some((o) => o.id === value) ?? false;
  return (
    <div className="field">
      <label htmlFor={id}>Operation on the command server</label>
      <div className="row">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} onFocus={() => void refresh()} data-testid="live-operation">
          {!value && <option value="">Choose an operation…</option>}
          {value && !known && <option value={value}>{operations ? `${value} (not in the server’s list)` : value}</option>}
          {operations?.map((o) => (
            <option key={o.id} value={o.id}>
              {optionText(o)}
            </option>
          ))}
        </select>
        <button
          className="btn"
          style={{ flex: 'none' }}
          onClick={() => void refresh()}
          disabled={!connected}
          title="Read the list of operations again"
          data-testid="refresh-operations"
        >
          Refresh
        </button>
      </div>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
