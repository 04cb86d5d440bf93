/**
 * What sits on the live map: the link banner (never mistakable for units going silent; it also says when the server
 * has lost its cluster link), the emergency strip (below the banner when one shows), the legend.
 */
import { LIVE_STATUSES, type Alert } from '../../../shared/protocol';
import { FRESHNESS_STYLE, STATUS_COLOURS, STATUS_LABELS } from '../../map/live/liveSymbology';
import { alertPlace } from './alerts';
import type { ClusterLinkState } from '../../net/link';
import { FRESHNESS, FRESHNESS_LABELS } from '../../../shared/live/freshness';
import type { LinkView } from './linkView';
import { hhmm, hhmmss } from './format';

/** Whether the link banner shows anything (the emergency strip then sits below it). */
export function linkBannerShown(view: LinkView, cluster: ClusterLinkState, replayAt: number | null): boolean {
  return replayAt !== null || view.kind !== 'connected' || cluster.state === 'down';
}

export function LinkBanner({
  view,
  cluster,
  url,
  replayAt,
  onRetry,
  onSettings,
}: {
  view: LinkView;
  cluster: ClusterLinkState;
  url: string;
  replayAt: number | null;
  onRetry: () => void;
  onSettings: () => void;
}) {
  if (replayAt !== null)
    return (
      <div className="link-banner replay" role="status" data-testid="replay-banner">
        <span>
          Replay: {hhmmss(replayAt)} <small>Recorded history, not the live picture.</small>
        </span>
      </div>
    );
  switch (view.kind) {
    case 'connected':
      // Connected to our server, but it cannot reach the others: what other control rooms feed is missing here.
      if (cluster.state !== 'down') return null;
      return (
        <div className="link-banner cluster-down" role="alert" data-testid="link-banner" data-cluster="down">
          <span>
            Cluster link down: this server is serving its own sources only;{' '}
            <small>other control rooms&apos; updates are not reaching you (since {hhmm(cluster.since)}).</small>
          </span>
        </div>
      );
    case 'connecting':
      return (
        <div className="link-banner connecting" role="status" data-testid="link-banner">
          Connecting to the command server at {url}…
        </div>
      );
    case 'stalled':
      return (
        <div className="link-banner stalled" role="alert" data-testid="link-banner">
          <span>
            No data from the command server since {hhmmss(view.lastMessageAt)}
            <small>Unit ages are frozen as of last contact; units are not going silent.</small>
          </span>
        </div>
      );
    case 'down':
      return (
        <div className="link-banner down" role="alert" data-testid="link-banner">
          <span>
            Link to the command server down since {hhmm(view.since)}
            <small>
              Positions as of last contact{view.lastMessageAt ? ` (${hhmmss(view.lastMessageAt)})` : ''}; ages frozen. Reconnecting
              {view.attempt > 0 ? ` (attempt ${view.attempt})` : ''}…
            </small>
          </span>
          <button className="btn" onClick={onRetry}>
            Retry now
          </button>
        </div>
      );
    case 'ended':
      return (
        <div className="link-banner rejected" role="alert" data-testid="link-banner" data-link="ended">
          <span>
            Your access to this operation ended at {hhmm(view.since)}: {view.reason}
            <small>
              The picture is frozen as it was then. The operation&apos;s commander or an administrator can add you back (then choose Try again), or watch
              another operation.
            </small>
          </span>
          <button className="btn" onClick={onRetry}>
            Try again
          </button>
        </div>
      );
    case 'rejected':
      return (
        <div className="link-banner rejected" role="alert" data-testid="link-banner">
          <span>
            The command server refused the connection: {view.reason}
            <small>Check the server address, token and user name in Settings.</small>
          </span>
          <button className="btn" onClick={onSettings}>
            Settings
          </button>
          <button className="btn" onClick={onRetry}>
            Retry
          </button>
        </div>
      );
  }
}

/** `onAck` absent: the screen's role may not acknowledge (a viewer), so no button is offered. */
export function EmergencyStrip({
  alerts,
  below,
  onShow,
  onAck,
}: {
  alerts: readonly Alert[];
  below: boolean;
  onShow: (a: Alert) => void;
  onAck?: (a: Alert) => void;
}) {
  const first = alerts[0];
  if (!first) return null;
  const place = alertPlace(first);
  return (
    <div className={`emergency-strip${below ? ' below' : ''}`} role="alert" data-testid="emergency-strip">
      <span style={{ flex: 1 }}>
        EMERGENCY: {first.callSign ?? first.unitId ?? 'unknown unit'} at {hhmmss(Date.parse(first.raisedAt))}
        {place ? ` · ${place}` : ''}
        {alerts.length > 1 ? ` (+${alerts.length - 1} more)` : ''}
      </span>
      <button className="btn" onClick={() => onShow(first)}>
        Show
      </button>
      {onAck && (
        <button className="btn" onClick={() => onAck(first)}>
          Acknowledge
        </button>
      )}
    </div>
  );
}

export function LiveLegend() {
  return (
    <div className="live-legend" role="region" aria-label="Live legend">
      <h2>Status</h2>
      <ul>
        {LIVE_STATUSES.map((s) => (
          <li key={s}>
            <span className="live-dot" style={{ background: STATUS_COLOURS[s] }} />
            {STATUS_LABELS[s]}
          </li>
        ))}
      </ul>
      <h2 style={{ marginTop: 6 }}>Last heard</h2>
      <ul>
        {FRESHNESS.map((f) => {
          const st = FRESHNESS_STYLE[f];
          return (
            <li key={f}>
              <span
                className="live-dot"
                style={{
                  background: `rgba(30,136,229,${st.opacity})`,
                  borderColor: st.stroke,
                  borderWidth: st.dashed ? 2 : Math.max(1, st.strokeWidth),
                  borderStyle: st.dashed ? 'dashed' : 'solid',
                }}
              />
              {FRESHNESS_LABELS[f]}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
