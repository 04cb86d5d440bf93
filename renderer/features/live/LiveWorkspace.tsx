/**
 * The Live workspace: the control room's picture. Units on the map over the plan, how fresh each is, alerts, a
 * unit's details, and replay of recorded history. Filters, trails and search on the left; the selected unit on the
 * right; the link state in a banner no one can mistake for units going silent, and in the status bar.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OperationBundle, PlanGeometry, ProtectiveMarking } from '../../../shared/domain';
import type { Alert } from '../../../shared/protocol';
import { CameraBridge, type Camera } from '../../map/CameraBridge';
import { CursorReadout } from '../../map/CursorReadout';
import { MapPick } from '../../map/MapPick';
import { MapView } from '../../map/MapView';
import { PlanLayers } from '../../map/PlanLayers';
import { LiveLayers, type TrailMode } from '../../map/live/LiveLayers';
import { isTypingTarget } from '../../app/shortcuts';
import type { Settings } from '../settings/settings';
import { useServerLink, type ServerLink } from '../settings/useServerLink';
import { AlertsTab } from './AlertsTab';
import { countOpen, isOpenEmergency, mayAcknowledge, sortAlerts } from './alerts';
import { NO_FILTER, type LiveFilter } from '../../../shared/live/filters';
import { hhmmss } from './format';
import { buildAreaIndex } from '../../../shared/live/areas';
import { EmergencyStrip, LinkBanner, linkBannerShown, LiveLegend } from './LiveOverlays';
import { phaseAt, plannedTypes, sectorAt } from './planContext';
import { ReplayTab } from './ReplayTab';
import { UnitPanel } from './UnitPanel';
import { UnitsTab } from './UnitsTab';
import { PowersInForce } from '../powers/PowersInForce';
import { useAreaPicking } from './useAreaPicking';
import { useLive } from './useLive';
import { useReplayPlayer } from './useReplayPlayer';
import { LivePlanLine } from '../versions/LivePlanLine';
import { OperationPicker } from '../versions/OperationPicker';
import { useReplayPlan } from '../versions/useReplayPlan';
import { approveVersion } from '../../net/versionsApi';
import { err } from '../../../shared/util/result';
import { ControlLogTab } from '../controlLog/ControlLogTab';
import { PresenceStrip } from '../presence/PresenceStrip';
import { usePresence } from '../presence/usePresence';
import './live.css';

const TABS = { units: 'Units', alerts: 'Alerts', replay: 'Replay', powers: 'Powers', log: 'Log' } as const;
type Tab = keyof typeof TABS;
const LIVE_OPERATION = 'cordon.liveOperation';
/** The command server's default operation (its simulator and demo plan run there). */
export const DEFAULT_LIVE_OPERATION = 'demo-operation';

interface Props {
  settings: Settings;
  /** The operation open on this workstation, if any: its plan is drawn until the server sends one. */
  bundle: OperationBundle | null;
  report: (error: string) => void;
  inform: (text: string) => void;
  onOpenSettings: () => void;
  /** The protective marking of the plan being watched, for the banners at top and bottom of the window. */
  onMarking?: (marking: ProtectiveMarking | null) => void;
}

/** Reads the server's token (asynchronously: Electron keeps it in the main process) before connecting to it. */
export function LiveWorkspace(props: Props) {
  const link = useServerLink(props.settings.server, props.report);
  return link ? <LiveWorkspaceView {...props} link={link} /> : null;
}

