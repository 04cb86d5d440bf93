/**
 * The event loop's share of one history page (5,000 positions, ~1 MB), measured in this process without a server, so
 * that it holds on a busy machine better than the lag figures of history-bench.ts:
 *   history.page_main_ms_objects   the page as parsed objects: copied from the reader thread (structured clone) and
 *                                  encoded into a socket.io packet (JSON.stringify), as before RawJson
 *   history.page_main_ms_rawjson   the page as the stored JSON text: copied from the reader thread (one string) and
 *                                  spliced into the packet (server/rawJson.ts), as now
 * Each the median of 30 runs, in CPU time of this process (process.cpuUsage), not wall time: on a shared machine the
 * wall time of a few milliseconds mostly measures when the scheduler let the process run.
 */
import { Server } from 'socket.io';
import { installRawJson, RawJson } from '../server/rawJson';
import { percentile, printFigure } from './figures';

const rows = Array.from({ length: 5000 }, (_, i) =>
  JSON.stringify({
    id: `u${i % 1000}`,
    callSign: `U${i % 1000}`,
    type: 'officer',
    lon: -0.127 + Math.cos(i) * 0.01,
    lat: 51.52 + Math.sin(i) * 0.006,
    status: 'deployed',
    source: 'feed',
    time: new Date(Date.UTC(2026, 11, 5, 3, 0, i)).toISOString(),
    expectedIntervalS: 10,
  }),
);
const text = `[${rows.join(',')}]`;
const parsed: unknown = JSON.parse(text);
const plain = new Server().encoder as unknown as { encode(p: unknown): unknown[] };
const rawServer = new Server();
installRawJson(rawServer);
const raw = rawServer.encoder as unknown as { encode(p: unknown): unknown[] };
const ack = (positions: unknown) => ({ type: 3, nsp: '/', id: 1, data: [{ ok: true, value: { positions, alerts: [], truncated: true, next: 'c' } }] });

const time = (fn: () => void) => {
  const runs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    runs.push((d.user + d.system) / 1000);
  }
  return percentile(runs, 50);
};
printFigure(
  'history.page_main_ms_objects',
  time(() => plain.encode(ack(structuredClone(parsed)))),
);
printFigure(
  'history.page_main_ms_rawjson',
  time(() => raw.encode(ack(new RawJson(structuredClone(text))))),
);
