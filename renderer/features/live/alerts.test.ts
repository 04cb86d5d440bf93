import { describe, expect, it } from 'vitest';
import { alertPlace, countOpen, sortAlerts } from './alerts';
import { alert, iso, T0 } from '../../../shared/live/fixtures';

describe('alert ordering', () => {
  it('puts open alerts first, emergencies on top, then by severity, then newest first', () => {
    const sorted = sortAlerts([
      alert('low-new', { severity: 'low', raisedAt: iso(T0 + 9000) }),
      alert('high-old', { severity: 'high', raisedAt: iso(T0) }),
      alert('high-new', { severity: 'high', raisedAt: iso(T0 + 5000) }),
      alert('crit-acked', { severity: 'critical', raisedAt: iso(T0 + 9000), acknowledgedBy: 'A', acknowledgedAt: iso(T0 + 9500) }),
      alert('emergency', { kind: 'emergency', severity: 'high', raisedAt: iso(T0 - 60_000) }),
      alert('critical', { severity: 'critical', raisedAt: iso(T0) }),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['emergency', 'critical', 'high-new', 'high-old', 'low-new', 'crit-acked']);
  });
  it('is stable for alerts raised at the same time', () => {
    expect(sortAlerts([alert('b'), alert('a')]).map((a) => a.id)).toEqual(['a', 'b']);
  });
  it('gives a place as a 10-figure grid reference', () => {
    expect(alertPlace({ lon: -0.126, lat: 51.5218 })).toMatch(/^TQ \d{5} \d{5}$/);
    expect(alertPlace({})).toBeNull();
  });
  it('counts open alerts and emergencies', () => {
    expect(countOpen([alert('a'), alert('b', { kind: 'emergency' }), alert('c', { acknowledgedAt: iso(T0) })])).toEqual({ open: 2, emergencies: 1 });
  });
});
