/**
 * The Plan workspace: tools and lists on the left, the map in the middle, the selected feature's properties on the
 * right, phases along the bottom. Every edit goes through `session.run` (one command registry, saved at once).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FEATURE_KINDS, newId, type FeatureProps, type PlanFeature, type PlanGeometry } from '../../../shared/domain';
import { bufferGeometry, circleRadiusM } from '../../../shared/geo';
import { providePlanCommands } from '../../app/commandBus';
import { isTypingTarget } from '../../app/shortcuts';
import type { PlanSession } from '../../app/session';
import { diffBundles, type CordonDb, type PropsEdit } from '../../data';
import { MapView } from '../../map/MapView';
import { PlanLayers } from '../../map/PlanLayers';
import { CursorReadout } from '../../map/CursorReadout';
import { MapPick } from '../../map/MapPick';
import { CameraBridge, type Camera } from '../../map/CameraBridge';
import { DrawController } from '../../map/draw/DrawController';
import { DRAW_TOOLS, toolById, type DrawTool } from '../../map/draw/tools';
import { defaultPropsFor } from '../../map/symbology';
import type { Settings } from '../settings/settings';
import { AssignmentsTab } from '../assignments/AssignmentsTab';
import { PhasesTab } from '../phases/PhasesTab';
import { UnitsTab } from '../units/UnitsTab';
import { PowersTab } from '../powers/PowersTab';
import { FeaturesTab } from './FeaturesTab';
import { GoToDialog } from './GoToDialog';
import { HistoryTab } from './HistoryTab';
import { Legend } from './Legend';
import { PhaseTimeline } from './PhaseTimeline';
import { PropertiesPanel, type FeatureChanges } from './PropertiesPanel';
import { WarningsTab } from './WarningsTab';
import { useFileCommands } from './useFileCommands';
import { useValidation } from './useValidation';
import { draftState } from '../versions/draftState';
import { PublishDialog } from '../versions/PublishDialog';
import { usePlanVersions } from '../versions/usePlanVersions';
import { VersionBar } from '../versions/VersionBar';
import { PresenceOutlines } from '../../map/PresenceOutlines';
import { outlinesOf } from '../presence/presence';
import { AlsoSelected, PresenceStrip } from '../presence/PresenceStrip';
import { usePresence } from '../presence/usePresence';
import { VersionsSection } from '../versions/VersionsSection';
import { SyncSection } from '../sync/SyncSection';
import { AuditHistoryButton } from './AuditHistoryButton';
import type { Sync } from '../sync/useSync';

const TABS = { features: 'Plan', units: 'Units', phases: 'Phases', assign: 'Assign', warnings: 'Warnings', history: 'History', powers: 'Powers' } as const;
type Tab = keyof typeof TABS;

interface Props {
  db: CordonDb;
  session: PlanSession;
  settings: Settings;
  report: (error: string) => void;
  inform: (text: string) => void;
  /** Opens another operation (Open shared operation…). */
  onOpenOperation?: (operationId: string) => void;
  /** The open operation's sync with the planning cell (run by the app shell). */
  sync: Sync;
  /** Opens the Audit view following an object; absent when this person may not read this operation's audit trail. */
  onAuditHistory?: (object: string) => void;
}

function nextName(kind: PlanFeature['kind'], features: readonly PlanFeature[]): string {
  const n = features.filter((f) => f.kind === kind).length + 1;
  return kind === 'sector' ? `Sector ${n}` : `${FEATURE_KINDS[kind]} ${n}`;
}

