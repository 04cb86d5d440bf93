/**
 * Live's plan line over the map: "Plan v7, approved 09:14 by Supt Jones", Approve (commanders; the server refuses
 * anyone else and says so), and the notice when a newer version is published while watching.
 */
import { useState } from 'react';
import type { PlanVersionInfo } from '../../../shared/protocol';
import type { Result } from '../../../shared/util/result';
import { newerLine, planLine, type LiveVersionState } from './liveVersion';
import './versions.css';

interface Props {
  state: LiveVersionState;
  /** Null where this user may not approve (only commanders may): no button is offered to be refused. */
  onApprove: ((version: number) => Promise<Result<PlanVersionInfo>>) | null;
  onDismiss: () => void;
}

export function LivePlanLine({ state, onApprove, onDismiss }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = state.current;
  const approve = async () => {
    if (!current || !onApprove) return;
    setBusy(true);
    const r = await onApprove(current.version);
    setBusy(false);
    setError(r.ok ? null : `Not approved: ${r.error}`);
  };
  return (
    <>
      <div className="live-plan-line" role="status" aria-label="Plan version">
        <span className={current?.approvedAt ? 'v-ok' : current ? 'v-warn' : 'muted'} data-testid="live-plan-version">
          {planLine(state)}
        </span>
        {current && !current.approvedAt && onApprove && (
          <button
            className="btn"
            disabled={busy}
            onClick={() => void approve()}
            data-testid="live-approve-version"
            title="Commanders only: approve this version of the plan"
          >
            Approve v{current.version}
          </button>
        )}
        {error && (
          <span className="v-bad" role="alert">
            {error}
          </span>
        )}
      </div>
      {state.newer && (
        <div className="live-plan-line" role="alert" data-testid="live-version-notice">
          <span className="notice">{newerLine(state.newer)}</span>
          <button className="btn" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
