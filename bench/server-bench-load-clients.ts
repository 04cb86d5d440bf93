/**
 * Load clients for bench/server-bench.ts: BENCH_CLIENTS control-room connections in this process that make the server
 * do exactly the work a socket.io-client subscriber makes it do (handshake with the viewer token, `subscribe`, every
 * delta and heartbeat written to the socket, pings answered) but that never parse what they receive. 50 full clients
 * JSON-parsing ~500,000 unit updates a second on the same 2 cores as the server measure the clients' queues, not the
 * server; the latency is measured by a few full clients (server-bench-clients.ts) beside these.
 *
 * The wire, by hand (engine.io protocol 4 over a WebSocket, socket.io protocol 5 inside):
 *   server `0{...}` open; `2` ping, answered `3`; client `40{auth}` connect, server `40{"sid":..}`;
 *   client `421["subscribe",{...}]`, server `431[{ok..}]`; server `42["delta",{"operationId":..,"seq":N,"fromSeq":M,..`.
 * Only the first bytes of a delta are read (as latin1, no UTF-8 decoding) to follow its seq and count gaps.
 * Over IPC: `reset` starts counting afresh, `report` returns per-client bytes, messages, deltas and gaps.
 */
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../shared/protocol';

const url = new URL('/socket.io/?EIO=4&transport=websocket', process.env.BENCH_URL!.replace(/^http/, 'ws'));
const count = Number(process.env.BENCH_CLIENTS ?? 45);
const operationId = process.env.BENCH_OPERATION ?? 'bench';

/** First byte of an engine.io packet ('0' open, '2' ping, '4' message) and second of a socket.io one inside it. */
const EIO = { open: 0x30, ping: 0x32, message: 0x34 } as const;
const SIO = { connect: 0x30, event: 0x32, ack: 0x33, connectError: 0x34 } as const;
const DELTA = Buffer.from('42["delta",');
const RESYNC = Buffer.from('42["resync",');
const SEQ = /"seq":(\d+),"fromSeq":(\d+)/;

interface Counts {
  bytes: number;
  messages: number;
  deltas: number;
  gaps: number;
}
const zero = (): Counts => ({ bytes: 0, messages: 0, deltas: 0, gaps: 0 });
let counts = Array.from({ length: count }, zero);
let subscribed = 0;
const sockets: WebSocket[] = [];

for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
  sockets.push(ws);
  let last = -1;
  let isSubscribed = false;
  ws.on('message', (data: Buffer) => {
    const c = counts[i]!;
    c.bytes += data.length;
    c.messages++;
    const type = data[0];
    if (type === EIO.ping) return ws.send('3');
    if (type === EIO.open) return ws.send(`40${JSON.stringify({ token: 'cordon-dev-viewer', protocolVersion: PROTOCOL_VERSION })}`);
    if (type !== EIO.message) return;
    const packet = data[1];
    if (packet === SIO.connect) return ws.send(`421${JSON.stringify(['subscribe', { operationId }])}`);
    if (packet === SIO.connectError) throw new Error(`load client refused: ${data.toString()}`);
    if (packet === SIO.ack && !isSubscribed) {
      // The snapshot (small: the first client subscribes before the feed starts) says where deltas continue from.
      const m = /"seq":(\d+)/.exec(data.toString('latin1', 0, Math.min(data.length, 4096)));
      if (!data.includes('"ok":true') || !m) throw new Error(`load client could not subscribe: ${data.toString('utf8', 0, 300)}`);
      last = Number(m[1]);
      isSubscribed = true;
      if (++subscribed === count) process.send?.({ type: 'subscribed' });
      return;
    }
    if (packet !== SIO.event) return;
    if (data.subarray(0, DELTA.length).equals(DELTA)) {
      const m = SEQ.exec(data.toString('latin1', DELTA.length, DELTA.length + 160));
      if (!m) throw new Error('a delta without seq/fromSeq at its head: the load client reads them there');
      if (Number(m[2]) > last) c.gaps++;
      last = Number(m[1]);
      c.deltas++;
    } else if (data.subarray(0, RESYNC.length).equals(RESYNC)) {
      c.gaps++;
    }
  });
  ws.on('error', (e) => {
    console.error(`load client ${i}: ${e.message}`);
    process.exit(1);
  });
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    counts = Array.from({ length: count }, zero);
  } else if (m.type === 'report') {
    process.send?.({ type: 'report', clients: counts });
  } else if (m.type === 'stop') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
