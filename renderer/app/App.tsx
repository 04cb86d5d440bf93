/**
 * The application shell: protective marking at top and bottom, the top bar, the current screen (operations list or
 * the Plan workspace), messages, and the routing of menu commands and shortcuts.
 */
import { markingText, type MarkingText } from '../../shared/brief/marking';
import { MarkingBar } from './MarkingBar';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getOperation, openCordonDb } from '../data';
import type { ProtectiveMarking } from '../../shared/domain';
import { platform } from '../platform';
import { readSettings, writeSettings, type Settings } from '../features/settings/settings';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { OperationsScreen } from '../features/operations/OperationsScreen';
import { OperationDialog } from '../features/operations/OperationDialog';
import { PlanWorkspace } from '../features/plan/PlanWorkspace';
import { BriefWorkspace } from '../features/brief/BriefWorkspace';
import { LiveWorkspace } from '../features/live/LiveWorkspace';
import { DecisionsWorkspace } from '../features/decisions/DecisionsWorkspace';
import { onDecisionDraft, openDecisionDraft } from '../features/decisions/draftBus';
import { powerDecisionDraft } from '../features/decisions/powerDecisionDraft';
import { onPowerDecision } from '../features/powers/powerDecisions';
import { dispatchCommand, planCommands, setCommandRunner } from './commandBus';
import { isTypingTarget, shortcutFor } from './shortcuts';
import { appCommand, enabledCommands, isEnabled, plainLabel, type CommandScope, type Workspace } from '../../shared/commands/appCommands';
import type { MenuCommand } from '../../shared/ipc/contract';
import { createCommandHandlers } from './commands/handlers';
import { exportOperation } from './commands/exportOperation';
import { CommandPalette } from './commands/CommandPalette';
import { AboutDialog } from './commands/AboutDialog';
import { usePlanSession } from './session';
import { Toast, type Message } from './ui';
import { useAccount } from '../features/account/useAccount';
import { AccountBar } from '../features/account/AccountBar';
import { useExportLedger } from '../features/exports/useExportLedger';
import { recordMadeFile } from '../features/exports/exportRecorder';
import { LoginDialog } from '../features/account/LoginDialog';
import { UsersDialog } from '../features/account/UsersDialog';
import { AuditDialog } from '../features/account/AuditDialog';
import { MyAccountDialog } from '../features/account/MyAccountDialog';
import { useSync } from '../features/sync/useSync';
import { useOperationNames } from '../features/decisions/useOperationNames';

const LAST_OPERATION = 'cordon.lastOperation';

type Screen = 'operations' | 'plan' | 'brief' | 'live' | 'decisions';

