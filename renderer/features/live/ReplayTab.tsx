/**
 * Replay: load the recorded history of a window from the server, move through it with a slider or play it at 1x,
 * 10x or 60x, and ask "who was inside this area between these times" (a plan area or a drawn rectangle).
 */
import { useId, useMemo, useState } from 'react';
import { Section, tabOutOfDateTime } from '../../app/fields';
import { formatAge } from '../../../shared/live/freshness';
import { fromLocalInput, hhmmss, toLocalInput } from './format';
import { loadingText } from './historyNotice';
import { prepareRings, type Rings } from '../../../shared/live/areas';
import { REPLAY_SPEEDS, type Replay, type ReplaySpeed } from './replay';
import { whoWasInside } from './whoWasInside';

export interface AreaChoice {
  label: string;
  rings: Rings;
}

interface Props {
  replay: Replay | null;
  /** Loads history for the window; returns an error message or null. */
  onLoad: (fromMs: number, toMs: number) => Promise<string | null>;
  /** Positions loaded so far while loading (null: not loading). */
  loaded?: number | null;
  onExit: () => void;
  time: number;
  onTime: (t: number) => void;
  playing: boolean;
  onPlaying: (on: boolean) => void;
  speed: ReplaySpeed;
  onSpeed: (s: ReplaySpeed) => void;
  /** Plan areas (sectors, cordons, authority areas, circles) to ask about. */
  planAreas: readonly { id: string; label: string; rings: Rings }[];
  area: AreaChoice | null;
  onArea: (a: AreaChoice | null) => void;
  /** Arms two clicks on the map for a rectangle's corners. */
  onDrawRectangle: () => void;
  /** Arms a click on a plan area on the map. */
  onPickPlanArea: () => void;
  picking: boolean;
  onSelectUnit: (id: string) => void;
  defaultWindowMinutes?: number;
  now: number;
}