function LiveWorkspaceView({ settings, bundle, report, inform, onOpenSettings, onMarking, link }: Props & { link: ServerLink }) {
  const [liveOp, setLiveOp] = useState<string>(() => localStorage.getItem(LIVE_OPERATION) ?? DEFAULT_LIVE_OPERATION);
  const [sound, setSound] = useState(true);
  // The server and its token as read together (never one server's token sent to another).
  const session = useLive(link.server, link.token, liveOp || null, { sound });
  const { store, tick } = session;

  const [tab, setTab] = useState<Tab>('units');
  const [filter, setFilter] = useState<LiveFilter>(NO_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [followId, setFollowId] = useState<string | null>(null);
  const [trailMode, setTrailMode] = useState<TrailMode>('selected');
  const [trailMinutes, setTrailMinutes] = useState(10);
  const [phaseChoice, setPhaseChoice] = useState('running');
  const [camera, setCamera] = useState<Camera | null>(null);
  const player = useReplayPlayer(session.history, inform);
  const { replay, time: replayT, exit: exitReplay } = player;
  /** A power's area the user asked to see (Powers tab): highlighted on the map. */
  const [shownArea, setShownArea] = useState<string | null>(null);

  const watch = useCallback(
    (id: string) => {
      setLiveOp(id);
      if (id) localStorage.setItem(LIVE_OPERATION, id);
      else localStorage.removeItem(LIVE_OPERATION);
      setSelectedId(null);
      setFollowId(null);
      exitReplay();
    },
    [exitReplay],
  );

  // The plan: the one the server measures against, else the one open here (if it is the same operation).
  const plan = useMemo(() => {
    void store.planVersion;
    return store.plan ?? (bundle && bundle.operation.id === liveOp ? bundle : null);
    // planVersion changes when the server sends a plan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, store.planVersion, bundle, liveOp]);
  const areas = useMemo(() => buildAreaIndex(plan), [plan]);
  const sectors = useMemo(() => [...areas.ofKind('sector')], [areas]);
  const planMarking = plan?.operation.marking ?? null;
  useEffect(() => onMarking?.(planMarking), [onMarking, planMarking]);
  const sectorOf = useCallback((lon: number, lat: number) => sectorAt(lon, lat, sectors), [sectors]);
  const types = useMemo(() => plannedTypes(plan), [plan]);
  const areaPick = useAreaPicking(plan);
  const { picking, cancel: cancelPick } = areaPick;

  // Watching an operation shows all of it once: its plan, or (no plan) where its units are.
  const framed = useRef<string | null>(null);
  useEffect(() => {
    if (!camera || !liveOp || framed.current === liveOp) return;
    const geometries: PlanGeometry[] = plan?.features.map((f) => f.geometry) ?? [];
    if (geometries.length === 0) for (const u of store.units.values()) geometries.push({ type: 'Point', coordinates: [u.lon, u.lat] });
    if (geometries.length === 0) return;
    framed.current = liveOp;
    camera.fitAll(geometries, { animate: false });
  }, [camera, liveOp, plan, store, tick]);

  // Replay draws the version of the plan that was in force at the replayed time.
  const replayPlan = useReplayPlan(session.connection, liveOp, replay ? replayT : null, replay);
  const feed = replay ?? store;
  const clock = useMemo(() => (replay ? () => replay.time : session.clock), [replay, session.clock]);
  const now = clock();
  const view = store.linkView(Date.now());
  const frozen = !replay && (view.kind === 'down' || view.kind === 'stalled' || view.kind === 'rejected' || view.kind === 'ended');
  const runningPhase = phaseAt(plan, now);
  const phaseId = phaseChoice === 'running' ? (runningPhase?.id ?? null) : phaseChoice === 'all' ? null : phaseChoice;

  const alerts = useMemo(() => {
    void tick;
    void replayT;
    return replay ? replay.alertsNow() : store.alerts();
  }, [replay, store, tick, replayT]);
  const open = countOpen(alerts);
  const emergencies = useMemo(() => (replay ? [] : sortAlerts(alerts).filter(isOpenEmergency)), [alerts, replay]);

  const selected = selectedId ? (feed.units.get(selectedId) ?? null) : null;

  const select = useCallback((id: string) => setSelectedId(id), []);
  // Who else watches (or plans) this operation, and which units they have selected.
  const others = usePresence(liveOp || null, 'live', selectedId ? [selectedId] : [], settings.server);
  const unitName = useCallback((id: string) => store.units.get(id)?.callSign ?? plan?.features.find((f) => f.id === id)?.name, [store, plan]);
  const follow = useCallback((id: string) => {
    setSelectedId(id);
    setFollowId(id);
  }, []);
  const endFollow = useCallback(() => setFollowId(null), []);

  const showAlert = useCallback(
    (a: Alert) => {
      if (a.unitId && feed.units.has(a.unitId)) setSelectedId(a.unitId);
      if (a.lon !== undefined && a.lat !== undefined) {
        setFollowId(null);
        camera?.flyTo(a.lon, a.lat, 17);
      }
    },
    [camera, feed],
  );
  const ackAlert = useCallback(
    async (a: Alert) => {
      const r = await session.ackAlert(a.id);
      if (!r.ok) report(`The alert was not acknowledged: ${r.error}`);
      return r.ok ? null : r.error;
    },
    [session, report],
  );
  const clearEmergency = useCallback(
    async (a: Alert, reason: string) => {
      if (!a.unitId) return 'This alert names no device.';
      const r = await session.clearEmergency(a.unitId, reason);
      if (!r.ok) report(`The emergency was not cleared: ${r.error}`);
      return r.ok ? null : r.error;
    },
    [session, report],
  );

  // Escape puts down what is in hand: a pick, then following, then the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || isTypingTarget(e.target)) return;
      if (picking.kind !== 'none') return cancelPick();
      if (followId) return setFollowId(null);
      setSelectedId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picking, cancelPick, followId]);

  const stats = session.stats;
  const mapClass = replay
    ? 'replaying'
    : view.kind === 'down' || view.kind === 'rejected' || view.kind === 'ended'
      ? 'link-down'
      : view.kind === 'stalled'
        ? 'link-stalled'
        : '';
  const replayAt = replay ? replayT : null;
  const banner = (
    <LinkBanner view={view} cluster={session.cluster} url={link.server.url} replayAt={replayAt} onRetry={session.reconnect} onSettings={onOpenSettings} />
  );
  const bannerShown = linkBannerShown(view, session.cluster, replayAt);

  return (
    <>
      <div className="workspace">
        <aside className="sidebar" aria-label="Live controls">
          <div className="tabs" role="tablist">
            {(Object.keys(TABS) as Tab[]).map((t) => (
              <button
                key={t}
                role="tab"
                aria-selected={tab === t}
                onClick={() => setTab(t)}
                data-testid={`live-tab-${t}`}
                className={t === 'alerts' && emergencies.length > 0 ? 'flash' : undefined}
              >
                {TABS[t]}
                {t === 'alerts' && open.open > 0 ? ` (${open.open})` : ''}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {tab === 'units' && (
              <UnitsTab
                feed={feed}
                tick={tick + replayT}
                clock={clock}
                filter={filter}
                onFilter={setFilter}
                sectors={sectors}
                onSelect={select}
                onFollow={follow}
                trailMode={trailMode}
                onTrailMode={setTrailMode}
                trailMinutes={trailMinutes}
                onTrailMinutes={setTrailMinutes}
                operationInput={liveOp}
                onOperation={watch}
                operationPicker={
                  <OperationPicker
                    connection={session.connection}
                    connected={view.kind === 'connected'}
                    value={liveOp}
                    onChange={watch}
                    stamp={`${session.versions.current?.version}:${session.versions.current?.approvedAt}`}
                  />
                }
                localOperation={bundle && bundle.operation.id !== liveOp ? { id: bundle.operation.id, name: bundle.operation.name } : null}
                phases={plan?.phases ?? []}
                phaseChoice={phaseChoice}
                onPhaseChoice={setPhaseChoice}
              />
            )}
            {tab === 'alerts' && (
              <>
                <div className="section row">
                  <label className="checkline">
                    <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} /> Sound for emergencies
                  </label>
                </div>
                <AlertsTab
                  alerts={alerts}
                  readOnly={replay !== null}
                  onShow={showAlert}
                  onAck={ackAlert}
                  onClearEmergency={clearEmergency}
                  onAckMany={session.ackAlerts}
                  loadAcknowledged={session.acknowledgedAlerts}
                  canAcknowledge={mayAcknowledge(session.store.you)}
                />
              </>
            )}
            {tab === 'powers' && (
              <PowersInForce
                plan={plan}
                now={now}
                onShowArea={(id) => {
                  const f = plan?.features.find((x) => x.id === id);
                  if (!f) return;
                  setFollowId(null);
                  setShownArea(id);
                  camera?.fitGeometry(f.geometry);
                }}
              />
            )}
            {tab === 'log' && liveOp && <ControlLogTab link={link} operationId={liveOp} onPickPoint={areaPick.pickPoint} report={report} inform={inform} />}
            {tab === 'replay' && (
              <ReplayTab
                replay={replay}
                onLoad={player.load}
                loaded={player.loaded}
                onExit={exitReplay}
                time={replayT}
                onTime={player.seek}
                playing={player.playing}
                onPlaying={player.setPlaying}
                speed={player.speed}
                onSpeed={player.setSpeed}
                planAreas={areaPick.planAreas}
                area={areaPick.area}
                onArea={areaPick.setArea}
                onDrawRectangle={areaPick.startRectangle}
                onPickPlanArea={areaPick.togglePlanPick}
                picking={picking.kind === 'plan'}
                onSelectUnit={select}
                now={Date.now()}
              />
            )}
          </div>
        </aside>
        <div className={`live-map-wrap ${mapClass}`} data-testid="live-map" data-link={replay ? 'replay' : view.kind}>
          {/* One column, so a banner of any height (a narrow window wraps its text) never covers the emergency strip. */}
          <div className="live-top">
            {liveOp && !replay && (
              <LivePlanLine
                state={session.versions}
                onApprove={
                  // The server names who this connection is; before it has, the button is offered and the server decides.
                  session.store.you && session.store.you.role !== 'commander'
                    ? null
                    : (v) => (session.connection ? approveVersion(session.connection, liveOp, v) : Promise.resolve(err('Not connected to the command server.')))
                }
                onDismiss={session.dismissNewerVersion}
              />
            )}
            <PresenceStrip others={others} nameOf={unitName} />
            {replay && (
              <div className="live-plan-line" role="status" data-testid="replay-plan-version">
                {replayPlan ? `Replay: plan v${replayPlan.version} was in force at this time` : 'Replay: no published plan version was in force at this time'}
              </div>
            )}
            {banner}
            {emergencies.length > 0 && (
              <EmergencyStrip
                alerts={emergencies}
                below={bannerShown}
                onShow={showAlert}
                {...(mayAcknowledge(session.store.you) ? { onAck: (a: Alert) => void ackAlert(a) } : {})}
              />
            )}
          </div>
          <MapView basemap={settings.basemap} theme={settings.theme} onBasemapError={report}>
            <PlanLayers
              features={(replayPlan?.plan ?? plan)?.features ?? []}
              phaseId={phaseId}
              selectedId={tab === 'powers' ? shownArea : null}
              onSelect={areaPick.pickPlanArea}
              selectionEnabled={picking.kind === 'plan'}
            />
            <LiveLayers
              feed={feed}
              clock={clock}
              filter={filter}
              sectorOf={sectorOf}
              plannedTypes={types}
              selectedId={selectedId}
              followId={followId}
              trailMode={trailMode}
              trailMinutes={trailMinutes}
              area={areaPick.area?.rings ?? null}
              interactive={picking.kind === 'none'}
              onSelect={select}
              onFollowEnd={endFollow}
            />
            <MapPick onPick={areaPick.pick} />
            <CursorReadout />
            <CameraBridge onReady={setCamera} />
            <LiveLegend />
            {picking.kind === 'rect' && (
              <div className="hint" role="status">
                Click the {picking.first ? 'opposite' : 'first'} corner of the area. Esc to cancel.
              </div>
            )}
            {picking.kind === 'point' && (
              <div className="hint" role="status">
                Click the map where it happened. Esc to cancel.
              </div>
            )}
            {picking.kind === 'point' && (
              <div className="hint" role="status">
                Click the map where it happened. Esc to cancel.
              </div>
            )}
            {picking.kind === 'plan' && (
              <div className="hint" role="status">
                Click a sector, cordon or other area of the plan. Esc to cancel.
              </div>
            )}
            {followId && selected && (
              <div className="follow-hint" role="status">
                Following {selected.callSign}: drag the map or press Esc to stop.
              </div>
            )}
          </MapView>
        </div>
        <aside className="inspector" aria-label="Unit details">
          {selected ? (
            <UnitPanel
              key={selected.id}
              unit={selected}
              now={now}
              frozen={frozen}
              plan={plan}
              phaseId={phaseChoice === 'running' || phaseChoice === 'all' ? null : phaseChoice}
              areas={areas}
              recent={replay ? replay.track(selected.id).map((u) => ({ t: u.timeMs, lon: u.lon, lat: u.lat })) : store.trail(selected.id)}
              following={followId === selected.id}
              onFollow={(on) => setFollowId(on ? selected.id : null)}
              onCentre={() => camera?.flyTo(selected.lon, selected.lat, 17)}
              onClose={() => setSelectedId(null)}
              {...(replay
                ? {}
                : {
                    loadHistory: async (minutes: number) => {
                      const r = await session.history({ fromMs: Date.now() - minutes * 60_000, toMs: Date.now(), unitIds: [selected.id] });
                      return r.ok ? { positions: r.value.value.positions, truncated: r.value.value.truncated } : r.error;
                    },
                  })}
            />
          ) : (
            <div className="section">
              <h2>Unit</h2>
              <p className="muted">
                {liveOp
                  ? 'Click a unit on the map, or find it by call sign on the left. Click a group (PSU or serial) to zoom into it.'
                  : 'Choose the operation to watch on the left.'}
              </p>
            </div>
          )}
        </aside>
      </div>
      <footer className="status-bar" aria-label="Live status" data-testid="live-status">
        <span
          className={view.kind === 'connected' ? 'link-ok' : view.kind === 'stalled' || view.kind === 'connecting' ? 'link-warn' : 'link-bad'}
          data-testid="link-state"
        >
          {view.kind === 'connected' && 'Connected'}
          {view.kind === 'connecting' && 'Connecting…'}
          {view.kind === 'stalled' && `No data since ${hhmmss(view.lastMessageAt)}`}
          {view.kind === 'down' && `Link down since ${hhmmss(view.since)}`}
          {view.kind === 'rejected' && 'Refused by the server'}
          {view.kind === 'ended' && 'Access ended'}
        </span>
        {view.kind === 'connected' && session.cluster.state === 'down' && (
          <span className="link-bad" data-testid="cluster-state">
            Cluster link down since {hhmmss(session.cluster.since)}: own sources only
          </span>
        )}
        <span title={liveOp}>{liveOp ? (plan?.operation.name ?? `Operation ${liveOp}`) : 'No operation chosen'}</span>
        <span>{store.units.size} units</span>
        {store.seq !== null && <span>Update #{store.seq}</span>}
        {store.lastMessageAt !== null && <span>Last message {hhmmss(store.lastMessageAt)}</span>}
        {stats && stats.invalidMessages + stats.invalidItems > 0 && (
          <span className="warning" title={session.problems[0]?.text}>
            {stats.invalidMessages + stats.invalidItems} invalid item(s) dropped
          </span>
        )}
        {stats && stats.resyncs > 0 && <span>{stats.resyncs} resync(s)</span>}
        <span className="muted">
          {session.store.you
            ? `Connected as ${session.store.you.name} (${session.store.you.role})`
            : settings.server.userName
              ? `At the screen: ${settings.server.userName}`
              : ''}
        </span>
      </footer>
    </>
  );
}
