import { describe, expect, it } from 'vitest';
import { alert, delta, report, snapshot } from '../../shared/live/fixtures';
import { parseAck, parseAlert, parseDelta, parseHeartbeat, parseHistory, parsePlanEvent, parseSnapshot } from './parse';

describe('parsing server payloads', () => {
  it('keeps the good units of a delta and counts the bad ones', () => {
    const r = parseDelta({ ...delta(11, [report('a')]), units: [report('a'), { id: 'b' }, { ...report('c'), lon: 400 }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.value.units.map((u) => u.id)).toEqual(['a']);
    expect(r.value.dropped).toBe(2);
    expect(r.value.problem).toMatch(/delta unit/);
  });
  it('refuses a whole message whose envelope is wrong', () => {
    expect(parseDelta({ seq: 'eleven' }).ok).toBe(false);
    expect(parseDelta(null).ok).toBe(false);
    expect(parseSnapshot({ ...snapshot([]), seq: -1 }).ok).toBe(false);
  });
  it('fills protocol defaults (status, interval) as the schema says', () => {
    const { status: _s, expectedIntervalS: _e, ...bare } = report('a');
    const r = parseSnapshot({ ...snapshot([]), units: [bare] });
    expect(r.ok && r.value.value.units[0]).toMatchObject({ status: 'available', expectedIntervalS: 10 });
  });
  it('drops an invalid plan from a snapshot but keeps the units', () => {
    const r = parseSnapshot({ ...snapshot([report('a')]), plan: { nope: 1 } });
    expect(r.ok && r.value.value.plan).toBeNull();
    expect(r.ok && r.value.value.units).toHaveLength(1);
    expect(r.ok && r.value.dropped).toBe(1);
    expect(parsePlanEvent({ operationId: 'op-1', plan: {} }).ok).toBe(false);
  });
  it('reads acknowledgement answers: a value, a refusal, or nonsense', () => {
    expect(parseAck({ ok: true, value: alert('x') }, parseAlert)).toMatchObject({ ok: true, value: { id: 'x' } });
    expect(parseAck({ ok: false, error: 'Viewers may not acknowledge' }, parseAlert)).toEqual({ ok: false, error: 'Viewers may not acknowledge' });
    expect(parseAck('??', parseAlert).ok).toBe(false);
    expect(parseAck({ ok: true, value: { id: 1 } }, parseAlert).ok).toBe(false);
  });
  it('reads a heartbeat, and refuses one without a whole seq or a time', () => {
    expect(parseHeartbeat({ operationId: 'op-1', seq: 4, serverTime: '2024-08-26T14:00:00.000Z' })).toMatchObject({ ok: true, value: { seq: 4 } });
    expect(parseHeartbeat({ operationId: 'op-1', seq: 4.5, serverTime: '2024-08-26T14:00:00.000Z' }).ok).toBe(false);
    expect(parseHeartbeat({ operationId: 'op-1', seq: 4 }).ok).toBe(false);
  });
  it('keeps the good positions of a history answer', () => {
    const r = parseHistory({ positions: [report('a'), 5], alerts: [alert('x')], truncated: true });
    expect(r.ok && [r.value.value.positions.length, r.value.value.alerts.length, r.value.value.truncated, r.value.dropped]).toEqual([1, 1, true, 1]);
  });
});
