/**
 * The print view: a page of its own (`#/print/<operationId>`) that reads the operation from IndexedDB, renders every
 * map off-screen at print resolution (with progress and a Cancel button, shown on screen only), then lays out the
 * pack and says so on <html data-print-state="ready">. Nothing is printed or saved before everything is ready.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import { loadBundle, openCordonDb, readCachedLogs, type CachedLogs } from '../../data';
import { decisionLogAnnex } from '../../../shared/brief/decisionAnnex';
import { planLogs } from '../../../shared/decisionLog/planLogs';
import { renderPrintMaps, PrintCancelled } from '../../map/print/renderPrintMaps';
import { readSettings } from '../settings/settings';
import { BriefPack, type PrintedMapImage } from './BriefPack';
import { buildPackModel, MAP_PIXEL_RATIO } from './packModel';
import type { PrintInfo, PrintRoute } from './printRoute';
import { markingText } from '../../../shared/brief/marking';
import './pack.css';

type State =
  { phase: 'loading' } | { phase: 'maps'; done: number; total: number } | { phase: 'ready' } | { phase: 'error'; error: string } | { phase: 'cancelled' };

export function PrintPage({ route }: { route: PrintRoute }) {
  const [bundle, setBundle] = useState<OperationBundle | null>(null);
  const [kept, setKept] = useState<CachedLogs | null>(null);
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [maps, setMaps] = useState<ReadonlyMap<string, PrintedMapImage>>(new Map());
  const [attribution, setAttribution] = useState<string[]>([]);
  const abort = useRef<AbortController | null>(null);
  const producedAt = useMemo(() => new Date().toISOString(), []);

  useEffect(() => {
    document.documentElement.classList.add('print-doc');
    document.documentElement.dataset.printState = 'loading';
    const db = openCordonDb();
    let live = true;
    // The decision logs as last verified here (the pack prints offline); a copy that cannot be read is named in the
    // annex, and does not stop the pack.
    void Promise.all([
      loadBundle(db, route.operationId),
      readCachedLogs(db, route.operationId).catch((e: unknown): CachedLogs => ({
        logs: [],
        lastFetched: null,
        problems: [`the kept copy could not be read (${e instanceof Error ? e.message : String(e)})`],
      })),
    ]).then(
      ([b, logs]) => {
        if (!live) return;
        if (!b) setState({ phase: 'error', error: 'That operation does not exist in this browser.' });
        else {
          setKept(logs);
          setBundle(b);
        }
      },
      (e: unknown) => live && setState({ phase: 'error', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
      db.close();
    };
  }, [route.operationId]);

  const model = useMemo(
    () => (bundle ? buildPackModel(bundle, { paper: route.paper ?? undefined, maxMaps: route.maxMaps ?? undefined }) : null),
    [bundle, route.paper, route.maxMaps],
  );

  useEffect(() => {
    if (!model) return;
    const controller = new AbortController();
    abort.current = controller;
    const { settings } = readSettings(localStorage);
    const t0 = performance.now();
    setState({ phase: 'maps', done: 0, total: model.frames.length });
    renderPrintMaps(
      model.frames.map((f) => ({
        key: f.key,
        camera: f.camera,
        phaseId: f.phaseId,
        features: model.bundle.features.filter((x) => f.featureIds.includes(x.id)),
      })),
      {
        basemap: settings.basemap,
        pixelRatio: MAP_PIXEL_RATIO,
        signal: controller.signal,
        onProgress: (done, total) => setState({ phase: 'maps', done, total }),
      },
    ).then(
      (r) => {
        performance.measure('cordon:print-maps', { start: t0, end: performance.now() });
        setMaps(new Map(r.maps.map((m) => [m.key, m])));
        setAttribution(r.attribution);
        setState({ phase: 'ready' });
      },
      (e: unknown) => setState(e instanceof PrintCancelled ? { phase: 'cancelled' } : { phase: 'error', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => controller.abort();
  }, [model]);

  const decisions = useMemo(
    () =>
      bundle && kept
        ? decisionLogAnnex({ upTo: producedAt, kept: kept.logs, lastFetched: kept.lastFetched, problems: kept.problems, planned: planLogs(bundle) })
        : null,
    [bundle, kept, producedAt],
  );

  // Publish readiness only once the images in the pack have decoded.
  useEffect(() => {
    const html = document.documentElement;
    if (state.phase !== 'ready' || !model) {
      html.dataset.printState = state.phase;
      if (state.phase === 'error') html.dataset.printError = state.error;
      return;
    }
    let live = true;
    const images = [...document.querySelectorAll<HTMLImageElement>('.pack img')];
    void Promise.all(images.map((img) => img.decode().catch(() => undefined))).then(() => {
      if (!live) return;
      const op = model.bundle.operation;
      const info: PrintInfo = {
        marking: op.marking,
        caveat: markingText(op).caveat,
        title: op.name,
        version: model.briefing.version,
        copy: route.copy,
        paper: model.paper,
      };
      html.dataset.printInfo = JSON.stringify(info);
      html.dataset.printState = 'ready';
      performance.mark('cordon:print-ready');
      if (route.autoprint) window.print();
    });
    return () => {
      live = false;
    };
  }, [state, model, route.copy, route.autoprint]);

  useEffect(() => {
    if (model) document.title = `${model.bundle.operation.marking} ${model.bundle.operation.name} briefing pack v${model.briefing.version}`;
  }, [model]);

  return (
    <>
      {state.phase !== 'ready' && (
        <div className="print-progress" role="status" data-testid="print-progress">
          {state.phase === 'loading' && <span>Reading the operation…</span>}
          {state.phase === 'maps' && (
            <>
              <span>
                Drawing maps {state.done} of {state.total}…
              </span>
              <progress max={state.total} value={state.done} />
              <button type="button" onClick={() => abort.current?.abort()} data-testid="print-cancel">
                Cancel
              </button>
            </>
          )}
          {state.phase === 'cancelled' && <span>Export cancelled. Nothing was printed or saved.</span>}
          {state.phase === 'error' && <span role="alert">The pack could not be made: {state.error}</span>}
        </div>
      )}
      {model && decisions && state.phase === 'ready' && (
        <BriefPack
          model={model}
          maps={maps}
          attribution={attribution}
          copy={route.copy}
          furniture={route.furniture}
          producedAt={producedAt}
          decisions={decisions}
        />
      )}
    </>
  );
}
