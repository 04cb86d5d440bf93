/**
 * An emergency raised on one process reaches the screens of every other process sharing the PostgreSQL store even when
 * the Redis relay loses it (the two-process bench saw publishes time out while the link still looked up): each
 * process raises what the shared store holds as active and it does not show. Reconciliation only ever raises; it
 * must not bring back an emergency that was cleared while it was reading.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../shared/protocol';
import type { CommandServer } from './createServer';
import { DEMO_OPERATION_ID } from './demo/demoOperation';
import { createPgTestDatabase, DEV_TOKENS, PG_TEST_HINT, pgTestUrl, report, startTestServer, waitFor } from './testing';

const OP = DEMO_OPERATION_ID;
const servers: CommandServer[] = [];
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of drops.splice(0)) await d();
});

function post(s: CommandServer, positions: unknown[]) {
  return fetch(`${s.url}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_TOKENS.feed}` },
    body: JSON.stringify({ operationId: OP, positions }),
  });
}
const emergencyOf = (s: CommandServer, unitId: string): Alert | undefined =>
  s.hub.alerts(OP).find((a) => a.kind === 'emergency' && a.unitId === unitId && a.clearedAt === undefined);
/** The emergency latch: what keeps the unit shown in emergency and the alert raised. */
const shows = (s: CommandServer, unitId: string) => s.hub.emergencies(OP).some((e) => e.unitId === unitId);

describe('emergency reconciliation', () => {
  it('does not put back an emergency cleared while the store was being read', async () => {
    const s = await startTestServer();
    servers.push(s);
    expect((await post(s, [report('r7', { status: 'emergency' })])).status).toBe(200);
    await waitFor(() => shows(s, 'r7'), 5000, 'the emergency');
    // Reconciliation reads the store's active emergencies (r7 still active), and a controller clears r7 meanwhile.
    const read = s.store.activeEmergencies.bind(s.store);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let hasRead!: () => void;
    const readDone = new Promise<void>((r) => (hasRead = r));
    s.store.activeEmergencies = async (id) => {
      const active = await read(id);
      hasRead();
      await gate;
      return active;
    };
    const reconciling = s.hub.reconcileEmergencies();
    await readDone;
    expect((await s.hub.clearEmergency(OP, 'r7', 'Sgt Control (controller)', 'spoke to the officer: pressed by mistake')).ok).toBe(true);
    release();
    expect(await reconciling).toBe(0);
    expect(shows(s, 'r7')).toBe(false);
  });
});

const pg = pgTestUrl();
if (!pg) console.warn(`Skipping the shared-store reconciliation test: ${PG_TEST_HINT}.`);

describe.skipIf(!pg)('emergency reconciliation on a shared PostgreSQL store (no Redis relay at all)', () => {
  it('raises on the other process an emergency it was never told about, and keeps it until it is cleared', async () => {
    const db = await createPgTestDatabase();
    drops.push(db.drop);
    const one = await startTestServer({ store: 'postgres', pgUrl: db.url, emergencyReconcileMs: 100 });
    servers.push(one);
    const two = await startTestServer({ store: 'postgres', pgUrl: db.url, emergencyReconcileMs: 100 });
    servers.push(two);
    expect((await post(one, [report('r1', { status: 'emergency' })])).status).toBe(200);
    const alert = await waitFor(() => emergencyOf(two, 'r1'), 10_000, 'the emergency on the other process');
    expect(alert.severity).toBe('critical');
    expect(two.metrics.snapshot().counters['emergencies.reconciled']).toBe(1);
    // Cleared on the first process: the store says so first, and the second is never told (no relay). It keeps the
    // emergency on its screens (a late clear is safe; a lost emergency is not) until a person clears it there too.
    expect((await one.hub.clearEmergency(OP, 'r1', 'Sgt Control (controller)', 'officer safe')).ok).toBe(true);
    expect(await two.hub.reconcileEmergencies()).toBe(0);
    expect(await one.hub.reconcileEmergencies()).toBe(0);
    expect(shows(one, 'r1')).toBe(false);
    expect(shows(two, 'r1')).toBe(true);
  }, 60_000);
});
