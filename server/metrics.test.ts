import { describe, expect, it } from 'vitest';
import { EventLoopMonitor, Metrics } from './metrics';

describe('EventLoopMonitor', () => {
  it('reports the lag of a blocked event loop in the /metrics gauges', async () => {
    const metrics = new Metrics();
    const monitor = new EventLoopMonitor(metrics, { resolutionMs: 10, windowMs: 60_000 });
    try {
      expect(metrics.snapshot().gauges['eventLoop.lagMaxMs']).toBe(0); // no window closed yet
      // Real time is the thing measured (the monitor samples the event loop's delay): let it take a few samples.
      await new Promise((r) => setTimeout(r, 50));
      const until = Date.now() + 150;
      while (Date.now() < until); // hold the loop, as a big synchronous read would
      // ...and a few more after the block, so that the blocked interval is recorded before the window rolls.
      await new Promise((r) => setTimeout(r, 30));
      monitor.roll();
      const g = metrics.snapshot().gauges;
      expect(g['eventLoop.lagMaxMs']).toBeGreaterThanOrEqual(100);
      expect(g['eventLoop.lagP99Ms']).toBeGreaterThanOrEqual(g['eventLoop.lagP50Ms']!);
      expect(metrics.get('eventLoop.lagMaxMsEver')).toBeGreaterThanOrEqual(100);
    } finally {
      monitor.stop();
    }
  });
});
