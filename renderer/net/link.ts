/** The state of our link to the command server, as the socket wrapper reports it. */
export type LinkPhase = 'connecting' | 'connected' | 'down' | 'rejected';

export interface LinkState {
  phase: LinkPhase;
  /** When the link entered this phase (client clock, ms). */
  since: number;
  /** Why the server refused us, or why the link dropped. */
  reason?: string;
  /** Reconnection attempts so far in this outage. */
  attempt?: number;
}

/**
 * Whether the server we are connected to reaches the other command-server processes (scale-out through Redis).
 * 'down': it serves its own sources only; updates fed to other processes (other control rooms) do not reach us.
 * `null`: not part of a cluster, or not known (not connected, no snapshot yet).
 */
export interface ClusterLinkState {
  state: 'up' | 'down' | null;
  /** When it entered this state (client clock, ms). */
  since: number;
}
