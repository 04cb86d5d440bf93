import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './loginLimiter';

describe('LoginLimiter', () => {
  it('holds back a user name after too many failures, until the oldest leaves the window; success clears the name', () => {
    let now = 0;
    const l = new LoginLimiter({ maxFailures: 3, windowMs: 60_000 }, () => now);
    for (const t of [0, 10_000, 20_000]) {
      now = t;
      expect(l.waitMs('jsmith', '10.0.0.1')).toBe(0);
      l.failed('jsmith', `10.0.0.${t / 10_000 + 1}`);
    }
    now = 30_000;
    expect(l.waitMs('JSMITH', '10.0.0.9')).toBe(30_000);
    now = 60_001;
    expect(l.waitMs('jsmith', '10.0.0.9')).toBe(0);
    l.failed('jsmith', 'x');
    l.succeeded('jsmith');
    expect(l.waitMs('jsmith', '10.0.0.9')).toBe(0);
  });

  it('holds back an address guessing many names', () => {
    const l = new LoginLimiter({ maxFailures: 2, windowMs: 1000 }, () => 0);
    l.failed('a', '10.0.0.1');
    l.failed('b', '10.0.0.1');
    expect(l.waitMs('c', '10.0.0.1')).toBe(1000);
    expect(l.waitMs('c', '10.0.0.2')).toBe(0);
  });
});
