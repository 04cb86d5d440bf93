/**
 * The outside view for bench/history-bench.ts, in a process of its own (the viewers' parsing would otherwise delay
 * the probe's own event loop and count as the server's): GET /health every 50 ms and a feed posting every unit once
 * a second, each round trip timed. IPC: `reset` clears the figures, `report` sends them, `stop` ends.
 */
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type PositionReport } from '../shared/protocol';

const URL = process.env.BENCH_URL!;
const OP = process.env.BENCH_OP!;
const UNITS = Math.min(5000, Number(process.env.BENCH_UNITS ?? 1000));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let health: number[] = [];
let feedAcks: number[] = [];
let failed = 0;
let running = true;

const feed = io(URL, { auth: { token: 'cordon-dev-feed', protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false, forceNew: true });
await new Promise((resolve, reject) => {
  feed.once('connect', () => resolve(null));
  feed.once('connect_error', reject);
});
const probing = (async () => {
  while (running) {
    const t0 = performance.now();
    try {
      await fetch(`${URL}/health`);
      health.push(performance.now() - t0);
    } catch {
      failed++;
    }
    await sleep(50);
  }
})();
const feeding = (async () => {
  while (running) {
    const t0 = performance.now();
    const time = new Date().toISOString();
    const positions: PositionReport[] = Array.from({ length: UNITS }, (_, u) => ({
      id: `live${u}`,
      callSign: `L${u}`,
      type: 'officer',
      lon: -0.127,
      lat: 51.52,
      status: 'deployed',
      source: 'feed',
      time,
      expectedIntervalS: 1,
    }));
    await feed.timeout(60_000).emitWithAck('positions', { operationId: OP, positions });
    feedAcks.push(performance.now() - t0);
    await sleep(Math.max(0, 1000 - (performance.now() - t0)));
  }
})();
process.send?.({ type: 'ready' });
process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    health = [];
    feedAcks = [];
    failed = 0;
    process.send?.({ type: 'reset' });
  } else if (m.type === 'report') {
    process.send?.({ type: 'report', health, feedAcks, failed });
  } else if (m.type === 'stop') {
    running = false;
    void Promise.allSettled([probing, feeding]).then(() => {
      feed.close();
      process.exit(0);
    });
  }
});
