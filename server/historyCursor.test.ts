import { describe, expect, it } from 'vitest';
import { CURSOR_ERRORS, decodeCursor, encodeCursor, fingerprint } from './historyCursor';

const key = { operationId: 'op', fromMs: 1000, toMs: 9000, unitIds: ['b', 'a'] };

describe('history cursor', () => {
  it('round-trips, clamping the rows it carries to the page size asked now', () => {
    const c = encodeCursor(key, { timeMs: 5000, seq: 42 }, 4000);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/); // safe to carry anywhere as-is
    expect(decodeCursor(c, key, 5000)).toEqual({ ok: true, value: { after: { timeMs: 5000, seq: 42 }, rows: 4000 } });
    expect(decodeCursor(c, key, 100)).toEqual({ ok: true, value: { after: { timeMs: 5000, seq: 42 }, rows: 100 } });
  });

  it('names the query: same units in any order match, anything else does not', () => {
    expect(fingerprint({ ...key, unitIds: ['a', 'b', 'a'] })).toBe(fingerprint(key));
    expect(fingerprint({ ...key, unitIds: undefined })).not.toBe(fingerprint(key));
    expect(fingerprint({ ...key, operationId: 'other' })).not.toBe(fingerprint(key));
    const c = encodeCursor(key, { timeMs: 5000, seq: 1 }, 10);
    expect(decodeCursor(c, { ...key, fromMs: 0 }, 10)).toEqual({ ok: false, error: CURSOR_ERRORS.foreign });
  });

  it('refuses garbage and tampered bodies', () => {
    for (const bad of ['%%%', 'e30', Buffer.from('{"v":1,"q":"x","t":"a","s":1,"r":1}').toString('base64url')]) {
      expect(decodeCursor(bad, key, 10)).toEqual({ ok: false, error: CURSOR_ERRORS.invalid });
    }
  });
});
