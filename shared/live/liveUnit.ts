/**
 * The live unit as every screen and the map hold it (a position report with its times parsed once), and the feed
 * the map's live layers draw from: the live store, or a replay of recorded history. Pure types and one converter.
 */
import type { PositionReport } from '../protocol';

export interface LiveUnit extends PositionReport {
  /** `time` as epoch ms (parsed once, not on every freshness check). */
  timeMs: number;
  staleAtMs?: number;
  /** When this client received the report (client clock). */
  receivedAt: number;
}

export interface UnitChanges {
  /** Everything must be redrawn (a new snapshot): `changed` then holds every unit. */
  reset: boolean;
  changed: LiveUnit[];
  removed: string[];
}

/** What the map's live layers draw from: the live store, or a replay of recorded history. */
export interface UnitFeed {
  readonly units: ReadonlyMap<string, LiveUnit>;
  readonly hasChanges: boolean;
  /** Each unit changed since the last drain, once. */
  drain(): UnitChanges;
  trailCoordinates(id: string, sinceMs: number): [number, number][];
}

/** A report with its times parsed; null when its time is not a time (it cannot be placed in a trail or aged). */
export function toLiveUnit(r: PositionReport, receivedAt: number): LiveUnit | null {
  const timeMs = Date.parse(r.time);
  if (!Number.isFinite(timeMs)) return null;
  const staleAtMs = r.staleAt ? Date.parse(r.staleAt) : NaN;
  return Number.isFinite(staleAtMs) ? { ...r, timeMs, staleAtMs, receivedAt } : { ...r, timeMs, receivedAt };
}
