/** Small helpers shared by the server's modules. */
import type { z } from 'zod';

/** A zod error as one short line: the first few issues as `path: message`. */
export function describeZodError(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => {
    const path = i.path.length > 0 ? i.path.map(String).join('.') : '(root)';
    return `${path}: ${i.message}`;
  });
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A token bucket: `rate` tokens per second up to `burst`. `take()` says whether the caller may go ahead. Time comes
 * from the caller so that tests can drive it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }
  take(now: number, cost = 1): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return true;
    }
    return false;
  }
}

export type Logger = (line: string) => void;
