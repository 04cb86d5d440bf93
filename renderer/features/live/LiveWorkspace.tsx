/**
 * The Live workspace: the control room's picture. Units on the map over the plan, how fresh each is, alerts, a
 * unit's details, and replay of recorded history. Filters, trails and search on the left; the selected unit on the
 * right; the link state in a banner no one can mistake for units going silent, and in the status bar.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FEATURE_KINDS, type OperationBundle, type PlanGeometry, type ProtectiveMarking } from '../../../shared/domain';
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
import { NO_FILTER, type LiveFilter } from './filters';
import { hhmmss } from './format';
import { rectangle, type Rings } from './geometry';
import { truncationNotice } from './historyNotice';
import { EmergencyStrip, LinkBanner, linkBannerShown, LiveLegend } from './LiveOverlays';
import { phaseAt, plannedTypes, sectorAt, sectorsOf } from './planContext';
import { Replay, replayStep, type ReplaySpeed } from './replay';
import { ReplayTab, type AreaChoice } from './ReplayTab';
import { UnitPanel } from './UnitPanel';
import { UnitsTab } from './UnitsTab';
import { useLive } from './useLive';
import './live.css';

const TABS = { units: 'Units', alerts: 'Alerts', replay: 'Replay' } as const;
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

type Picking = { kind: 'none' } | { kind: 'rect'; first: [number, number] | null } | { kind: 'plan' };

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
  const [replay, setReplay] = useState<Replay | null>(null);
  const [replayT, setReplayT] = useState(0);
  /** Positions loaded so far while a replay window loads page by page (null: not loading). */
  const [replayLoaded, setReplayLoaded] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(10);
  const [area, setArea] = useState<AreaChoice | null>(null);
  const [picking, setPicking] = useState<Picking>({ kind: 'none' });

  const watch = useCallback((id: string) => {
    setLiveOp(id);
    if (id) localStorage.setItem(LIVE_OPERATION, id);
    else localStorage.removeItem(LIVE_OPERATION);
    setSelectedId(null);
    setFollowId(null);
    setReplay(null);
  }, []);

  // The plan: the one the server measures against, else the one open here (if it is the same operation).
  const plan = useMemo(() => {
    void store.planVersion;
    return store.plan ?? (bundle && bundle.operation.id === liveOp ? bundle : null);
    // planVersion changes when the server sends a plan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, store.planVersion, bundle, liveOp]);
  const sectors = useMemo(() => sectorsOf(plan), [plan]);
  const planMarking = plan?.operation.marking ?? null;
  useEffect(() => onMarking?.(planMarking), [onMarking, planMarking]);
  const sectorOf = useCallback((lon: number, lat: number) => sectorAt(lon, lat, sectors), [sectors]);
  const types = useMemo(() => plannedTypes(plan), [plan]);
  const planAreas = useMemo(
    () =>
      (plan?.features ?? [])
        .filter((f) => f.geometry.type === 'Polygon' && f.kind !== 'annotation')
        .map((f) => ({ id: f.id, label: `${FEATURE_KINDS[f.kind]}: ${f.name || 'unnamed'}`, rings: (f.geometry as { coordinates: Rings }).coordinates })),
    [plan],
  );

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

  const feed = replay ?? store;
  const clock = useMemo(() => (replay ? () => replay.time : session.clock), [replay, session.clock]);
  const now = clock();
  const view = store.linkView(Date.now());
  const frozen = !replay && (view.kind === 'down' || view.kind === 'stalled' || view.kind === 'rejected');
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

  // Replay: load, play, seek.
  const loadReplay = useCallback(
    async (fromMs: number, toMs: number) => {
      setReplayLoaded(0);
      const r = await session.history({ fromMs, toMs, onProgress: setReplayLoaded }).finally(() => setReplayLoaded(null));
      if (!r.ok) return r.error;
      const { positions, alerts: recorded } = r.value.value;
      const rp = new Replay(positions, recorded, fromMs, toMs);
      rp.moveTo(rp.firstUsefulTime);
      setReplay(rp);
      setReplayT(rp.time);
      setPlaying(false);
      const cut = truncationNotice(r.value.value);
      if (cut) inform(cut);
      if (r.value.dropped > 0) inform(`${r.value.dropped} invalid recorded item(s) were left out.`);
      return null;
    },
    [session, inform],
  );
  const seek = useCallback(
    (t: number) => {
      replay?.moveTo(t);
      setReplayT(replay?.time ?? t);
    },
    [replay],
  );
  useEffect(() => {
    if (!replay || !playing) return;
    let last = performance.now();
    const t = setInterval(() => {
      const at = performance.now();
      const step = replayStep(replay.time, at - last, speed, replay.toMs);
      last = at;
      replay.moveTo(step.t);
      setReplayT(step.t);
      if (step.ended) setPlaying(false);
    }, 200);
    return () => clearInterval(t);
  }, [replay, playing, speed]);

  // Picking an area for "who was inside".
  const pick = useMemo(() => {
    if (picking.kind !== 'rect') return null;
    return (lon: number, lat: number) => {
      if (!picking.first) return setPicking({ kind: 'rect', first: [lon, lat] });
      setArea({ label: 'Drawn rectangle', rings: rectangle(picking.first, [lon, lat]) });
      setPicking({ kind: 'none' });
    };
  }, [picking]);
  const pickPlanArea = useCallback(
    (id: string | null) => {
      const a = planAreas.find((x) => x.id === id);
      if (!a) return;
      setArea({ label: a.label, rings: a.rings });
      setPicking({ kind: 'none' });
    },
    [planAreas],
  );

  // Escape puts down what is in hand: a pick, then following, then the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || isTypingTarget(e.target)) return;
      if (picking.kind !== 'none') return setPicking({ kind: 'none' });
      if (followId) return setFollowId(null);
      setSelectedId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picking, followId]);

  const stats = session.stats;
  const mapClass = replay ? 'replaying' : view.kind === 'down' || view.kind === 'rejected' ? 'link-down' : view.kind === 'stalled' ? 'link-stalled' : '';
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
              <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`live-tab-${t}`} className={t === 'alerts' && emergencies.length > 0 ? 'flash' : undefined}>
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
            {tab === 'replay' && (
              <ReplayTab
                replay={replay}
                onLoad={loadReplay}
                loaded={replayLoaded}
                onExit={() => {
                  setReplay(null);
                  setPlaying(false);
                }}
                time={replayT}
                onTime={seek}
                playing={playing}
                onPlaying={setPlaying}
                speed={speed}
                onSpeed={setSpeed}
                planAreas={planAreas}
                area={area}
                onArea={setArea}
                onDrawRectangle={() => setPicking({ kind: 'rect', first: null })}
                onPickPlanArea={() => setPicking(picking.kind === 'plan' ? { kind: 'none' } : { kind: 'plan' })}
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
            {banner}
            {emergencies.length > 0 && <EmergencyStrip alerts={emergencies} below={bannerShown} onShow={showAlert} {...(mayAcknowledge(session.store.you) ? { onAck: (a: Alert) => void ackAlert(a) } : {})} />}
          </div>
          <MapView basemap={settings.basemap} theme={settings.theme} onBasemapError={report}>
            <PlanLayers features={plan?.features ?? []} phaseId={phaseId} selectedId={null} onSelect={pickPlanArea} selectionEnabled={picking.kind === 'plan'} />
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
              area={area?.rings ?? null}
              interactive={picking.kind === 'none'}
              onSelect={select}
              onFollowEnd={endFollow}
            />
            <MapPick onPick={pick} />
            <CursorReadout />
            <CameraBridge onReady={setCamera} />
            <LiveLegend />
            {picking.kind === 'rect' && (
              <div className="hint" role="status">
                Click the {picking.first ? 'opposite' : 'first'} corner of the area. Esc to cancel.
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
              sectors={sectors}
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
                {liveOp ? 'Click a unit on the map, or find it by call sign on the left. Click a group (PSU or serial) to zoom into it.' : 'Enter the operation to watch on the left.'}
              </p>
            </div>
          )}
        </aside>
      </div>
      <footer className="status-bar" aria-label="Live status" data-testid="live-status">
        <span className={view.kind === 'connected' ? 'link-ok' : view.kind === 'stalled' || view.kind === 'connecting' ? 'link-warn' : 'link-bad'} data-testid="link-state">
          {view.kind === 'connected' && 'Connected'}
          {view.kind === 'connecting' && 'Connecting…'}
          {view.kind === 'stalled' && `No data since ${hhmmss(view.lastMessageAt)}`}
          {view.kind === 'down' && `Link down since ${hhmmss(view.since)}`}
          {view.kind === 'rejected' && 'Refused by the server'}
        </span>
        {view.kind === 'connected' && session.cluster.state === 'down' && (
          <span className="link-bad" data-testid="cluster-state">
            Cluster link down since {hhmmss(session.cluster.since)}: own sources only
          </span>
        )}
        <span>{liveOp ? `Operation ${liveOp}` : 'No operation chosen'}</span>
        <span>{store.units.size} units</span>
        {store.seq !== null && <span>Update #{store.seq}</span>}
        {store.lastMessageAt !== null && <span>Last message {hhmmss(store.lastMessageAt)}</span>}
        {stats && stats.invalidMessages + stats.invalidItems > 0 && (
          <span className="warning" title={session.problems[0]?.text}>
            {stats.invalidMessages + stats.invalidItems} invalid item(s) dropped
          </span>
        )}
        {stats && stats.resyncs > 0 && <span>{stats.resyncs} resync(s)</span>}
        <span className="muted">{settings.server.userName ? `Signed in as ${settings.server.userName}` : 'No user name set (Settings)'}</span>
      </footer>
    </>
  );
}
