/**
 * Connection exhaustion: silent or trickling connections must not hold the listener's slots. Each address gets a
 * capped number of connections, a connection must deliver a complete event within a short deadline, and one that goes
 * quiet after that is closed on the idle timeout, all by the server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing';
import { pli, sos, startRecordedListener, tcp, type Recorded } from './testHelpers';

let r: Recorded | null = null;
const sockets: Array<{ destroy(): void }> = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await r?.listener.close();
  r = null;
});

async function open(n: number) {
  const out = await Promise.all(Array.from({ length: n }, () => tcp(r!.listener.port)));
  for (const c of out) sockets.push(c.socket);
  return out;
}

/** Resolves true when `p` settles within `ms`. */
const within = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), ms))]);

describe('CoT connection limits', () => {
  it('refuses connections over the per-address cap and destroys silent ones at the first-event deadline; a device then gets through', async () => {
    r = await startRecordedListener({ limits: { maxCotConnections: 8, maxCotConnectionsPerAddress: 5, cotFirstEventTimeoutMs: 500 } });
    const silent = await open(12);
    for (const c of silent) c.socket.write('<');
    // Over the cap: closed at once.
    await waitFor(() => r!.metrics.get('cot.connections.refused.perAddress') === 7, 3000, 'per-address refusals');
    // The rest: closed by the server at the deadline (we never close them ourselves).
    expect(await within(Promise.all(silent.map((c) => c.closed)), 3000)).toBe(true);
    expect(r.metrics.get('cot.connections.timedOut')).toBe(5);
    const dev = await tcp(r.listener.port);
    sockets.push(dev.socket);
    dev.socket.write(sos('dev-1'));
    await waitFor(() => r!.signals.some((s) => s.unitId === 'dev-1'), 3000, 'the emergency after the flood of idle sockets');
  });

  it('keeps one address from taking the slots of the others', async () => {
    r = await startRecordedListener({ limits: { maxCotConnections: 50, maxCotConnectionsPerAddress: 5, cotFirstEventTimeoutMs: 60_000 } });
    const silent = await open(30);
    for (const c of silent) c.socket.write('<');
    await waitFor(() => r!.metrics.get('cot.connections.refused.perAddress') === 25, 3000, 'per-address refusals');
    // 127.0.0.2 is loopback too, but another address: its device gets in while 127.0.0.1's five still wait.
    const dev = await tcp(r.listener.port, '127.0.0.2');
    sockets.push(dev.socket);
    dev.socket.write(sos('dev-3'));
    await waitFor(() => r!.signals.some((s) => s.unitId === 'dev-3'), 3000, 'the emergency from another address');
    expect(r.metrics.get('cot.connections.timedOut')).toBe(0);
  });

  it('does not let a trickle of bytes extend the first-event deadline', async () => {
    r = await startRecordedListener({ limits: { cotFirstEventTimeoutMs: 400 } });
    const c = (await open(1))[0]!;
    const started = Date.now();
    const drip = setInterval(() => c.socket.write(' '), 50);
    c.socket.write('<event uid="slow" type="a-f-G"');
    await within(c.closed, 3000);
    clearInterval(drip);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.metrics.get('cot.connections.timedOut')).toBe(1);
  });

  it('closes a connection that goes quiet after its first event on the idle timeout', async () => {
    r = await startRecordedListener({ limits: { cotFirstEventTimeoutMs: 300, cotIdleTimeoutMs: 600 } });
    const c = (await open(1))[0]!;
    c.socket.write(pli('dev-2', 51.5, -0.1));
    await waitFor(() => r!.ingested.length === 1, 3000, 'the PLI');
    // Past the first-event deadline but inside the idle timeout: still open, and a second report still arrives.
    // The listener's timeouts on a real socket are the behaviour under test, so real time must pass (no fake timers).
    await new Promise((res) => setTimeout(res, 400));
    c.socket.write(pli('dev-2', 51.5, -0.1));
    await waitFor(() => r!.ingested.length === 2, 3000, 'the second PLI');
    expect(await within(c.closed, 3000)).toBe(true);
    expect(r.metrics.get('cot.connections.timedOut')).toBe(1);
  });
});