export function App() {
  const initial = useMemo(() => readSettings(localStorage), []);
  const [settings, setSettingsState] = useState<Settings>(initial.settings);
  const [message, setMessage] = useState<Message | null>(initial.problem ? { kind: 'error', text: initial.problem } : null);
  const [showSettings, setShowSettings] = useState(false);
  const [showOperation, setShowOperation] = useState(false);
  const [showPalette, setShowPalette] = useState(false);
  const [showAbout, setShowAbout] = useState(false);
  const [createRequested, setCreateRequested] = useState(false);
  const db = useMemo(() => openCordonDb(), []);
  const [operationId, setOperationId] = useState<string | null>(() => localStorage.getItem(LAST_OPERATION));
  const [screen, setScreen] = useState<Screen>(operationId ? 'plan' : 'operations');
  // Plan and Brief work on the open operation; both edit it through the same session (one undo history).
  const onOperation = screen === 'plan' || screen === 'brief';

  const report = useCallback((text: string) => setMessage({ kind: 'error', text }), []);
  const inform = useCallback((text: string) => setMessage({ kind: 'info', text }), []);
  // Live draws the open operation's plan under the units (until the command server sends its own) and shows its marking.
  const showsOperation = onOperation || screen === 'live';
  const session = usePlanSession(db, showsOperation ? operationId : null, report);
  // A shared operation keeps in step with the planning cell while it is open in any workspace (Plan, Brief, Live).
  const sync = useSync(db, settings.server, showsOperation ? operationId : null, report);

  const setSettings = useCallback((next: Settings) => {
    setSettingsState(next);
    writeSettings(localStorage, next);
  }, []);

  // Signed in or out: a new server setting object makes Live read the (new) token and reconnect with it.
  const reconnect = useCallback(() => setSettingsState((s) => ({ ...s, server: { ...s.server } })), []);
  const account = useAccount(settings.server, reconnect);
  // Every file made here is noted and sent to the audit trail when signed in (features/exports).
  const ledger = useExportLedger(db, account);
  const [accountScreen, setAccountScreen] = useState<'login' | 'mine' | 'users' | 'audit' | null>(null);
  // Names of the operations on this workstation, for the Audit view (read when it opens).
  const operationNames = useOperationNames(db, accountScreen === 'audit' || accountScreen === 'users');
  // The Audit view opened from a selected feature ("Audit history…"), following it.
  const [auditFollow, setAuditFollow] = useState<string | undefined>(undefined);
  const signedInUser = account.state.kind === 'signedIn' ? account.state.user : null;
  const mayAudit =
    !!signedInUser && (signedInUser.admin || signedInUser.memberships.some((m) => m.operationId === operationId && m.roles.includes('commander')));
  const openAuditHistory = useCallback((object: string) => {
    setAuditFollow(object || undefined);
    setAccountScreen('audit');
  }, []);
  // The server ended this session (disabled, password reset, signed out elsewhere): say so and offer to sign in.
  const signedOutWhy = account.state.kind === 'signedOut' ? account.state.why : null;
  useEffect(() => {
    if (signedOutWhy) setAccountScreen('login');
  }, [signedOutWhy]);

  useEffect(() => {
    document.documentElement.dataset.theme = settings.theme;
  }, [settings.theme]);

  const openOperation = useCallback((id: string | null) => {
    setOperationId(id);
    if (id) localStorage.setItem(LAST_OPERATION, id);
    else localStorage.removeItem(LAST_OPERATION);
    setScreen(id ? 'plan' : 'operations');
  }, []);

  // A remembered operation that no longer exists (deleted elsewhere) sends the user back to the list.
  useEffect(() => {
    if (!onOperation || !operationId) return;
    const t = setTimeout(() => {
      if (session.bundle === null) void getOperation(db, operationId).then((op) => !op && openOperation(null));
    }, 1500);
    return () => clearTimeout(t);
  }, [onOperation, operationId, session.bundle, db, openOperation]);

  // Commands (menu, keys, palette, buttons) run through the handler table generated for the command table, only
  // where the table enables them: a menu item chosen elsewhere says where it works instead of doing nothing.
  const scope: CommandScope = { workspace: screen === 'live' ? 'live' : operationId ? screen : 'operations', hasOperation: operationId !== null };
  const handlers = createCommandHandlers({
    showWorkspace: (w: Workspace) => setScreen(w),
    newOperation: () => {
      setScreen('operations');
      setCreateRequested(true);
    },
    openSettings: () => setShowSettings(true),
    openAbout: () => setShowAbout(true),
    openPalette: () => setShowPalette(true),
    undo: () => void session.undo(),
    redo: () => void session.redo(),
    exportOperation: (format) => {
      if (!operationId) return report('Open an operation first: there is nothing to export.');
      void exportOperation(db, operationId, format, platform.saveFile, recordMadeFile).then((r) => (r.ok ? r.value && inform(r.value) : report(r.error)));
    },
    plan: planCommands,
    report,
  });
  const runCommand = (command: MenuCommand) => {
    const spec = appCommand(command);
    if (isEnabled(spec, scope)) return handlers[command]();
    inform(
      `${plainLabel(spec)} is not available here${spec.needsOperation && !operationId ? ': open an operation first' : ` (it works in: ${spec.enabledIn.join(', ')})`}.`,
    );
  };
  const latest = useRef({ runCommand, scope });
  latest.current = { runCommand, scope };
  useEffect(() => setCommandRunner((c) => latest.current.runCommand(c)), []);
  useEffect(() => platform.onMenuCommand(dispatchCommand), []);
  // openDecisionDraft(...) from anywhere (e.g. a legal power's authorisation) opens the Decisions workspace.
  useEffect(() => onDecisionDraft(() => setScreen('decisions')), []);
  // Authorising, extending or cancelling a legal power opens the linked decision-log entry for that officer.
  useEffect(() => onPowerDecision((e) => openDecisionDraft(powerDecisionDraft(e))), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = shortcutFor(e, isTypingTarget(e.target));
      // The native menu captures some accelerators itself (Electron); those arrive through onMenuCommand instead.
      // A shortcut of a command not enabled here is left to the browser (Delete outside the plan, for one).
      if (!command || platform.nativeMenuShortcuts.has(command) || !isEnabled(appCommand(command), latest.current.scope)) return;
      e.preventDefault();
      dispatchCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const op = session.bundle?.operation;
  const [liveMarking, setLiveMarking] = useState<ProtectiveMarking | null>(null);
  const [decisionsMarking, setDecisionsMarking] = useState<ProtectiveMarking | null>(null);
  // Live shows what the server publishes (a marking only); Decisions the marking of the log shown; elsewhere the open
  // operation's marking with its caveat.
  const marking: MarkingText =
    screen === 'live' && liveMarking
      ? { marking: liveMarking, caveat: '' }
      : screen === 'decisions' && decisionsMarking
        ? { marking: decisionsMarking, caveat: '' }
        : showsOperation && op
          ? markingText(op)
          : { marking: 'OFFICIAL', caveat: '' };
  return (
    <div className="app">
      <MarkingBar text={marking} where="top" />
      <header className="topbar">
        <h1>CORDON</h1>
        <nav className="btn-group" aria-label="Workspaces">
          <button className="btn" aria-pressed={screen === 'operations'} onClick={() => setScreen('operations')}>
            Operations
          </button>
          <button className="btn" aria-pressed={screen === 'plan'} disabled={!operationId} onClick={() => setScreen('plan')} data-testid="workspace-plan">
            Plan
          </button>
          <button className="btn" aria-pressed={screen === 'brief'} disabled={!operationId} onClick={() => setScreen('brief')} data-testid="workspace-brief">
            Brief
          </button>
          <button className="btn" aria-pressed={screen === 'live'} onClick={() => setScreen('live')} data-testid="workspace-live">
            Live
          </button>
          <button className="btn" aria-pressed={screen === 'decisions'} onClick={() => setScreen('decisions')} data-testid="workspace-decisions">
            Decisions
          </button>
        </nav>
        {onOperation && op && (
          <button
            className="btn op-name"
            data-testid="operation-title"
            onClick={() => setShowOperation(true)}
            title="Operation details: status, marking, dates, strategy"
          >
            {op.name} <span className="muted">· {op.status}</span>
          </button>
        )}
        <span className="spacer" />
        {onOperation && (
          <>
            <button className="btn" onClick={() => void session.undo()} disabled={!session.canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
              Undo
            </button>
            <button className="btn" onClick={() => void session.redo()} disabled={!session.canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
              Redo
            </button>
          </>
        )}
        <button className="btn" onClick={() => setShowPalette(true)} title="Every command you can run here (Ctrl+K)" data-testid="open-palette">
          Commands
        </button>
        <AccountBar
          account={account}
          ledger={ledger}
          onSignIn={() => setAccountScreen('login')}
          onMine={() => setAccountScreen('mine')}
          onUsers={() => setAccountScreen('users')}
          onAudit={() => openAuditHistory('')}
        />
        <button className="btn" onClick={() => setShowSettings(true)} title="Settings (Ctrl+,)" data-testid="open-settings">
          Settings
        </button>
      </header>
      {screen === 'decisions' ? (
        <DecisionsWorkspace db={db} settings={settings} operationId={operationId} report={report} inform={inform} onMarking={setDecisionsMarking} />
      ) : screen === 'live' ? (
        <LiveWorkspace
          settings={settings}
          bundle={session.bundle}
          report={report}
          inform={inform}
          onOpenSettings={() => setShowSettings(true)}
          onMarking={setLiveMarking}
        />
      ) : screen === 'operations' || !operationId ? (
        <OperationsScreen
          db={db}
          currentId={operationId}
          onOpen={openOperation}
          report={report}
          inform={inform}
          createRequested={createRequested}
          onCreateShown={() => setCreateRequested(false)}
          server={settings.server}
        />
      ) : screen === 'brief' ? (
        <BriefWorkspace key={operationId} session={session} report={report} inform={inform} />
      ) : (
        <PlanWorkspace
          key={operationId}
          db={db}
          session={session}
          settings={settings}
          report={report}
          inform={inform}
          onOpenOperation={openOperation}
          sync={sync}
          {...(mayAudit ? { onAuditHistory: openAuditHistory } : {})}
        />
      )}
      <MarkingBar text={marking} where="bottom" />
      {showOperation && op && onOperation && <OperationDialog operation={op} session={session} onClose={() => setShowOperation(false)} />}
      {showSettings && <SettingsDialog settings={settings} onChange={setSettings} onClose={() => setShowSettings(false)} />}
      {accountScreen === 'login' && account.state.kind !== 'signedIn' && account.serverUrl && (
        <LoginDialog
          serverUrl={account.serverUrl}
          why={signedOutWhy}
          onSignIn={async (userName, password) => {
            const problem = await account.signIn(userName, password);
            if (!problem) setAccountScreen(null);
            return problem;
          }}
          onClose={() => setAccountScreen(null)}
        />
      )}
      {accountScreen === 'users' && account.link && account.state.kind === 'signedIn' && (
        <UsersDialog link={account.link} selfId={account.state.user.id} operations={operationNames} onClose={() => setAccountScreen(null)} />
      )}
      {accountScreen === 'mine' && account.state.kind === 'signedIn' && (
        <MyAccountDialog
          user={account.state.user}
          expiresAt={account.state.expiresAt}
          onSignOut={() => {
            setAccountScreen(null);
            void account.signOut();
          }}
          onClose={() => setAccountScreen(null)}
        />
      )}
      {accountScreen === 'audit' && account.link && (
        <AuditDialog
          key={auditFollow ?? 'all'}
          link={account.link}
          operations={operationNames}
          {...(auditFollow ? { follow: auditFollow } : {})}
          onClose={() => {
            setAccountScreen(null);
            setAuditFollow(undefined);
          }}
        />
      )}
      {showPalette && (
        <CommandPalette
          commands={enabledCommands(scope).filter((c) => c.id !== 'view:command-palette')}
          onRun={dispatchCommand}
          onClose={() => setShowPalette(false)}
        />
      )}
      {showAbout && <AboutDialog basemap={settings.basemap} onClose={() => setShowAbout(false)} />}
      {message && <Toast message={message} onDismiss={() => setMessage(null)} />}
    </div>
  );
}
