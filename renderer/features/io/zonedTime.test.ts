import { describe, expect, it } from 'vitest';
import { isIsoDate, isKnownTimeZone, zonedIso } from './zonedTime';

describe('zonedIso', () => {
  it('uses BST in summer and GMT in winter for Europe/London', () => {
    expect(zonedIso('2025-08-24', 7, 0, 'Europe/London')).toBe('2025-08-24T07:00:00+01:00');
    expect(zonedIso('2025-01-15', 7, 30, 'Europe/London')).toBe('2025-01-15T07:30:00+00:00');
    expect(zonedIso('2025-08-24', 6, 0, 'Europe/London', 1)).toBe('2025-08-25T06:00:00+01:00');
    expect(zonedIso('2025-12-31', 23, 0, 'Europe/London', 1)).toBe('2026-01-01T23:00:00+00:00');
  });

  it('handles the clock changes and other zones', () => {
    expect(zonedIso('2025-03-30', 3, 0, 'Europe/London')).toBe('2025-03-30T03:00:00+01:00');
    expect(zonedIso('2025-10-26', 3, 0, 'Europe/London')).toBe('2025-10-26T03:00:00+00:00');
    expect(zonedIso('2025-08-24', 7, 0, 'America/New_York')).toBe('2025-08-24T07:00:00-04:00');
  });

  it('validates dates and zones', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('24/08/2025')).toBe(false);
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
