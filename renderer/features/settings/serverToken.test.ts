import { describe, expect, it } from 'vitest';
import { DEV_SERVER_TOKEN, readServerToken, writeServerToken } from './serverToken';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('server token', () => {
  it('falls back to the development token until one is entered', () => {
    expect(readServerToken(memory())).toBe(DEV_SERVER_TOKEN);
    expect(readServerToken(null)).toBe(DEV_SERVER_TOKEN);
  });
  it('stores a valid token for the session and refuses a short one', () => {
    const s = memory();
    expect(writeServerToken(s, '  controller-secret-1 ')).toBeNull();
    expect(readServerToken(s)).toBe('controller-secret-1');
    expect(writeServerToken(s, 'short')).toMatch(/8 characters/);
    expect(readServerToken(s)).toBe('controller-secret-1');
  });
});
