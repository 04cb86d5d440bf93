/** Small helpers shared by the server's modules. */
import type { z } from 'zod';
import { formatZodError } from '../shared/util/zodError';

/** A zod error as one short line: the first few issues as `path: message` (the app's one formatter). */
export function describeZodError(error: z.ZodError, max = 3): string {
  return formatZodError(error, { max });
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A token bucket: `rate` tokens per second up to `burst`. `take()` says whether the caller may go ahead. Time comes
 * from the caller so that tests can drive it. `force()` takes tokens even into debt (for what must never be refused:
 * emergencies), so that whatever follows waits for the debt to be paid off and the average rate still holds.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /**
   * `oversize`: what `take()` does with a cost larger than the burst. 'refuse' (events: one CoT chunk of more events
   * than the burst is a flood); 'debt' (a feed's batch of reports: it goes when the bucket is full, the rest is debt,
   * or a gateway whose batches are larger than its burst could never send).
   */
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
    private readonly oversize: 'refuse' | 'debt' = 'refuse',
  ) {
    this.tokens = burst;
    this.last = now;
  }
  take(now: number, cost = 1): boolean {
    this.refill(now);
    if (this.tokens >= this.need(cost)) {
      this.tokens -= cost;
      return true;
    }
    return false;
  }
  force(now: number, cost = 1): void {
    this.refill(now);
    this.tokens -= cost;
  }
  /** Give back tokens taken for work that was then not done. */
  refund(cost: number): void {
    this.tokens = Math.min(this.burst, this.tokens + cost);
  }
  /** Milliseconds until `take(cost)` would succeed (0: now). */
  waitMs(now: number, cost = 1): number {
    this.refill(now);
    const missing = this.need(cost) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.rate) * 1000);
  }
  /** A cost larger than the burst could never fit: it goes when the bucket is full, and the rest is debt. */
  private need(cost: number): number {
    return this.oversize === 'debt' ? Math.min(cost, this.burst) : cost;
  }
  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
  }
}

export type Logger = (line: string) => void;
