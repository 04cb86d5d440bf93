import { describe, expect, it } from 'vitest';
import { delta, snapshot } from '../../shared/live/fixtures';
import { decideDelta, MAX_HELD_DELTAS, Sequencer } from './sequencer';

describe('sequence numbers', () => {
  it('apply the next, ignore repeats, and call a skip a gap', () => {
    expect(decideDelta(10, { seq: 11 })).toBe('apply');
    expect(decideDelta(10, { seq: 10 })).toBe('duplicate');
    expect(decideDelta(10, { seq: 9 })).toBe('duplicate');
    expect(decideDelta(10, { seq: 12 })).toBe('gap');
  });
  it('apply a merged delta that builds on the state held (a slow client skipped ticks)', () => {
    expect(decideDelta(10, { seq: 14, fromSeq: 10 })).toBe('apply');
    expect(decideDelta(10, { seq: 14, fromSeq: 7 })).toBe('apply');
    expect(decideDelta(10, { seq: 14, fromSeq: 11 })).toBe('gap');
    expect(decideDelta(14, { seq: 14, fromSeq: 7 })).toBe('duplicate');
  });

  it('hold deltas that arrive before their snapshot and replay those that follow on from it', () => {
    const s = new Sequencer();
    s.beginSync();
    expect(s.delta(delta(10, [])).kind).toBe('held');
    expect(s.delta(delta(12, [])).kind).toBe('held');
    expect(s.delta(delta(11, [])).kind).toBe('held');
    const out = s.snapshot(snapshot([], { seq: 10 }));
    expect(out.kind === 'deliver' && out.deltas.map((d) => d.seq)).toEqual([11, 12]);
    expect(s.lastSeq).toBe(12);
    expect(s.delta(delta(14, []))).toEqual({ kind: 'gap', expected: 13, got: 14 });
  });

  it('report a gap between the snapshot and what was held', () => {
    const s = new Sequencer();
    s.beginSync();
    s.delta(delta(15, []));
    expect(s.snapshot(snapshot([], { seq: 10 }))).toEqual({ kind: 'gap', expected: 11, got: 15 });
  });

  it('call a heartbeat beyond the seq held a gap (the last delta went missing), but only once live', () => {
    const s = new Sequencer();
    s.beginSync();
    expect(s.heartbeat(50)).toEqual({ kind: 'ok' }); // may describe the previous subscription
    s.snapshot(snapshot([], { seq: 10 }));
    expect(s.heartbeat(10)).toEqual({ kind: 'ok' });
    expect(s.heartbeat(9)).toEqual({ kind: 'ok' });
    expect(s.heartbeat(11)).toEqual({ kind: 'gap', expected: 11, got: 11 });
    s.delta(delta(11, []));
    expect(s.heartbeat(11)).toEqual({ kind: 'ok' });
    s.stop();
    expect(s.heartbeat(99)).toEqual({ kind: 'ok' });
  });

  it('hold a bounded number of deltas, and nothing once stopped', () => {
    const s = new Sequencer();
    s.beginSync();
    for (let i = 0; i < MAX_HELD_DELTAS + 10; i++) s.delta(delta(11 + i, []));
    const out = s.snapshot(snapshot([], { seq: 10 }));
    expect(out.kind).toBe('gap');
    s.stop();
    expect(s.delta(delta(1000, [])).kind).toBe('duplicate');
  });
});
