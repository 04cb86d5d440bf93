/**
 * Failed logins are limited per user name and per client address: after `maxFailures` failures within `windowMs`,
 * further attempts for that name (or from that address) are refused until the oldest failure leaves the window,
 * before any password is checked. A success clears the user name's count (not the address's: one address guessing
 * many names stays limited).
 */
export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds to wait before this name or address may try again, or 0. */
  waitMs(userName: string, address: string): number {
    let wait = 0;
    for (const key of [`u:${userName.toLowerCase()}`, `a:${address}`]) {
      const list = this.recent(key);
      if (list.length >= this.limits.maxFailures) wait = Math.max(wait, list[list.length - this.limits.maxFailures]! + this.limits.windowMs - this.now());
    }
    return Math.max(0, wait);
  }

  failed(userName: string, address: string): void {
    for (const key of [`u:${userName.toLowerCase()}`, `a:${address}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeeded(userName: string): void {
    this.failures.delete(`u:${userName.toLowerCase()}`);
  }
}
