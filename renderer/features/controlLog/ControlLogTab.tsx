/**
 * Live's "Log" tab: the control room's running log. Each entry: time, who (from the server's token), grid reference
 * (typed, or picked on the map), CAD reference, free text, linked units, and optionally a METHANE declaration.
 * Append-only and hash-chained like the decision logs (log "control-room"); kept offline in the outbox like them.
 */
import { useMemo, useState } from 'react';
import { delayMinutes, EntryDraft, LATE_ENTRY_MINUTES, type Methane } from '../../../shared/decisionLog';
import { parseGridRef, toGridRef } from '../../../shared/geo/bng';
import { formatTime, isoToLocalInput, localInputToIso } from '../../app/fields';
import { openCordonDb } from '../../data';
import type { ServerLink } from '../settings/useServerLink';
import { useLogBook } from '../decisions/useLogBook';
import { METHANE_FIELDS, methaneText, searchControlLog } from './controlLog';
import './controlLog.css';

interface Props {
  link: ServerLink;
  operationId: string;
  /** Arms a single map click; the position comes back through the callback. */
  onPickPoint: (done: (lon: number, lat: number) => void) => void;
  report: (error: string) => void;
  inform: (text: string) => void;
}

const EMPTY_METHANE: Methane = {
  myCallSign: '',
  majorIncident: 'declared',
  exactLocation: '',
  typeOfIncident: '',
  hazards: '',
  access: '',
  numberOfCasualties: '',
  emergencyServices: '',
};

