/**
 * Reports are encoded once and the text shared by deltas and the store: a client must still receive each unit as the
 * screens should see it (a latched device as 'emergency'), and the store must still hold the report as it came.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Delta, PositionReport, Snapshot } from '../shared/protocol';
import { stringifyWithRawJson } from './rawJson';
import { reportJson, reportsJson } from './reportJson';
import { SqliteStore } from './store/sqliteStore';
import { collectDeltas, connect, DEV_TOKENS, report, request, startTestServer, tempDir, waitFor } from './testing';

const OP = 'op-report-json';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('report JSON shared by deltas and the store', () => {
  it('encodes a report as JSON.stringify does, and a list as the array would be', () => {
    const a = report('a', { callSign: 'Zoë "A"' });
    const b = report('b', { lon: 1e-7 });
    expect(reportJson(a)).toBe(JSON.stringify(a));
    expect(reportJson(a)).toBe(reportJson(a));
    expect(stringifyWithRawJson({ units: reportsJson([a, b]) })).toBe(JSON.stringify({ units: [a, b] }));
    expect(stringifyWithRawJson({ units: reportsJson([]) })).toBe('{"units":[]}');
  });

  it('sends subscribers the units as shown and stores them as reported, with an emergency latched', async () => {
    const dir = tempDir('h-perf8-reportjson-');
    const store = new SqliteStore(dir.dir);
    const server = await startTestServer({ store });
    cleanups.push(async () => {
      await server.close();
      await store.close();
      dir.remove();
    });
    server.hub.stop();
    const viewer = await connect(server.url, DEV_TOKENS.viewer);
    cleanups.push(async () => void viewer.close());
    const deltas: Delta[] = collectDeltas(viewer);
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: OP });
    if (!snap.ok) throw new Error(snap.error);

    const now = Date.now();
    const first: PositionReport[] = [report('r1', { time: new Date(now - 2000).toISOString() }), report('r2', { time: new Date(now - 2000).toISOString() })];
    server.hub.ingest(OP, first);
    expect(
      (await server.hub.signalEmergency({ operationId: OP, unitId: 'r2', origin: 'sim', label: 'Emergency', time: new Date(now).toISOString(), cancel: false }))
        .ok,
    ).toBe(true);
    server.hub.tick();
    await waitFor(() => deltas.length >= 1, 5000, 'the delta');
    const units = new Map(deltas.flatMap((d) => d.units).map((u) => [u.id, u]));
    expect(units.get('r1')).toEqual(first[0]);
    // Latched: shown as an emergency whatever the report said...
    expect(units.get('r2')).toEqual({ ...first[1], status: 'emergency' });
    // ...but stored as it was reported.
    await server.hub.flushOperation(OP);
    const stored = await store.latest(OP);
    expect(stored.find((r) => r.id === 'r2')).toEqual(first[1]);
    expect(stored.find((r) => r.id === 'r1')).toEqual(first[0]);
  });
});
