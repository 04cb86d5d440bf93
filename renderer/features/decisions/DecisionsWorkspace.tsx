/**
 * The Decisions workspace: commanders' decision logs (Gold, Silver, each Bronze), kept by the commander or a loggist.
 * A workspace of its own rather than a panel in Brief: a loggist keeps the log open all day beside the commander,
 * and it must not share the screen with editing the order.
 *
 * Left: the operation, the logs, Verify and Export. Middle: the chosen log's numbered entries, a corrected entry struck
 * through with its correction beside it, entries waiting for the server marked so. Right: the NDM form.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { bronzeLogId, logLabel, type DecisionBody, type LogEntry, type VerifyResult } from '../../../shared/decisionLog';
import type { CordonDb } from '../../data';
import type { Settings } from '../settings/settings';
import { useServerLink, type ServerLink } from '../settings/useServerLink';
import { takePendingDecisionDraft, onDecisionDraft, type DecisionDraftRequest } from './draftBus';
import { EntryView } from './EntryView';
import { saveLogExport } from './exportLogs';
import { printDecisionLog } from './printLog';
import { PROTECTIVE_MARKINGS, type ProtectiveMarking } from '../../../shared/domain';
import { formatTime, localInputToIso } from '../../app/fields';
import { hhmmss } from '../live/format';
import { knownLogs, logBookView, shortHash } from './logBook';
import { NdmForm } from './NdmForm';
import { pickerLogs } from './logPicker';
import { usePlanLogs } from './usePlanLogs';
import { useLogBook } from './useLogBook';
import { useOperationNames } from './useOperationNames';
import './decisions.css';

interface Props {
  db: CordonDb;
  settings: Settings;
  /** The operation open on this workstation (its logs are shown first). */
  operationId: string | null;
  report: (error: string) => void;
  inform: (text: string) => void;
  /** The marking this screen's log is shown and printed under, for the banners at top and bottom of the window. */
  onMarking?: (marking: ProtectiveMarking) => void;
}

const DECISIONS_OPERATION = 'cordon.decisionsOperation';

export function DecisionsWorkspace(props: Props) {
  const link = useServerLink(props.settings.server, props.report);
  const [operationId, setOperationId] = useState(() => localStorage.getItem(DECISIONS_OPERATION) ?? props.operationId ?? 'demo-operation');
  const [typed, setTyped] = useState(operationId);
  if (!link) return null;
  return (
    <DecisionsView
      {...props}
      link={link}
      operationId={operationId}
      openOperationId={props.operationId}
      typedOperation={typed}
      onTypeOperation={setTyped}
      onChooseOperation={(chosen?: string) => {
        const id = (chosen ?? typed).trim();
        if (!id) return;
        localStorage.setItem(DECISIONS_OPERATION, id);
        setTyped(id);
        setOperationId(id);
      }}
    />
  );
}

type FormState =
  { kind: 'closed' } | { kind: 'new'; prefill: Partial<Omit<DecisionBody, 'type'>> | null; decidedAt?: string } | { kind: 'correct'; entry: LogEntry };

