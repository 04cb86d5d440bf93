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
