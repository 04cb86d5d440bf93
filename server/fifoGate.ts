/**
 * A counting semaphore with a bounded first-in-first-out queue: at most `limit` holders at once, at most `queueMax`
 * waiting. A full queue refuses at once (null) rather than growing: under a flood the server says "busy" in
 * microseconds instead of holding thousands of requests (and their sockets' memory) until they time out anyway.
 */
export type Release = () => void;

export class FifoGate {
  private running = 0;
  private readonly waiting: Array<(release: Release) => void> = [];

  constructor(
    readonly limit: number,
    readonly queueMax: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves to a release function once it is this caller's turn, or to null at once when the queue is full. */
  enter(): Promise<Release | null> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queueMax) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return; // releasing twice must not free someone else's slot
      done = true;
      const next = this.waiting.shift();
      // The slot passes straight to the oldest waiter, so `running` never dips and a newcomer cannot jump the queue.
      if (next) next(this.releaser());
      else this.running--;
    };
  }
}
