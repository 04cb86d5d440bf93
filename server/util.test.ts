import { describe, expect, it } from 'vitest';
import { TokenBucket } from './util';

describe('TokenBucket', () => {
  it('takes up to the burst, then refills at the rate', () => {
    const b = new TokenBucket(100, 1000, 0);
    expect(b.take(0, 1000)).toBe(true);
    expect(b.take(0, 1)).toBe(false);
    expect(b.waitMs(0, 500)).toBe(5000);
    expect(b.take(4000, 500)).toBe(false); // all or nothing: 400 are there, none are taken
    expect(b.take(5000, 500)).toBe(true);
  });

  it('goes into debt when forced, and what follows waits for it', () => {
    const b = new TokenBucket(100, 1000, 0);
    b.force(0, 1500);
    expect(b.waitMs(0, 1)).toBe(5010);
    expect(b.take(5000, 1)).toBe(false);
    expect(b.take(5010, 1)).toBe(true);
  });

  it('lets a cost larger than the burst go when the bucket is full (the rest is debt), or refuses it, as configured', () => {
    expect(new TokenBucket(100, 1000, 0).take(0, 3000)).toBe(false);
    const b = new TokenBucket(100, 1000, 0, 'debt');
    expect(b.take(0, 3000)).toBe(true);
    expect(b.waitMs(0, 3000)).toBe(30_000); // from -2000 back to full
  });

  it('gives refunded tokens back, never above the burst', () => {
    const b = new TokenBucket(100, 1000, 0, 'debt');
    b.take(0, 600);
    b.refund(600);
    b.refund(600);
    expect(b.waitMs(0, 1000)).toBe(0);
    expect(b.take(0, 1001)).toBe(true);
  });

  it('ignores a clock that steps back', () => {
    const b = new TokenBucket(100, 1000, 10_000);
    b.take(10_000, 1000);
    expect(b.take(5_000, 1)).toBe(false);
    expect(b.waitMs(10_000, 100)).toBe(1000);
  });
});
