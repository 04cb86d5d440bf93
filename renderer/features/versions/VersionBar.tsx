/** The Plan header's version line: "Draft since v2" (or v2 published, approved by ...) and "Publish version…". */
import type { DraftState } from './draftState';
import { draftLabel } from './draftState';
import './versions.css';

export function VersionBar({
  state,
  canPublish,
  onPublish,
  refused = null,
}: {
  state: DraftState;
  canPublish: boolean;
  onPublish: () => void;
  /** The server's reason for refusing the version list (History shows it whole). */
  refused?: string | null;
}) {
  const tone = state.kind === 'draft' || state.kind === 'unpublished' ? 'v-warn' : state.kind === 'unknown' ? 'muted' : 'v-ok';
  return (
    <div className="section row version-bar" role="status" aria-label="Plan version" style={{ alignItems: 'center', gap: 8 }}>
      <span className={tone} data-testid="plan-version-state" style={{ flex: 1 }} {...(refused ? { title: refused } : {})}>
        {draftLabel(state, Date.now(), refused)}
      </span>
      <button
        className="btn primary"
        style={{ flex: 'none' }}
        disabled={!canPublish}
        onClick={onPublish}
        data-testid="publish-version"
        title="Publish the plan as a new numbered version for approval and the control room"
      >
        Publish version…
      </button>
    </div>
  );
}
