import { describe, expect, it } from 'vitest';
import { alertPlace, countOpen, groupAlerts, mayAcknowledge, sortAlerts } from './alerts';
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

describe('grouping for the control room', () => {
  it('groups cleared, unacknowledged alerts apart; emergencies and acknowledged ones stay in the list', () => {
    const { current, cleared } = groupAlerts([
      alert('open', { severity: 'high' }),
      alert('gone-1', { clearedAt: iso(T0 + 1000) }),
      alert('gone-2', { clearedAt: iso(T0 + 2000), raisedAt: iso(T0 + 10) }),
      alert('emergency-gone', { kind: 'emergency', clearedAt: iso(T0 + 1000) }),
      alert('seen', { acknowledgedBy: 'PS Grey', acknowledgedAt: iso(T0 + 500) }),
    ]);
    expect(current.map((a) => a.id)).toEqual(['emergency-gone', 'open', 'seen']);
    expect(cleared.map((a) => a.id)).toEqual(['gone-2', 'gone-1']);
  });
  it('offers Acknowledge to controllers and commanders, not to viewers or planners', () => {
    expect(mayAcknowledge({ role: 'controller' })).toBe(true);
    expect(mayAcknowledge({ role: 'commander' })).toBe(true);
    expect(mayAcknowledge({ role: 'viewer' })).toBe(false);
    expect(mayAcknowledge({ role: 'planner' })).toBe(false);
    expect(mayAcknowledge(null)).toBe(true);
  });
});
