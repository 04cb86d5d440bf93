import { describe, expect, it } from 'vitest';
import { FifoGate, type Release } from './fifoGate';

describe('FifoGate', () => {
  it('lets `limit` in, queues the next in order, refuses beyond the queue, and hands slots over on release', async () => {
    const gate = new FifoGate(1, 2);
    const first = (await gate.enter())!;
    const order: string[] = [];
    const b = gate.enter().then((r) => (order.push('b'), r));
    const c = gate.enter().then((r) => (order.push('c'), r));
    expect(await gate.enter()).toBeNull();
    expect([gate.active, gate.queued]).toEqual([1, 2]);
    first();
    const rb = (await b)!;
    expect(order).toEqual(['b']);
    rb();
    const rc = (await c)!;
    expect(order).toEqual(['b', 'c']);
    rc();
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('ignores a second release of the same slot', async () => {
    const gate = new FifoGate(2, 0);
    const a = (await gate.enter())!;
    const b: Release = (await gate.enter())!;
    a();
    a();
    expect(gate.active).toBe(1);
    b();
    expect(gate.active).toBe(0);
  });
});
