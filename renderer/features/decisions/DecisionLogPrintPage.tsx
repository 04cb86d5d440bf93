/**
 * The decision-log print view (`#/print-log/...`, printLogRoute.ts): one log, from the verified copy this workstation
 * keeps, as the standalone "Decision log" document (shared/decisionLog/print.ts: marking, "Page n of N" and the root
 * hash in the page margins). Electron's hidden print window waits for <html data-print-state="ready"> and prints it
 * with printToPDF (electron/printPdf.ts), the same path as the briefing pack.
 *
 * Why inserting the document's markup is safe here: decisionLogHtml escapes every text it takes from an entry, the
 * markup is re-serialised by an inert DOMParser document (no script there runs), and the page's Content-Security-Policy
 * (electron/security.ts: script-src 'self', no 'unsafe-inline') refuses inline scripts and event handlers anyway. No
 * frame is needed, so frame-src 'none' stays closed.
 *
 * The document goes into a shadow root so that the app's own styles (the Decisions workspace's `.entry` cards, the
 * theme) do not restyle it; its @page rules (size, margin boxes) only work at document level, so its style is put
 * there as well.
 */
import { useEffect, useRef, useState } from 'react';
import { decisionLogHtml, logLabel } from '../../../shared/decisionLog';
import { openCordonDb, readCachedLogs } from '../../data';
import type { PrintLogRoute } from '../../../shared/decisionLog/printLogRoute';

type State = { phase: 'loading' } | { phase: 'ready'; css: string; body: string; title: string } | { phase: 'error'; error: string };

export function DecisionLogPrintPage({ route }: { route: PrintLogRoute }) {
  const [state, setState] = useState<State>({ phase: 'loading' });
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.documentElement.classList.add('print-doc');
    const db = openCordonDb();
    let live = true;
    readCachedLogs(db, route.operationId).then(
      (kept) => {
        if (!live) return;
        const log = kept.logs.find((l) => l.logId === route.logId);
        if (!log) {
          const problem = kept.problems.find((p) => p.startsWith(`${route.logId}:`));
          setState({
            phase: 'error',
            error:
              problem ?? `No verified copy of the ${logLabel(route.logId)} log is kept on this computer: open it in Decisions while connected, then print.`,
          });
          return;
        }
        const html = decisionLogHtml({
          operationId: route.operationId,
          logId: route.logId,
          marking: route.marking,
          entries: log.entries,
          rootHash: log.rootHash,
          checkpoint: log.checkpoint,
          printedAt: new Date().toISOString(),
          ...(route.upTo ? { upTo: route.upTo } : {}),
        });
        const doc = new DOMParser().parseFromString(html, 'text/html');
        setState({ phase: 'ready', css: doc.querySelector('style')?.textContent ?? '', body: doc.body.innerHTML, title: doc.title });
      },
      (e: unknown) => live && setState({ phase: 'error', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
      db.close();
    };
  }, [route]);

  useEffect(() => {
    const html = document.documentElement;
    if (state.phase === 'ready') {
      const el = host.current;
      if (!el) return;
      const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
      // Escaped markup from decisionLogHtml (see the header for why this is safe).
      root.innerHTML = `<style>${state.css}</style>${state.body}`;
      document.title = state.title;
      html.dataset.printInfo = JSON.stringify({ title: state.title, marking: route.marking });
    }
    if (state.phase === 'error') html.dataset.printError = state.error;
    html.dataset.printState = state.phase;
  }, [state, route.marking]);

  if (state.phase === 'loading') return <p role="status">Reading the decision log…</p>;
  if (state.phase === 'error') return <p role="alert">The decision log could not be printed: {state.error}</p>;
  return (
    <>
      <style>{state.css}</style>
      <div ref={host} className="decision-log-print" data-testid="decision-log-print-view" />
    </>
  );
}
