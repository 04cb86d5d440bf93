/**
 * Control-room clients for bench/server-bench.ts: CLIENTS socket.io clients in this process subscribe to the
 * operation and record, for every unit update they receive, the latency from the report's time stamp (set by the
 * feed when it sent it) to now, in a 1 ms histogram. Over IPC: `reset` starts counting afresh, `report` returns the
 * counts.
 */
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type Delta } from '../shared/protocol';

const url = process.env.BENCH_URL!;
const count = Number(process.env.BENCH_CLIENTS ?? 5);
const operationId = process.env.BENCH_OPERATION ?? 'bench';
const MAX_MS = 10_000;
let hist = new Uint32Array(MAX_MS + 1);
let updates = 0;
let deltas = 0;
let gaps = 0;
const sockets = Array.from({ length: count }, () =>
  io(url, { auth: { token: 'cordon-dev-viewer', protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false, forceNew: true }),
);
let subscribed = 0;
for (const s of sockets) {
  let last = -1;
  s.on('connect', () => {
    s.emit('subscribe', { operationId }, (r: { ok: boolean; value?: { seq: number } }) => {
      if (r.ok && r.value) last = r.value.seq;
      if (++subscribed === count) process.send?.({ type: 'subscribed' });
    });
  });
  s.on('delta', (d: Delta) => {
    const now = Date.now();
    if ((d.fromSeq ?? d.seq - 1) > last) gaps++;
    last = d.seq;
    deltas++;
    updates += d.units.length;
    for (const u of d.units) {
      const ms = now - Date.parse(u.time);
      hist[ms < 0 ? 0 : ms > MAX_MS ? MAX_MS : ms]! += 1;
    }
  });
  s.on('resync', () => gaps++);
}
process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    hist = new Uint32Array(MAX_MS + 1);
    updates = 0;
    deltas = 0;
    gaps = 0;
  } else if (m.type === 'report') {
    process.send?.({ type: 'report', hist: Array.from(hist), updates, deltas, gaps });
  } else if (m.type === 'stop') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