export function ControlLogTab({ link, operationId, onPickPoint, report, inform }: Props) {
  const db = useMemo(() => openCordonDb(), []);
  const book = useLogBook(db, link, operationId);
  const [time, setTime] = useState(() => isoToLocalInput(new Date().toISOString()));
  const [grid, setGrid] = useState('');
  const [point, setPoint] = useState<{ lon: number; lat: number } | null>(null);
  const [cad, setCad] = useState('');
  const [text, setText] = useState('');
  const [units, setUnits] = useState('');
  const [useMethane, setUseMethane] = useState(false);
  const [methane, setMethane] = useState<Methane>(EMPTY_METHANE);
  const [delayReason, setDelayReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [query, setQuery] = useState('');

  const found = useMemo(() => searchControlLog(book.entries, query), [book.entries, query]);
  const pending = book.outbox.filter((d) => d.logId === 'control-room');
  const timeIso = localInputToIso(time);
  const late = timeIso ? delayMinutes({ decidedAt: timeIso, writtenAt: new Date().toISOString() }) > LATE_ENTRY_MINUTES : false;

  const pick = () =>
    onPickPoint((lon, lat) => {
      const g = toGridRef(lon, lat);
      setGrid(g.ok ? g.value : `${lat.toFixed(5)}, ${lon.toFixed(5)}`);
      setPoint({ lon, lat });
    });

  const submit = async () => {
    const problems: string[] = [];
    let where: { gridRef?: string; lon?: number; lat?: number } = {};
    if (grid.trim()) {
      const g = parseGridRef(grid);
      if (!g.ok && !point) problems.push(`Grid reference: ${g.error}`);
      else where = g.ok ? { gridRef: g.value.text, lon: g.value.lon, lat: g.value.lat } : { gridRef: grid.trim(), ...point };
    }
    const draft = {
      entryId: crypto.randomUUID(),
      operationId,
      logId: 'control-room',
      decidedAt: timeIso ?? '',
      writtenAt: new Date().toISOString(),
      ...(delayReason.trim() ? { delayReason: delayReason.trim() } : {}),
      body: {
        type: 'control',
        text,
        ...where,
        ...(cad.trim() ? { incidentRef: cad.trim() } : {}),
        unitIds: units
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean),
        ...(useMethane ? { methane } : {}),
      },
    };
    const parsed = EntryDraft.safeParse(draft);
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
    setErrors(problems);
    if (problems.length > 0 || !parsed.success) return;
    const r = await book.write(parsed.data);
    if (!r.ok) return report(`The log entry was not recorded: ${r.error}`);
    inform(
      r.value
        ? `Control room log entry #${String(r.value.entry.seq)} recorded.`
        : 'Kept on this computer: it will be sent when the command server is reachable.',
    );
    setText('');
    setCad('');
    setUnits('');
    setGrid('');
    setPoint(null);
    setUseMethane(false);
    setMethane(EMPTY_METHANE);
    setDelayReason('');
    setTime(isoToLocalInput(new Date().toISOString()));
  };

  return (
    <div className="control-log" data-testid="control-log">
      <form
        className="section"
        aria-label="New control room log entry"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>Time</span>
          <input type="datetime-local" value={time} onChange={(e) => setTime(e.target.value)} data-testid="clog-time" />
        </label>
        <label className="field">
          <span>Grid reference</span>
          <div className="row">
            <input value={grid} onChange={(e) => (setGrid(e.target.value), setPoint(null))} placeholder="TQ 29949 80234" data-testid="clog-grid" />
            <button type="button" className="btn" onClick={pick} data-testid="clog-pick">
              Pick on map
            </button>
          </div>
        </label>
        <label className="field">
          <span>CAD / incident reference</span>
          <input value={cad} onChange={(e) => setCad(e.target.value)} data-testid="clog-cad" />
        </label>
        <label className="field">
          <span>Entry</span>
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="clog-text" />
        </label>
        <label className="field">
          <span>Linked units (call signs, comma separated)</span>
          <input value={units} onChange={(e) => setUnits(e.target.value)} data-testid="clog-units" />
        </label>
        <label className="checkline">
          <input type="checkbox" checked={useMethane} onChange={(e) => setUseMethane(e.target.checked)} data-testid="clog-methane" />
          METHANE: major incident declaration
        </label>
        {useMethane && (
          <fieldset className="methane">
            <legend>METHANE</legend>
            {METHANE_FIELDS.map(([k, label]) =>
              k === 'majorIncident' ? (
                <label key={k} className="field">
                  <span>{label}</span>
                  <select
                    value={methane.majorIncident}
                    onChange={(e) => setMethane({ ...methane, majorIncident: e.target.value as Methane['majorIncident'] })}
                    data-testid="methane-majorIncident"
                  >
                    <option value="declared">Major incident declared</option>
                    <option value="standby">Major incident standby</option>
                  </select>
                </label>
              ) : (
                <label key={k} className="field">
                  <span>{label}</span>
                  <input value={methane[k]} onChange={(e) => setMethane({ ...methane, [k]: e.target.value })} data-testid={`methane-${k}`} />
                </label>
              ),
            )}
          </fieldset>
        )}
        {late && (
          <label className="field">
            <span>Reason for the delay (more than {LATE_ENTRY_MINUTES} minutes after the event)</span>
            <input value={delayReason} onChange={(e) => setDelayReason(e.target.value)} data-testid="clog-delay" />
          </label>
        )}
        {errors.length > 0 && (
          <ul className="error-text" role="alert">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <button type="submit" className="btn primary" data-testid="clog-add">
          Add to log
        </button>
      </form>
      <div className="section">
        <label className="field">
          <span>Search the log</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="text, grid, CAD, call sign…" data-testid="clog-search" />
        </label>
        {book.link.phase !== 'connected' && <p className="warning">Not connected: new entries are kept here and sent later.</p>}
        <ol className="list clog-entries" data-testid="clog-entries">
          {pending.map((d) => (
            <li key={d.entryId} className="clog-entry pending">
              <strong>Not yet on the server</strong> {d.body.type === 'control' ? d.body.text : ''}
            </li>
          ))}
          {found.map((e) =>
            e.body.type === 'control' ? (
              <li key={e.seq} className="clog-entry" data-testid={`clog-entry-${e.seq}`}>
                <div>
                  <strong>#{e.seq}</strong> {formatTime(e.decidedAt)} · {e.author.user}
                  {e.body.gridRef ? ` · ${e.body.gridRef}` : ''}
                  {e.body.incidentRef ? ` · ${e.body.incidentRef}` : ''}
                </div>
                <div>{e.body.text}</div>
                {e.body.unitIds.length > 0 && <div className="muted">Units: {e.body.unitIds.join(', ')}</div>}
                {e.body.methane && <pre className="methane-text">{methaneText(e.body.methane)}</pre>}
              </li>
            ) : null,
          )}
        </ol>
        {query && found.length === 0 && <p className="muted">Nothing in the log matches "{query}".</p>}
        {!query && found.length === 0 && pending.length === 0 && (
          <p className="muted" data-testid="clog-empty">
            Nothing logged yet for this operation. Write what happened above and choose Add to log: each entry keeps who wrote it and when, and the log is
            append-only.
          </p>
        )}
      </div>
    </div>
  );
}
