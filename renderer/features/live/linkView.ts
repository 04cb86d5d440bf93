/**
 * The state of our link to the command server as the control room sees it, and the instant unit ages are measured
 * at: when the link is down or stalled, ages are frozen "as of last contact" so a lost link never looks like units
 * going silent (freshness itself is shared/live/freshness.ts). Pure; times are epoch milliseconds.
 */
import type { LinkState } from '../../net/link';

export type { LinkPhase, LinkState } from '../../net/link';

/** What we know about traffic from the server, kept by the live store. */
export interface LinkTraffic {
  /** When the last snapshot, delta or heartbeat arrived (client clock). */
  lastMessageAt: number | null;
  /** Typical gap between deltas and heartbeats (exponentially weighted), ms; null until a few have arrived. */
  typicalGapMs: number | null;
}

/** A connected link that has carried nothing for this long (and much longer than its usual rhythm) is stalled. */
export const STALL_AFTER_MS = 10_000;

export type LinkView =
  | { kind: 'connecting'; since: number }
  | { kind: 'connected'; since: number }
  | { kind: 'stalled'; since: number; lastMessageAt: number }
  | { kind: 'down'; since: number; lastMessageAt: number | null; attempt: number; reason?: string }
  | { kind: 'rejected'; since: number; reason: string }
  /** The person's access to this operation ended (removed from it): the picture is frozen at that moment. */
  | { kind: 'ended'; since: number; reason: string };

/**
 * How the link looks to the control room right now. A socket that is nominally connected but has carried no data
 * for STALL_AFTER_MS (or 5x the server's usual tick, if that is longer) counts as stalled: the transport's own
 * ping can take most of a minute to notice a dead link, and those seconds must not age every unit. A quiet operation
 * is not silence: the server sends a protocol `heartbeat` every `heartbeatMs` (2 s by default, at most 9 s) when it
 * has nothing else for us, and the store counts it as traffic.
 */
export function linkView(link: LinkState, traffic: LinkTraffic, nowMs: number): LinkView {
  switch (link.phase) {
    case 'connecting':
      return { kind: 'connecting', since: link.since };
    case 'rejected':
      return { kind: 'rejected', since: link.since, reason: link.reason ?? 'The command server refused the connection.' };
    case 'down':
      return {
        kind: 'down',
        since: link.since,
        lastMessageAt: traffic.lastMessageAt,
        attempt: link.attempt ?? 0,
        ...(link.reason ? { reason: link.reason } : {}),
      };
    case 'connected': {
      const last = traffic.lastMessageAt;
      if (last === null || traffic.typicalGapMs === null) return { kind: 'connected', since: link.since };
      const limit = Math.max(STALL_AFTER_MS, traffic.typicalGapMs * 5);
      if (nowMs - Math.max(last, link.since) > limit) return { kind: 'stalled', since: last, lastMessageAt: last };
      return { kind: 'connected', since: link.since };
    }
  }
}

/**
 * The instant unit ages are measured at, on the server's clock: now while the link is live; frozen at the last
 * contact while it is stalled or down (ages "as of last contact").
 */
export function evaluationTime(view: LinkView, nowMs: number, clockOffsetMs: number): { atMs: number; frozen: boolean } {
  switch (view.kind) {
    case 'connected':
    case 'connecting':
      return { atMs: nowMs + clockOffsetMs, frozen: false };
    case 'stalled':
      return { atMs: view.lastMessageAt + clockOffsetMs, frozen: true };
    case 'down':
      return { atMs: (view.lastMessageAt ?? view.since) + clockOffsetMs, frozen: true };
    case 'rejected':
    case 'ended':
      return { atMs: view.since + clockOffsetMs, frozen: true };
  }
}