export function ReplayTab(p: Props) {
  const ids = { from: useId(), to: useId(), slider: useId(), area: useId(), qFrom: useId(), qTo: useId() };
  const [from, setFrom] = useState(() => toLocalInput(p.now - (p.defaultWindowMinutes ?? 30) * 60_000));
  const [to, setTo] = useState(() => toLocalInput(p.now));
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [queryFrom, setQueryFrom] = useState<string>('');
  const [queryTo, setQueryTo] = useState<string>('');
  const { replay } = p;

  const load = async () => {
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    if (f === null || t === null || f >= t) return setError('Choose a start before the end.');
    setLoading(true);
    setError(await p.onLoad(f, t));
    setLoading(false);
    setQueryFrom(toLocalInput(f));
    setQueryTo(toLocalInput(t));
  };

  const occupants = useMemo(() => {
    if (!replay || !p.area) return null;
    const f = fromLocalInput(queryFrom) ?? replay.fromMs;
    const t = fromLocalInput(queryTo) ?? replay.toMs;
    return whoWasInside(replay.positions(), prepareRings('area', p.area.rings), f, t);
  }, [replay, p.area, queryFrom, queryTo]);

  return (
    <>
      <Section title="Recorded history">
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} onKeyDown={tabOutOfDateTime} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} onKeyDown={tabOutOfDateTime} />
        </div>
        <div className="row">
          <button className="btn primary" onClick={() => void load()} disabled={loading} data-testid="replay-load">
            {loading ? 'Loading…' : replay ? 'Load again' : 'Load and replay'}
          </button>
          {replay && (
            <button className="btn" onClick={p.onExit} data-testid="replay-exit">
              Back to live
            </button>
          )}
        </div>
        {loading && (
          <p className="muted" role="status" data-testid="replay-progress">
            {loadingText(p.loaded ?? null)}
          </p>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {replay && (
          <p className="muted">
            {replay.positionCount} positions, {hhmmss(replay.fromMs)}–{hhmmss(replay.toMs)}.
          </p>
        )}
      </Section>
      {replay && (
        <Section title="Replay">
          <div className="replay-controls">
            <label htmlFor={ids.slider} className="sr-only">
              Replay time
            </label>
            <input
              id={ids.slider}
              type="range"
              min={replay.fromMs}
              max={replay.toMs}
              step={1000}
              value={p.time}
              onChange={(e) => p.onTime(Number(e.target.value))}
              aria-valuetext={hhmmss(p.time)}
              data-testid="replay-slider"
            />
            <button className="btn" onClick={() => p.onPlaying(!p.playing)} aria-pressed={p.playing} data-testid="replay-play">
              {p.playing ? 'Pause' : 'Play'}
            </button>
            <div className="btn-group" role="group" aria-label="Replay speed">
              {REPLAY_SPEEDS.map((s) => (
                <button key={s} className="btn" aria-pressed={p.speed === s} onClick={() => p.onSpeed(s)}>
                  {s}×
                </button>
              ))}
            </div>
            <strong className="measure" aria-live="off">
              {hhmmss(p.time)}
            </strong>
          </div>
        </Section>
      )}
      <Section title="Who was inside this area">
        {!replay && <p className="muted">Load recorded history first.</p>}
        {replay && (
          <>
            <div className="field">
              <label htmlFor={ids.area}>Area</label>
              <select
                id={ids.area}
                value={p.planAreas.find((a) => a.label === p.area?.label)?.id ?? ''}
                onChange={(e) => {
                  const a = p.planAreas.find((x) => x.id === e.target.value);
                  p.onArea(a ? { label: a.label, rings: a.rings } : null);
                }}
                data-testid="inside-area"
              >
                <option value="">{p.area && !p.planAreas.some((a) => a.label === p.area?.label) ? p.area.label : 'Choose a plan area…'}</option>
                {p.planAreas.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="row" style={{ marginBottom: 8 }}>
              <button className="btn" onClick={p.onPickPlanArea} aria-pressed={p.picking}>
                Pick a plan area on the map
              </button>
              <button className="btn" onClick={p.onDrawRectangle} data-testid="inside-rectangle">
                Draw a rectangle
              </button>
            </div>
            <div className="field">
              <label htmlFor={ids.qFrom}>Between</label>
              <input
                id={ids.qFrom}
                type="datetime-local"
                step={1}
                value={queryFrom}
                onChange={(e) => setQueryFrom(e.target.value)}
                onKeyDown={tabOutOfDateTime}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.qTo}>and</label>
              <input id={ids.qTo} type="datetime-local" step={1} value={queryTo} onChange={(e) => setQueryTo(e.target.value)} onKeyDown={tabOutOfDateTime} />
            </div>
            {occupants && (
              <table className="grid" data-testid="inside-results" aria-label={`Units inside ${p.area?.label ?? 'the area'}`}>
                <caption className="muted" style={{ textAlign: 'left' }}>
                  {occupants.length} unit{occupants.length === 1 ? '' : 's'} inside {p.area?.label}
                </caption>
                <thead>
                  <tr>
                    <th>Call sign</th>
                    <th>First seen inside</th>
                    <th>Last seen inside</th>
                    <th>Time inside</th>
                  </tr>
                </thead>
                <tbody>
                  {occupants.map((o) => (
                    <tr key={o.unitId}>
                      <td>
                        <button className="btn" onClick={() => p.onSelectUnit(o.unitId)}>
                          {o.callSign}
                        </button>
                      </td>
                      <td>
                        {hhmmss(o.firstMs)}
                        {o.spells[0]?.fromStart ? ' (already in)' : ''}
                      </td>
                      <td>
                        {hhmmss(o.lastMs)}
                        {o.spells[o.spells.length - 1]?.open ? ' (still in)' : ''}
                      </td>
                      <td>
                        {formatAge(o.totalMs)}
                        {o.spells.length > 1 ? ` in ${o.spells.length} spells` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Section>
    </>
  );
}
