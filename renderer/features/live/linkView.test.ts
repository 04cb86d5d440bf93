import { describe, expect, it } from 'vitest';
import { freshnessOf } from '../../../shared/live/freshness';
import { evaluationTime, linkView, STALL_AFTER_MS } from './linkView';

const T0 = Date.parse('2024-08-26T14:00:00Z');
const unit = (ageS: number, expectedIntervalS = 10) => ({ timeMs: T0 - ageS * 1000, expectedIntervalS });

describe('link state', () => {
  const traffic = (lastMessageAt: number | null, typicalGapMs: number | null = 1000) => ({ lastMessageAt, typicalGapMs });
  it('is connected while data flows', () => {
    expect(linkView({ phase: 'connected', since: T0 - 60_000 }, traffic(T0 - 1000), T0).kind).toBe('connected');
  });
  it('turns stalled when a connected socket carries nothing for a while', () => {
    const v = linkView({ phase: 'connected', since: T0 - 60_000 }, traffic(T0 - STALL_AFTER_MS - 1), T0);
    expect(v).toEqual({ kind: 'stalled', since: T0 - STALL_AFTER_MS - 1, lastMessageAt: T0 - STALL_AFTER_MS - 1 });
  });
  it('waits longer before calling a slow-ticking server stalled', () => {
    expect(linkView({ phase: 'connected', since: T0 - 600_000 }, traffic(T0 - 20_000, 5000), T0).kind).toBe('connected');
    expect(linkView({ phase: 'connected', since: T0 - 600_000 }, traffic(T0 - 26_000, 5000), T0).kind).toBe('stalled');
  });
  it('is not stalled before it knows the rhythm, nor just after reconnecting', () => {
    expect(linkView({ phase: 'connected', since: T0 - 60_000 }, traffic(T0 - 30_000, null), T0).kind).toBe('connected');
    expect(linkView({ phase: 'connected', since: T0 - 1000 }, traffic(T0 - 60_000), T0).kind).toBe('connected');
  });
  it('reports down with the time it went down, the last contact and the attempt', () => {
    expect(linkView({ phase: 'down', since: T0 - 5000, attempt: 3, reason: 'transport close' }, traffic(T0 - 6000), T0)).toEqual({
      kind: 'down',
      since: T0 - 5000,
      lastMessageAt: T0 - 6000,
      attempt: 3,
      reason: 'transport close',
    });
  });
  it('freezes unit ages at the last contact while the link is down or stalled, on the server clock', () => {
    const offset = 250;
    expect(evaluationTime({ kind: 'connected', since: 0 }, T0, offset)).toEqual({ atMs: T0 + offset, frozen: false });
    expect(evaluationTime({ kind: 'down', since: T0 - 5000, lastMessageAt: T0 - 6000, attempt: 1 }, T0, offset)).toEqual({
      atMs: T0 - 6000 + offset,
      frozen: true,
    });
    expect(evaluationTime({ kind: 'down', since: T0 - 5000, lastMessageAt: null, attempt: 1 }, T0, 0)).toEqual({ atMs: T0 - 5000, frozen: true });
    expect(evaluationTime({ kind: 'stalled', since: T0 - 20_000, lastMessageAt: T0 - 20_000 }, T0, 0)).toEqual({ atMs: T0 - 20_000, frozen: true });
  });
  it('a unit that was fresh when the link dropped stays fresh while it is down', () => {
    const u = unit(0, 5);
    const down = linkView({ phase: 'down', since: T0 + 1000, attempt: 4 }, traffic(T0), T0 + 10 * 60_000);
    expect(freshnessOf(u, evaluationTime(down, T0 + 10 * 60_000, 0).atMs)).toBe('fresh');
  });
});
