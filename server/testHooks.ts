/**
 * Test-only hooks into a command server, given as `createCommandServer({ testing })` and absent otherwise: the app's
 * own tests use them to put faults a real network or a faulty server produces (a lost delta, a malformed message)
 * into one server's stream, so that the screen's client is tested against the real server rather than a stand-in.
 * Nothing here is reachable from the command line or a config file.
 */
export interface ServerTestHooks {
  /**
   * Asked for each subscriber a delta is about to be sent to: true loses it on the way, as a dropped packet would
   * (the server counts it sent and carries on from its seq).
   */
  loseDelta?(operationId: string, socketId: string): boolean;
}

/** What a server started with `testing` hands back to its test. */
export interface ServerTestHandle {
  /** Send an event, exactly as given, to every connected socket: what a faulty (or newer) server might send. */
  emitRaw(event: string, payload: unknown): void;
}