export function PlanWorkspace({ db, session, settings, report, inform, onOpenOperation, sync, onAuditHistory }: Props) {
  const { bundle } = session;
  const [tab, setTab] = useState<Tab>('features');
  const [toolId, setToolId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [phaseId, setPhaseId] = useState<string | null>(null);
  const [goTo, setGoTo] = useState(false);
  const [camera, setCamera] = useState<Camera | null>(null);
  const [placing, setPlacing] = useState<{ featureId: string; accessPointId: string } | null>(null);
  const features = useMemo(() => bundle?.features ?? [], [bundle]);
  const selected = features.find((f) => f.id === selectedId) ?? null;
  const tool = toolById(toolId) ?? null;
  const warnings = useValidation(bundle);
  const fileCommands = useFileCommands({ bundle, session, report, inform, onImported: (gs) => camera?.fitAll(gs) });

  const select = useCallback((id: string | null) => setSelectedId(id), []);
  // Versions on the command server: "Draft since vN" while the working copy differs from the latest.
  const versions = usePlanVersions(settings.server, bundle?.operation.id ?? null, report);
  // Who else has this operation open, and what they have selected (outlined on the map in their colour).
  const others = usePresence(bundle?.operation.id ?? null, 'plan', selectedId ? [selectedId] : [], settings.server);
  const outlines = useMemo(() => outlinesOf(others), [others]);
  const featureName = useCallback((id: string) => features.find((f) => f.id === id)?.name, [features]);
  const [publishing, setPublishing] = useState(false);
  const draft = useMemo(() => draftState(bundle, versions.versions, versions.latestPlan, diffBundles), [bundle, versions.versions, versions.latestPlan]);

  // Opening an operation shows its whole plan.
  const framed = useRef(false);
  useEffect(() => {
    if (framed.current || !camera || !bundle) return;
    framed.current = true;
    if (bundle.features.length > 0)
      camera.fitAll(
        bundle.features.map((f) => f.geometry),
        { animate: false },
      );
  }, [camera, bundle]);
  const show = useCallback(
    (id: string) => {
      setSelectedId(id);
      const f = features.find((x) => x.id === id);
      if (f) camera?.fitGeometry(f.geometry);
    },
    [features, camera],
  );

  const created = useCallback(
    async (t: DrawTool, geometry: PlanGeometry) => {
      if (!bundle) return;
      const props = { ...defaultPropsFor(t.kind), ...(t.cordonType ? { cordonType: t.cordonType } : {}) };
      if (t.kind === 'route') props.paceKmh = settings.defaultPaceKmh;
      if (t.kind === 'circle' && geometry.type === 'Polygon') props.radiusM = Math.round(circleRadiusM(geometry));
      const feature = { id: newId(), kind: t.kind, name: nextName(t.kind, bundle.features), phaseIds: phaseId ? [phaseId] : [], geometry, props };
      if (await session.run('feature.add', { ...feature, label: `Draw ${t.label.toLowerCase()}` })) {
        setSelectedId(feature.id);
        setToolId(null);
      }
    },
    [bundle, session, phaseId, settings.defaultPaceKmh],
  );

  const reshaped = useCallback(
    (id: string, geometry: PlanGeometry) => {
      const f = features.find((x) => x.id === id);
      // A circle keeps its radius figure true to its shape.
      const radius = f?.kind === 'circle' && geometry.type === 'Polygon' ? { radiusM: Math.round(circleRadiusM(geometry)) } : undefined;
      void session.run('feature.update', { id, changes: { geometry }, ...(radius ? { propsEdit: radius } : {}), label: 'Reshape' });
    },
    [session, features],
  );
  const change = useCallback(
    (changes: FeatureChanges, label: string, propsEdit?: PropsEdit) =>
      selected && void session.run('feature.update', { id: selected.id, changes, label, ...(propsEdit ? { propsEdit } : {}) }),
    [session, selected],
  );
  const remove = useCallback(async () => {
    if (!selected) return;
    if (await session.run('feature.delete', { ids: [selected.id] })) {
      inform(`${selected.name || 'Feature'} deleted. Undo with Ctrl+Z.`);
      setSelectedId(null);
    }
  }, [selected, session, inform]);

  const buffer = useCallback(
    async (metres: number) => {
      if (!selected || !bundle) return;
      const r = bufferGeometry(selected.geometry, metres);
      if (!r.ok) return report(r.error);
      const feature = {
        id: newId(),
        kind: 'cordon' as const,
        name: `${selected.name} ${metres} m cordon`,
        notes: `Made by buffering ${selected.name} by ${metres} m.`,
        phaseIds: selected.phaseIds,
        bronze: selected.bronze,
        geometry: r.value,
        props: { cordonType: 'outer' as const, accessPoints: [] },
      };
      if (await session.run('feature.add', { ...feature, label: `Buffer ${selected.name} by ${metres} m` })) setSelectedId(feature.id);
    },
    [selected, bundle, session, report],
  );

  const placeAccessPoint = useMemo(() => {
    if (!placing) return null;
    return (lon: number, lat: number) => {
      setPlacing(null);
      const f = features.find((x) => x.id === placing.featureId);
      if (!f) return;
      const place = (stored: FeatureProps) => ({
        accessPoints: (stored.accessPoints ?? []).map((ap) => (ap.id === placing.accessPointId ? { ...ap, position: [lon, lat] as [number, number] } : ap)),
      });
      void session.run('feature.update', { id: f.id, changes: {}, propsEdit: place, label: 'Place access point' });
    };
  }, [placing, features, session]);

  // The command table's plan-only commands (File > Import, Edit > Delete, View > Go to) act on this workspace's state.
  const { importFile } = fileCommands;
  useEffect(() => providePlanCommands({ importFile, deleteSelection: () => void remove(), openGoTo: () => setGoTo(true) }), [importFile, remove]);

  // Single-key tool shortcuts, and Escape to put the pen down.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') {
        setPlacing(null);
        return setToolId(null);
      }
      const t = DRAW_TOOLS.find((x) => x.key === e.key.toLowerCase());
      if (t) setToolId(t.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The map starts at once, in parallel with reading the operation from IndexedDB.
  return (
    <>
      <div className="workspace">
        <aside className="sidebar" aria-label="Plan tools">
          <VersionBar state={draft} canPublish={!!bundle && versions.connected} onPublish={() => setPublishing(true)} refused={versions.refused} />
          <PresenceStrip others={others} nameOf={featureName} />
          <SyncSection
            db={db}
            sync={sync}
            server={settings.server}
            bundle={bundle}
            report={report}
            inform={inform}
            {...(onOpenOperation ? { onOpenOperation } : {})}
          />
          <div className="tabs" role="tablist">
            {(Object.keys(TABS) as Tab[]).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
                {TABS[t]}
                {t === 'warnings' && warnings.length > 0 ? ` (${warnings.length})` : ''}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {!bundle && <p className="section muted">Loading the operation…</p>}
            {bundle && tab === 'features' && <FeaturesTab features={features} toolId={toolId} onTool={setToolId} selectedId={selectedId} onSelect={show} />}
            {bundle && tab === 'units' && <UnitsTab bundle={bundle} session={session} {...(sync.shared && onAuditHistory ? { onAuditHistory } : {})} />}
            {bundle && tab === 'phases' && <PhasesTab bundle={bundle} session={session} />}
            {bundle && tab === 'assign' && <AssignmentsTab bundle={bundle} session={session} phaseId={phaseId} selectedFeatureId={selectedId} />}
            {bundle && tab === 'warnings' && <WarningsTab warnings={warnings} onShow={show} />}
            {bundle && tab === 'history' && (
              <>
                <VersionsSection pv={versions} bundle={bundle} report={report} />
                <HistoryTab db={db} operationId={bundle.operation.id} version={bundle} report={report} />
              </>
            )}
            {bundle && tab === 'powers' && <PowersTab bundle={bundle} session={session} selectedFeatureId={selectedId} />}
          </div>
        </aside>
        <MapView basemap={settings.basemap} theme={settings.theme}>
          <PlanLayers features={features} phaseId={phaseId} selectedId={selectedId} onSelect={select} selectionEnabled={!tool && !placing} />
          <PresenceOutlines features={features} outlines={outlines} />
          <MapPick onPick={placeAccessPoint} />
          <DrawController tool={tool} editing={placing ? null : selected} features={features} onCreated={(t, g) => void created(t, g)} onReshaped={reshaped} />
          <CursorReadout />
          <CameraBridge onReady={setCamera} />
          <Legend features={features} />
          {tool && (
            <div className="hint" role="status">
              {tool.label}: {tool.hint} Esc to cancel.
            </div>
          )}
          {placing && (
            <div className="hint" role="status">
              Click on the map where the access point is. Esc to cancel.
            </div>
          )}
        </MapView>
        <aside className="inspector" aria-label="Properties">
          {selected && <AlsoSelected others={others} featureId={selected.id} />}
          {selected && bundle && sync.shared && onAuditHistory && (
            <AuditHistoryButton row={{ operationId: bundle.operation.id, table: 'features', key: selected.id }} what="feature" onOpen={onAuditHistory} />
          )}
          {selected && bundle ? (
            <PropertiesPanel
              feature={selected}
              bundle={bundle}
              onChange={change}
              onDelete={() => void remove()}
              onBuffer={(m) => void buffer(m)}
              onZoom={() => camera?.fitGeometry(selected.geometry)}
              onPlaceAccessPoint={(accessPointId) => setPlacing({ featureId: selected.id, accessPointId })}
            />
          ) : (
            <div className="section">
              <h2>Properties</h2>
              <p className="muted">Select a feature on the map or in the list, or pick a drawing tool on the left. Ctrl+G goes to a grid reference.</p>
              <button className="btn" onClick={() => setGoTo(true)} data-testid="open-go-to">
                Go to…
              </button>
            </div>
          )}
        </aside>
      </div>
      <PhaseTimeline phases={bundle?.phases ?? []} phaseId={phaseId} onChange={setPhaseId} />
      {goTo && <GoToDialog features={features} onClose={() => setGoTo(false)} onFeature={show} onPoint={(lon, lat) => camera?.flyTo(lon, lat)} />}
      {fileCommands.dialog}
      {publishing && bundle && (
        <PublishDialog
          bundle={bundle}
          latest={versions.versions?.at(-1)?.version ?? null}
          publish={versions.publish}
          onPublished={(v) => inform(`Published version ${v} of ${bundle.operation.name}.`)}
          onClose={() => setPublishing(false)}
        />
      )}
    </>
  );
}