function DecisionsView({
  db,
  link,
  operationId,
  openOperationId,
  typedOperation,
  onTypeOperation,
  onChooseOperation,
  report,
  inform,
  onMarking,
}: Omit<Props, 'operationId'> & {
  link: ServerLink;
  operationId: string;
  /** The operation open in the Plan, offered when another one's logs are shown. */
  openOperationId: string | null;
  typedOperation: string;
  onTypeOperation: (v: string) => void;
  onChooseOperation: (id?: string) => void;
}) {
  const names = useOperationNames(db);
  const nameOf = (id: string | null) => names.find((o) => o.id === id)?.name ?? null;
  const operationName = nameOf(operationId);
  const openName = openOperationId && openOperationId !== operationId ? nameOf(openOperationId) : null;
  const namesListId = useId();
  const book = useLogBook(db, link, operationId);
  const [extraLogs, setExtraLogs] = useState<string[]>([]);
  const [logId, setLogId] = useState('silver');
  const [bronze, setBronze] = useState('');
  const [otherOpen, setOtherOpen] = useState(false);
  const planned = usePlanLogs(db, operationId);
  const [form, setForm] = useState<FormState>({ kind: 'closed' });
  const [verdict, setVerdict] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [marking, setMarking] = useState<ProtectiveMarking>('OFFICIAL-SENSITIVE');
  // A log is marked as its operation is, when this workstation holds it (else OFFICIAL-SENSITIVE, as most are).
  const operationMarking = names.find((o) => o.id === operationId)?.marking;
  useEffect(() => {
    if (operationMarking) setMarking(operationMarking);
  }, [operationId, operationMarking]);
  useEffect(() => onMarking?.(marking), [onMarking, marking]);
  const [upTo, setUpTo] = useState('');

  const open = useCallback((r: DecisionDraftRequest) => {
    setLogId(r.logId);
    setExtraLogs((l) => (l.includes(r.logId) ? l : [...l, r.logId]));
    setForm({ kind: 'new', prefill: r.prefill ?? null, ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}) });
  }, []);
  useEffect(() => {
    const pending = takePendingDecisionDraft();
    if (pending) open(pending);
    return onDecisionDraft((r) => {
      takePendingDecisionDraft();
      open(r);
    });
  }, [open]);

  const logs = useMemo(() => pickerLogs(planned.logs, knownLogs(book.entries, book.outbox, extraLogs)), [planned.logs, book.entries, book.outbox, extraLogs]);
  const title = logs.find((l) => l.logId === logId)?.title ?? logLabel(logId);
  const view = useMemo(() => logBookView(book.entries, book.checkpoints, book.outbox, logId), [book.entries, book.checkpoints, book.outbox, logId]);
  useEffect(() => setVerdict(null), [logId, operationId]);

  const submit = async (draft: Parameters<typeof book.write>[0]) => {
    const r = await book.write(draft);
    if (!r.ok) {
      report(`The entry was not recorded: ${r.error}`);
      return false;
    }
    inform(
      r.value
        ? `Entry #${String(r.value.entry.seq)} recorded in the ${logLabel(draft.logId)} log.`
        : 'Kept on this computer: it will be sent when the command server is reachable.',
    );
    setForm({ kind: 'closed' });
    return true;
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setVerdict(await book.verify(logId));
    } finally {
      setVerifying(false);
    }
  };

  const exportAll = async () => {
    if (!book.publicKey) return report('Not connected to the command server: the logs cannot be exported yet.');
    const problem = await saveLogExport(operationId, marking, book.entries, book.checkpoints, book.publicKey);
    if (problem) report(problem);
  };

  // Printed only once verified: the page footers carry the root and checkpoint the verification just recomputed.
  const print = async () => {
    const v = await book.verify(logId);
    setVerdict(v);
    if (!v.ok) return report(`The ${logLabel(logId)} log did not verify, so it is not printed: ${v.reason}`);
    const upToIso = localInputToIso(upTo);
    const printed = await printDecisionLog({
      operationId,
      logId,
      marking,
      entries: view.rows.flatMap((r) => (r.entry ? [r.entry] : [])),
      rootHash: v.rootHash,
      checkpoint: v.checkpoint,
      printedAt: new Date().toISOString(),
      ...(upToIso ? { upTo: upToIso } : {}),
    });
    if (!printed.ok) report(printed.error);
    else if (printed.value)
      inform(`Saved the ${logLabel(logId)} decision log to ${printed.value.path}.${printed.value.notRecorded ? ` ${printed.value.notRecorded}` : ''}`);
  };

  const linkText =
    book.link.phase === 'connected'
      ? 'Connected'
      : book.link.phase === 'rejected'
        ? `Refused: ${book.link.reason ?? ''}`
        : 'Not connected: entries are kept here and sent later';

  return (
    <div className="workspace decisions" data-testid="decisions-workspace">
      <aside className="sidebar" aria-label="Decision logs">
        <div className="section">
          <label className="field">
            <span>Operation (pick by name, or type its id on the command server)</span>
            <div className="row">
              <input value={typedOperation} onChange={(e) => onTypeOperation(e.target.value)} list={namesListId} data-testid="decisions-operation" />
              <button className="btn" onClick={() => onChooseOperation()}>
                Open
              </button>
            </div>
            <datalist id={namesListId}>
              {names.map((o) => (
                <option key={o.id} value={o.id} label={o.name} />
              ))}
            </datalist>
          </label>
          {openName && openOperationId && (
            <button className="btn" onClick={() => onChooseOperation(openOperationId)} data-testid="decisions-open-operation">
              Show the logs of {openName} (open in the Plan)
            </button>
          )}
          <p className={book.link.phase === 'connected' ? 'ok-text' : 'warning'} data-testid="decisions-link" role="status">
            {linkText}
          </p>
          {book.problem && <p className="error-text">{book.problem}</p>}
          <p className="muted" data-testid="decisions-copy-kept">
            {book.copyKept
              ? book.copyKept.entries > 0
                ? `Verified copy of ${book.copyKept.entries} decision-log entries kept on this computer for the briefing pack at ${hhmmss(Date.parse(book.copyKept.at))}.`
                : `No decisions logged yet (read at ${hhmmss(Date.parse(book.copyKept.at))}): the briefing pack will say so.`
              : 'No copy kept for the briefing pack yet in this session.'}
          </p>
        </div>
        <nav className="section" aria-label="Logs">
          <h2>Logs</h2>
          {!planned.planHere && <p className="muted">The plan of this operation is not on this computer: its Bronzes cannot be listed.</p>}
          <ul className="list log-list">
            {logs.map((l) => (
              <li key={l.logId}>
                <button className="btn" aria-pressed={l.logId === logId} onClick={() => setLogId(l.logId)} data-testid={`log-${l.logId}`}>
                  {l.title}
                  {l.commander && <span className="muted log-commander">{l.commander}</span>}
                </button>
              </li>
            ))}
          </ul>
          {!otherOpen ? (
            <button className="btn" onClick={() => setOtherOpen(true)} aria-expanded={false} data-testid="other-bronze">
              Other Bronze…
            </button>
          ) : (
            <label className="field">
              <span>Other Bronze, not named in the plan (name or call sign)</span>
              <div className="row">
                <input value={bronze} onChange={(e) => setBronze(e.target.value)} placeholder="e.g. Mutual aid Bronze" data-testid="add-bronze-name" />
                <button
                  className="btn"
                  disabled={!bronze.trim()}
                  onClick={() => {
                    const id = bronzeLogId(bronze);
                    setExtraLogs((l) => [...l, id]);
                    setLogId(id);
                    setBronze('');
                    setOtherOpen(false);
                  }}
                  data-testid="add-bronze"
                >
                  Add log
                </button>
              </div>
            </label>
          )}
        </nav>
        <div className="section toolbar">
          <button className="btn primary" onClick={() => setForm({ kind: 'new', prefill: null })} data-testid="new-entry">
            New entry
          </button>
          <button className="btn" onClick={() => void verify()} disabled={verifying} data-testid="verify-log">
            Verify log
          </button>
          <button className="btn" onClick={() => void exportAll()} data-testid="export-logs">
            Export logs (JSONL)
          </button>
        </div>
        <div className="section">
          <h2>Print</h2>
          <label className="field">
            <span>Protective marking</span>
            <select value={marking} onChange={(e) => setMarking(e.target.value as ProtectiveMarking)} data-testid="print-marking">
              {PROTECTIVE_MARKINGS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Decisions made up to (empty: all)</span>
            <input type="datetime-local" value={upTo} onChange={(e) => setUpTo(e.target.value)} data-testid="print-up-to" />
          </label>
          <button className="btn" onClick={() => void print()} data-testid="print-log">
            Print decision log (PDF)
          </button>
        </div>
      </aside>
      <main className="log-main" aria-label={`${title} decision log`}>
        <h2>
          {title} decision log{' '}
          <span className="muted" data-testid="decisions-operation-name" title={operationId}>
            · {operationName ?? operationId}
          </span>
        </h2>
        {verdict && (
          <div className={verdict.ok ? 'verdict ok-text' : 'verdict error-text'} role="status" data-testid="verify-result">
            {verdict.ok
              ? `Verified: ${verdict.entries} entries, root ${shortHash(verdict.rootHash)}${
                  verdict.checkpoint
                    ? `, checkpoint signed at ${formatTime(verdict.checkpoint.signedAt)} (${verdict.checkpoint.size} entries)`
                    : ', no checkpoint signed yet'
                }${verdict.unsigned > 0 ? `; ${verdict.unsigned} since, chained but not yet signed` : ''}.`
              : `NOT VERIFIED${verdict.firstBadSeq !== null ? `: first bad entry #${verdict.firstBadSeq}` : ''}. ${verdict.reason}`}
          </div>
        )}
        {view.rows.length === 0 && view.pending.length === 0 && <p className="muted">No entries yet. "New entry" writes the first.</p>}
        <ol className="entries">
          {view.rows.map((r) => {
            const corrected = r.correctedBy.length > 0;
            return (
              <li key={r.seq} className={corrected ? 'entry corrected' : 'entry'} data-testid={`entry-${r.seq}`}>
                <div className="entry-head">
                  <strong>#{r.seq}</strong> <span className="muted measure">{shortHash(r.hash)}</span>
                  {r.entry && (
                    <button className="btn" onClick={() => setForm({ kind: 'correct', entry: r.entry! })} data-testid={`correct-${r.seq}`}>
                      Correct…
                    </button>
                  )}
                </div>
                <div className="entry-pair">
                  <del className={corrected ? 'struck' : 'plain'} data-struck={corrected}>
                    {r.entry ? <EntryView entry={r.entry} /> : <p className="error-text">This entry cannot be read: use "Verify log".</p>}
                  </del>
                  {r.correctedBy.map((c) => (
                    <aside key={c.seq} className="correction" aria-label={`Correction of #${r.seq} by #${c.seq}`} data-testid={`correction-of-${r.seq}`}>
                      <strong>Corrected by #{c.seq}</strong>
                      <EntryView entry={c} />
                    </aside>
                  ))}
                </div>
              </li>
            );
          })}
          {view.pending.map((d) => (
            <li key={d.entryId} className="entry pending" data-testid="entry-pending">
              <div className="entry-head">
                <strong>Not yet on the server</strong> <span className="muted">kept on this computer, sent when connected</span>
              </div>
              <p>{d.body.type === 'decision' ? d.body.decision : d.body.text}</p>
            </li>
          ))}
        </ol>
      </main>
      <aside className="inspector" aria-label="Entry form">
        {form.kind === 'closed' ? (
          <div className="section">
            <p className="muted">Choose "New entry" to record a decision, or "Correct…" on an entry. Entries are never edited or deleted.</p>
          </div>
        ) : (
          <NdmForm
            key={form.kind === 'correct' ? `c${form.entry.seq}` : `n${logId}`}
            operationId={operationId}
            logId={logId}
            correcting={form.kind === 'correct' ? form.entry : null}
            prefill={form.kind === 'new' ? form.prefill : null}
            {...(form.kind === 'new' && form.decidedAt ? { decidedAt: form.decidedAt } : {})}
            onSubmit={submit}
            onCancel={() => setForm({ kind: 'closed' })}
          />
        )}
      </aside>
    </div>
  );
}
