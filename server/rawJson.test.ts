/**
 * RawJson: JSON text spliced into socket.io packets must give clients exactly the bytes the parsed value would have,
 * and history pages from SQLite (sent as RawJson) must reach a real client as the same positions `positionPage` reads.
 */
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryResponse, PositionReport } from '../shared/protocol';
import { installRawJson, RawJson, stringifyWithRawJson } from './rawJson';
import { SqliteStore } from './store/sqliteStore';
import { connect, DEV_TOKENS, report, request, startTestServer, tempDir } from './testing';

const EVENT = 2;
const ACK = 3;
type Encode = { encode(packet: unknown): unknown[] };
const encoderOf = (io: Server) => io.encoder as unknown as Encode;

const reports: PositionReport[] = [
  report('u1', { time: '2026-12-05T03:00:00.000Z', lon: -0.1234567890123, lat: 51.5 }),
  report('u"2', { time: '2026-12-05T03:00:01.000Z', callSign: 'Zoë \\ "quoted" \u2028', lon: 1e-7 }),
];

describe('RawJson', () => {
  it('encodes packets byte for byte as the parsed value would be encoded', () => {
    // Servers without an HTTP server: only their encoders are used.
    const plain = new Server();
    const raw = new Server();
    installRawJson(raw);
    const page = { positions: reports, alerts: [], truncated: false };
    const rawPage = { ...page, positions: new RawJson(JSON.stringify(reports)) };
    for (const type of [EVENT, ACK]) {
      const packet = (data: unknown) => ({ type, nsp: '/', id: type === ACK ? 7 : undefined, data: type === ACK ? [data] : ['delta', data] });
      expect(encoderOf(raw).encode(packet(rawPage))).toEqual(encoderOf(plain).encode(packet(page)));
    }
    // Several in one value, an empty array, and packets without any are untouched.
    const two = { a: new RawJson('[1,2]'), b: [new RawJson('{"x":"y"}'), new RawJson('[]')] };
    expect(stringifyWithRawJson(two)).toBe('{"a":[1,2],"b":[{"x":"y"},[]]}');
    expect(encoderOf(raw).encode({ type: EVENT, nsp: '/', data: ['x', { s: '__cordon_raw_json_0' }] })).toEqual(
      encoderOf(plain).encode({ type: EVENT, nsp: '/', data: ['x', { s: '__cordon_raw_json_0' }] }),
    );
  });

  it('serves SQLite history pages that a client decodes to exactly what positionPage reads', async () => {
    const dir = tempDir('h-perf8-rawjson-');
    const store = new SqliteStore(dir.dir);
    const server = await startTestServer({ store, config: { limits: { historyPageSize: 7 } } });
    cleanups.push(async () => {
      await server.close();
      await store.close();
      dir.remove();
    });
    const t0 = Date.parse('2026-12-05T02:00:00Z');
    const stored = Array.from({ length: 20 }, (_, i) =>
      report(`u${i % 3}`, { time: new Date(t0 + i * 1000).toISOString(), lon: -0.1 - i / 7, callSign: i === 4 ? 'É "x"' : `C${i}` }),
    );
    await store.writePositions('op-raw', stored);
    await store.flush();

    const viewer = await connect(server.url, DEV_TOKENS.viewer);
    cleanups.push(async () => void viewer.close());
    const q = { operationId: 'op-raw', from: new Date(t0).toISOString(), to: new Date(t0 + 60_000).toISOString() };
    const got: PositionReport[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await request<HistoryResponse>(viewer, 'history', { ...q, ...(cursor ? { cursor } : {}) });
      if (!r.ok) throw new Error(r.error);
      expect(Array.isArray(r.value.positions)).toBe(true);
      got.push(...r.value.positions);
      cursor = r.value.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const direct = await store.positionPage({ operationId: 'op-raw', fromMs: t0, toMs: t0 + 60_000, limit: 100 });
    expect(got).toEqual(direct.positions);
    expect(got).toEqual(stored);
    expect(server.metrics.get('history.positions')).toBe(20);
  });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
