/**
 * The replay player of the Live workspace: loads a window of recorded history from the server (page by page, with
 * progress), and plays it at the chosen speed or moves to a time. While a replay is held, the map and lists draw
 * from it instead of the live store.
 */
import { useCallback, useEffect, useState } from 'react';
import { truncationNotice } from './historyNotice';
import { Replay, replayStep, type ReplaySpeed } from './replay';
import type { LiveSession } from './useLive';

export interface ReplayPlayer {
  replay: Replay | null;
  /** The replay's current time (drives re-renders while playing or seeking). */
  time: number;
  /** Positions loaded so far while a window loads (null: not loading). */
  loaded: number | null;
  playing: boolean;
  setPlaying: (on: boolean) => void;
  speed: ReplaySpeed;
  setSpeed: (s: ReplaySpeed) => void;
  /** Loads a window; returns an error message or null. */
  load: (fromMs: number, toMs: number) => Promise<string | null>;
  seek: (t: number) => void;
  /** Back to the live picture. */
  exit: () => void;
}

/** How often a playing replay steps forward (its speed decides how far). */
const STEP_MS = 200;

export function useReplayPlayer(history: LiveSession['history'], inform: (text: string) => void): ReplayPlayer {
  const [replay, setReplay] = useState<Replay | null>(null);
  const [time, setTime] = useState(0);
  const [loaded, setLoaded] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(10);

  const load = useCallback(
    async (fromMs: number, toMs: number) => {
      setLoaded(0);
      const r = await history({ fromMs, toMs, onProgress: setLoaded }).finally(() => setLoaded(null));
      if (!r.ok) return r.error;
      const { positions, alerts: recorded } = r.value.value;
      const rp = new Replay(positions, recorded, fromMs, toMs);
      rp.moveTo(rp.firstUsefulTime);
      setReplay(rp);
      setTime(rp.time);
      setPlaying(false);
      const cut = truncationNotice(r.value.value);
      if (cut) inform(cut);
      if (r.value.dropped > 0) inform(`${r.value.dropped} invalid recorded item(s) were left out.`);
      return null;
    },
    [history, inform],
  );

  const seek = useCallback(
    (t: number) => {
      replay?.moveTo(t);
      setTime(replay?.time ?? t);
    },
    [replay],
  );

  const exit = useCallback(() => {
    setReplay(null);
    setPlaying(false);
  }, []);

  useEffect(() => {
    if (!replay || !playing) return;
    let last = performance.now();
    const t = setInterval(() => {
      const at = performance.now();
      const step = replayStep(replay.time, at - last, speed, replay.toMs);
      last = at;
      replay.moveTo(step.t);
      setTime(step.t);
      if (step.ended) setPlaying(false);
    }, STEP_MS);
    return () => clearInterval(t);
  }, [replay, playing, speed]);

  return { replay, time, loaded, playing, setPlaying, speed, setSpeed, load, seek, exit };
}
