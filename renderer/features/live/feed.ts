/** What the map's live layers draw from: the live store, or a replay of recorded history. */
import type { LiveUnit, UnitChanges } from './liveStore';

export interface UnitFeed {
  readonly units: ReadonlyMap<string, LiveUnit>;
  readonly hasChanges: boolean;
  /** Each unit changed since the last drain, once. */
  drain(): UnitChanges;
  trailCoordinates(id: string, sinceMs: number): [number, number][];
}
