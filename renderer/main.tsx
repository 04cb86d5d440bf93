import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { CrashScreen } from './app/CrashScreen';
import { PrintPage } from './features/brief/PrintPage';
import { parsePrintHash } from './features/brief/printRoute';
import { DecisionLogPrintPage } from './features/decisions/DecisionLogPrintPage';
import { parsePrintLogHash } from '../shared/decisionLog/printLogRoute';
import './app/theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('Cordon: #root element missing from index.html');
// `#/print/<operationId>` is the briefing pack's print view (opened by Electron's hidden print window and web mode's
// print tab); everything else is the app.
const print = parsePrintHash(window.location.hash);
// `#/print-log/<operationId>/<logId>` is one decision log's print view (Electron's hidden print window).
const printLog = parsePrintLogHash(window.location.hash);
createRoot(root).render(
  <StrictMode>
    <CrashScreen>{print ? <PrintPage route={print} /> : printLog ? <DecisionLogPrintPage route={printLog} /> : <App />}</CrashScreen>
  </StrictMode>,
);
