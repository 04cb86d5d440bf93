/**
 * Replay of recorded history (positions and alerts fetched from the server for a window): the picture as it was at
 * any instant, moved forward cheaply as the clock plays (only units with a fix in between change) and rebuilt by
 * binary search when the user seeks backwards. Implements the same feed the map draws live units from. Pure.
 */
import type { Alert, PositionReport } from '../../../shared/protocol';
import type { UnitFeed } from '../../../shared/live/liveUnit';
import type { LiveUnit, UnitChanges } from '../../../shared/live/liveUnit';

export const REPLAY_SPEEDS = [1, 10, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

function toUnit(r: PositionReport): LiveUnit | null {
  const timeMs = Date.parse(r.time);
  if (!Number.isFinite(timeMs)) return null;
  const staleAtMs = r.staleAt ? Date.parse(r.staleAt) : NaN;
  return Number.isFinite(staleAtMs) ? { ...r, timeMs, staleAtMs, receivedAt: timeMs } : { ...r, timeMs, receivedAt: timeMs };
}

/** Index of the last element with timeMs <= t, or -1. */
function lastAtOrBefore(list: readonly LiveUnit[], t: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.timeMs <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class Replay implements UnitFeed {
  readonly fromMs: number;
  readonly toMs: number;
  readonly positionCount: number;
  /** Every unit's fixes, oldest first. */
  private readonly tracks = new Map<string, LiveUnit[]>();
  /** All fixes in time order, for playing forward. */
  private readonly timeline: LiveUnit[];
  private readonly alertList: Alert[];
  private cursor = 0;
  private t: number;
  private readonly current = new Map<string, LiveUnit>();
  private dirty = new Map<string, LiveUnit>();
  private removed = new Set<string>();
  private reset = true;

  constructor(positions: readonly PositionReport[], alerts: readonly Alert[], fromMs: number, toMs: number) {
    this.fromMs = fromMs;
    this.toMs = toMs;
    const all: LiveUnit[] = [];
    for (const p of positions) {
      const u = toUnit(p);
      if (u) all.push(u);
    }
    all.sort((a, b) => a.timeMs - b.timeMs);
    this.timeline = all;
    this.positionCount = all.length;
    for (const u of all) {
      let list = this.tracks.get(u.id);
      if (!list) this.tracks.set(u.id, (list = []));
      list.push(u);
    }
    this.alertList = [...alerts];
    this.t = fromMs;
    this.seek(fromMs);
  }

  /** Where playing is worth starting: the window's start, or its first fix if the record begins later. */
  get firstUsefulTime(): number {
    const first = this.timeline[0]?.timeMs;
    return first !== undefined && first > this.fromMs ? Math.min(first, this.toMs) : this.fromMs;
  }

  get time(): number {
    return this.t;
  }

  get units(): ReadonlyMap<string, LiveUnit> {
    return this.current;
  }

  get hasChanges(): boolean {
    return this.reset || this.dirty.size > 0 || this.removed.size > 0;
  }

  /** Moves the clock to `t` (clamped to the window): forward by playing the fixes in between, backward by rebuilding. */
  moveTo(t: number): void {
    const target = Math.min(this.toMs, Math.max(this.fromMs, t));
    if (target >= this.t) this.advance(target);
    else this.seek(target);
  }

  private advance(target: number): void {
    while (this.cursor < this.timeline.length && this.timeline[this.cursor]!.timeMs <= target) {
      const u = this.timeline[this.cursor++]!;
      this.current.set(u.id, u);
      this.dirty.set(u.id, u);
      this.removed.delete(u.id);
    }
    this.t = target;
  }

  private seek(target: number): void {
    this.current.clear();
    for (const [id, list] of this.tracks) {
      const i = lastAtOrBefore(list, target);
      if (i >= 0) this.current.set(id, list[i]!);
    }
    // The forward cursor: the first fix after the target.
    let lo = 0;
    let hi = this.timeline.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeline[mid]!.timeMs <= target) lo = mid + 1;
      else hi = mid;
    }
    this.cursor = lo;
    this.t = target;
    this.reset = true;
    this.dirty.clear();
    this.removed.clear();
  }

  drain(): UnitChanges {
    if (this.reset) {
      this.reset = false;
      this.dirty = new Map();
      this.removed = new Set();
      return { reset: true, changed: [...this.current.values()], removed: [] };
    }
    const out = { reset: false, changed: [...this.dirty.values()], removed: [...this.removed] };
    this.dirty = new Map();
    this.removed = new Set();
    return out;
  }

  trailCoordinates(id: string, sinceMs: number): [number, number][] {
    const out: [number, number][] = [];
    for (const u of this.tracks.get(id) ?? []) {
      if (u.timeMs > this.t) break;
      if (u.timeMs >= sinceMs) out.push([u.lon, u.lat]);
    }
    return out;
  }

  /** Every recorded fix, oldest first (for "who was inside"). */
  positions(): readonly LiveUnit[] {
    return this.timeline;
  }

  /** A unit's fixes up to the replay clock, newest last. */
  track(id: string): readonly LiveUnit[] {
    const list = this.tracks.get(id) ?? [];
    return list.slice(0, lastAtOrBefore(list, this.t) + 1);
  }

  /**
   * The alerts as they stood at the replay clock. The server records every version of an alert (raised, changed,
   * cleared, acknowledged; ordered by `updatedAt`): each alert shows its newest version made by then, with any
   * acknowledgement or clearing that came later taken off. One both cleared and acknowledged by then has left the list.
   */
  alertsNow(): Alert[] {
    const newest = new Map<string, { at: number; a: Alert }>();
    for (const a of this.alertList) {
      const at = Date.parse(a.updatedAt ?? a.raisedAt);
      if (at > this.t || Date.parse(a.raisedAt) > this.t) continue;
      const held = newest.get(a.id);
      if (!held || at >= held.at) newest.set(a.id, { at, a });
    }
    const out: Alert[] = [];
    for (const { a } of newest.values()) {
      const { acknowledgedAt, acknowledgedBy, clearedAt, ...rest } = a;
      const acked = acknowledgedAt !== undefined && Date.parse(acknowledgedAt) <= this.t;
      const cleared = clearedAt !== undefined && Date.parse(clearedAt) <= this.t;
      if (acked && cleared) continue;
      out.push({ ...rest, ...(acked ? { acknowledgedAt, ...(acknowledgedBy ? { acknowledgedBy } : {}) } : {}), ...(cleared ? { clearedAt } : {}) });
    }
    return out;
  }
}

/** The next replay clock after `elapsedMs` of wall time at `speed`, stopping at the end. */
export function replayStep(t: number, elapsedMs: number, speed: number, endMs: number): { t: number; ended: boolean } {
  const next = t + elapsedMs * speed;
  return next >= endMs ? { t: endMs, ended: true } : { t: next, ended: false };
}
