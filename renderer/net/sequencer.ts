/**
 * Keeps one subscription's stream whole: a snapshot, then deltas that follow on from it. A delta covers the changes
 * after `fromSeq` (default `seq - 1`) up to `seq`; holding state `last`, it applies when `fromSeq <= last < seq` (a
 * slow client gets merged deltas with an older `fromSeq`), is a repeat when `seq <= last`, and means something was
 * lost when `fromSeq > last`: the subscription must resync (subscribe again for a fresh snapshot). Deltas that arrive
 * while a snapshot is on its way are held and replayed after it. A heartbeat carries the seq the server has sent up
 * to: holding less means the last delta (before a quiet spell) went missing, which is a gap too. Pure.
 */
import type { Delta, Snapshot } from '../../shared/protocol';

export type DeltaDecision = 'apply' | 'duplicate' | 'gap';

export function decideDelta(lastSeq: number, d: Pick<Delta, 'seq' | 'fromSeq'>): DeltaDecision {
  if (d.seq <= lastSeq) return 'duplicate';
  return (d.fromSeq ?? d.seq - 1) <= lastSeq ? 'apply' : 'gap';
}

/** Deltas held while a snapshot is awaited; beyond this the oldest go (a gap then forces another resync). */
export const MAX_HELD_DELTAS = 120;

export type SequencerOutput = { kind: 'deliver'; deltas: Delta[] } | { kind: 'held' } | { kind: 'duplicate' } | { kind: 'gap'; expected: number; got: number };

export class Sequencer {
  /** 'syncing' from subscribe until its snapshot arrives. */
  state: 'idle' | 'syncing' | 'live' = 'idle';
  lastSeq: number | null = null;
  private held: Delta[] = [];

  beginSync(): void {
    this.state = 'syncing';
    this.lastSeq = null;
    this.held = [];
  }

  /** The link dropped: nothing held is worth keeping, and a snapshot must come first again. */
  stop(): void {
    this.state = 'idle';
    this.lastSeq = null;
    this.held = [];
  }

  /** Takes a snapshot; returns the held deltas that follow on from it, or a gap if they do not. */
  snapshot(s: Snapshot): SequencerOutput {
    this.state = 'live';
    this.lastSeq = s.seq;
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    const deliver: Delta[] = [];
    for (const d of held) {
      const r = this.delta(d);
      if (r.kind === 'gap') return r;
      if (r.kind === 'deliver') deliver.push(...r.deltas);
    }
    return { kind: 'deliver', deltas: deliver };
  }

  /**
   * A heartbeat saying the server has sent this stream up to `seq`. Only judged while live: before the snapshot
   * arrives it may describe the previous subscription, and the snapshot settles the seq anyway.
   */
  heartbeat(seq: number): { kind: 'ok' } | { kind: 'gap'; expected: number; got: number } {
    if (this.state !== 'live' || this.lastSeq === null || seq <= this.lastSeq) return { kind: 'ok' };
    return { kind: 'gap', expected: this.lastSeq + 1, got: seq };
  }

  delta(d: Delta): SequencerOutput {
    if (this.state === 'idle') return { kind: 'duplicate' };
    if (this.state === 'syncing') {
      this.held.push(d);
      if (this.held.length > MAX_HELD_DELTAS) this.held.shift();
      return { kind: 'held' };
    }
    const last = this.lastSeq ?? 0;
    const decision = decideDelta(last, d);
    if (decision === 'duplicate') return { kind: 'duplicate' };
    if (decision === 'gap') return { kind: 'gap', expected: last + 1, got: d.seq };
    this.lastSeq = d.seq;
    return { kind: 'deliver', deltas: [d] };
  }
}
