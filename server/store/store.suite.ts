/**
 * The Store conformance suite: what every implementation (memory, SQLite, PostgreSQL) must do, run by each
 * implementation's own test file with a factory for a fresh, empty store. Only the contract in types.ts is tested here;
 * what one engine adds (migrations, worker threads, partitions) is tested beside that engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, PositionReport } from '../../shared/protocol';
import { demoOperation } from '../demo/demoOperation';
import { report } from '../testing';
import type { EmergencyRecord, HistoryCursor, Store } from './types';

export interface StoreUnderTest {
  store: Store;
  /** Another instance over the same data (a restart, or a second server process); absent for the memory store. */
  another?: () => Promise<Store>;
  /** Runs raw SQL on the same data, for what the engine itself must refuse; absent for the memory store. */
  exec?: (sql: string) => Promise<unknown>;
  /** Removes the data once every instance is closed. */
  dispose(): Promise<void>;
}

export const T0 = Date.parse('2026-06-13T10:00:00Z');
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();

export const pos = (id: string, s: number, p: Partial<PositionReport> = {}): PositionReport => report(id, { time: at(s), ...p });

export function alert(op: string, id: string, p: Partial<Alert> = {}): Alert {
  return { id, operationId: op, kind: 'outOfSector', severity: 'medium', message: id, raisedAt: at(0), ...p };
}

function emergency(op: string, unitId: string, p: Partial<EmergencyRecord> = {}): EmergencyRecord {
  return { operationId: op, unitId, origin: 'feed:radio', label: 'Emergency', raisedAt: at(1), receivedAt: at(2), lon: -0.12, lat: 51.5, ...p };
}

/** Every row of a window, page by page; fails if the pages never end. */
export async function pageAll(s: Store, q: { operationId: string; fromMs: number; toMs: number; unitIds?: string[]; limit: number }) {
  const out: PositionReport[] = [];
  let after: HistoryCursor | null = null;
  for (let pages = 0; pages < 100_000; pages++) {
    const page = await s.positionPage({ ...q, after });
    expect(page.positions.length).toBeLessThanOrEqual(q.limit);
    out.push(...page.positions);
    if (!page.next) return { positions: out, pages: pages + 1 };
    after = page.next;
  }
  throw new Error('the pages never ended');
}

export function storeSuite(name: string, make: () => Promise<StoreUnderTest>, o: { skip?: boolean } = {}) {
  describe.skipIf(o.skip ?? false)(`${name} store (conformance)`, () => {
    const open: Store[] = [];
    const targets: StoreUnderTest[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      for (const t of targets.splice(0)) await t.dispose();
    });
    const fresh = async () => {
      const t = await make();
      targets.push(t);
      open.push(t.store);
      return t;
    };
    const another = async (t: StoreUnderTest) => {
      if (!t.another) return null;
      const s = await t.another();
      open.push(s);
      return s;
    };

    it('moves the latest position forward only, across batches and within one', async () => {
      const { store: s } = await fresh();
      await s.writePositions('op', [pos('a', 10, { lon: 1 }), pos('b', 5)]);
      await s.writePositions('op', [pos('a', 3, { lon: 2 }), pos('a', 20, { lon: 3 }), pos('a', 15, { lon: 4 })]);
      await s.writePositions('op', [pos('a', 19, { lon: 5 })]);
      const latest = (await s.latest('op')).map((r) => [r.id, r.lon, r.time]).sort();
      expect(latest).toEqual([
        ['a', 3, at(20)],
        ['b', -0.126, at(5)],
      ]);
      expect(await s.latest('other')).toEqual([]);
      await s.writePositions('op', []);
      expect(s.stats()).toEqual(expect.any(Object));
      for (const v of Object.values(s.stats())) expect(typeof v).toBe('number');
    });

    it('pages a window oldest first, inclusive at both ends, with filters', async () => {
      const { store: s } = await fresh();
      await s.writePositions('op', [pos('a', 10), pos('b', 5), pos('a', 3), pos('a', 20), pos('c', 10)]);
      await s.writePositions('other', [pos('a', 10)]);
      const all = await s.positionPage({ operationId: 'op', fromMs: T0 + 5000, toMs: T0 + 10_000, limit: 10 });
      expect(all.positions.map((r) => [r.id, r.time])).toEqual([
        ['b', at(5)],
        ['a', at(10)],
        ['c', at(10)],
      ]);
      expect(all.next).toBeNull();
      const first = await s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 60_000, limit: 2 });
      expect(first.positions.map((r) => r.time)).toEqual([at(3), at(5)]);
      expect(first.next).not.toBeNull();
      const second = await s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 60_000, limit: 2, after: first.next });
      expect(second.positions.map((r) => [r.id, r.time])).toEqual([
        ['a', at(10)],
        ['c', at(10)],
      ]);
      const onlyB = await s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 60_000, unitIds: ['b', 'nobody'], limit: 9 });
      expect(onlyB.positions.map((r) => r.id)).toEqual(['b']);
      expect((await s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 60_000, unitIds: [], limit: 9 })).positions).toEqual([]);
      const many = Array.from({ length: 1200 }, (_, i) => `x${i}`).concat('c');
      expect((await s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 60_000, unitIds: many, limit: 9 })).positions.map((r) => r.id)).toEqual(['c']);
      expect(await s.positionPage({ operationId: 'nope', fromMs: 0, toMs: T0 + 60_000, limit: 9 })).toEqual({ positions: [], next: null });
      await expect(s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 60_000, limit: 0 })).rejects.toThrow(/limit/);
      // A cursor past the window: nothing more.
      expect(await s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 10_000, limit: 9, after: { timeMs: T0 + 20_000, seq: 0 } })).toEqual({
        positions: [],
        next: null,
      });
    });

    it('pages through 10,000 rows with a small limit: each row exactly once, in order', async () => {
      const { store: s } = await fresh();
      // 50 units reporting together: 50 rows share each time, so the cursor must break ties by the stored order.
      const rows = Array.from({ length: 10_000 }, (_, i) => pos(`u${i % 50}`, Math.floor(i / 50), { callSign: `R${i}` }));
      for (let i = 0; i < rows.length; i += 1000) await s.writePositions('op', rows.slice(i, i + 1000));
      const got = await pageAll(s, { operationId: 'op', fromMs: T0, toMs: T0 + 1e7, limit: 97 });
      expect(got.positions.map((r) => r.callSign)).toEqual(rows.map((r) => r.callSign));
      expect(got.pages).toBeGreaterThanOrEqual(104);

      const ids = ['u1', 'u7', 'u49'];
      const some = await pageAll(s, { operationId: 'op', fromMs: T0 + 50_000, toMs: T0 + 149_000, unitIds: ids, limit: 13 });
      const want = rows.filter((r) => ids.includes(r.id) && Date.parse(r.time) >= T0 + 50_000 && Date.parse(r.time) <= T0 + 149_000);
      expect(want).toHaveLength(300);
      expect(some.positions.map((r) => r.callSign)).toEqual(want.map((r) => r.callSign));
    });

    it('orders reports stored out of time order by time, then by the order they were stored', async () => {
      const { store: s } = await fresh();
      // Not awaited one by one: writes apply in call order anyway.
      const writes = [
        s.writePositions('op', [pos('a', 30, { callSign: 'first' }), pos('a', 10)]),
        s.writePositions('op', [pos('b', 30, { callSign: 'second' })]),
        s.writePositions('op', [pos('c', 30, { callSign: 'third' }), pos('c', 20)]),
      ];
      await Promise.all(writes);
      await s.flush();
      const got = await pageAll(s, { operationId: 'op', fromMs: 0, toMs: T0 + 1e6, limit: 2 });
      expect(got.positions.map((r) => `${r.id}${r.time === at(30) ? r.callSign : Date.parse(r.time) / 1000 - T0 / 1000}`)).toEqual([
        'a10',
        'c20',
        'afirst',
        'bsecond',
        'cthird',
      ]);
    });

    it('keeps alert versions for replay and the open ones for the live picture', async () => {
      const { store: s } = await fresh();
      await s.putAlerts([alert('op', 'x'), alert('op', 'y')], T0);
      await s.putAlerts([alert('op', 'x', { clearedAt: at(30), updatedAt: at(30) })], T0 + 30_000);
      await s.putAlerts([alert('op', 'x', { clearedAt: at(30), acknowledgedAt: at(40), acknowledgedBy: 'me', updatedAt: at(40) })], T0 + 40_000);
      await s.putAlerts([alert('other', 'z')], T0);
      expect((await s.openAlerts('op')).map((a) => a.id)).toEqual(['y']);
      expect(await s.openAlerts('nope')).toEqual([]);
      // From t=35: x was cleared at 30, so only its later version (the ack at 40), and y (open since 0).
      const h = await s.alertHistory({ operationId: 'op', fromMs: T0 + 35_000, toMs: T0 + 50_000, limit: 10 });
      expect(h.alerts.map((a) => [a.id, a.acknowledgedBy ?? null])).toEqual([
        ['y', null],
        ['x', 'me'],
      ]);
      expect(h.truncated).toBe(false);
      const all = await s.alertHistory({ operationId: 'op', fromMs: T0, toMs: T0 + 50_000, limit: 10 });
      expect(all.alerts.map((a) => [a.id, a.updatedAt ?? null])).toEqual([
        ['x', null],
        ['y', null],
        ['x', at(30)],
        ['x', at(40)],
      ]);
      const capped = await s.alertHistory({ operationId: 'op', fromMs: T0, toMs: T0 + 50_000, limit: 2 });
      expect(capped.alerts).toHaveLength(2);
      expect(capped.truncated).toBe(true);
    });

    it('logs an alert version once, however often (and by however many servers) it is saved', async () => {
      const { store: s } = await fresh();
      const v1 = alert('op', 'x', { updatedAt: at(5) });
      await s.putAlerts([v1], T0 + 5000);
      await s.putAlerts([v1], T0 + 5001);
      await s.putAlerts([{ ...v1, message: 'changed' }], T0 + 5002);
      const h = await s.alertHistory({ operationId: 'op', fromMs: T0, toMs: T0 + 10_000, limit: 10 });
      expect(h.alerts.map((a) => a.message)).toEqual(['x', 'changed']);
      expect((await s.openAlerts('op')).map((a) => a.message)).toEqual(['changed']);
      // An older version arriving late does not replace the current state.
      await s.putAlerts([alert('op', 'x', { updatedAt: at(1), message: 'stale' })], T0 + 6000);
      expect((await s.openAlerts('op')).map((a) => a.message)).toEqual(['changed']);
    });

    it('latches emergencies until cleared, one per device', async () => {
      const { store: s } = await fresh();
      await s.putEmergency(emergency('op', 'a'));
      await s.putEmergency(emergency('op', 'b', { lon: undefined, lat: undefined, label: '911 Alert', origin: 'cot' }));
      await s.putEmergency(emergency('other', 'a'));
      let active = await s.activeEmergencies('op');
      expect(active.map((e) => e.unitId).sort()).toEqual(['a', 'b']);
      const b = active.find((e) => e.unitId === 'b');
      expect(b).toMatchObject({ label: '911 Alert', origin: 'cot' });
      expect(b?.lon).toBeUndefined();
      // Raised again: replaced, still one latch.
      await s.putEmergency(emergency('op', 'a', { label: 'again', raisedAt: at(10) }));
      active = await s.activeEmergencies('op');
      expect(active.filter((e) => e.unitId === 'a').map((e) => e.label)).toEqual(['again']);
      await s.putEmergency({ ...emergency('op', 'a'), clearedAt: at(20), clearedBy: 'Insp Blue', clearedHow: 'person', clearReason: 'spoke to them' });
      expect((await s.activeEmergencies('op')).map((e) => e.unitId)).toEqual(['b']);
      expect((await s.activeEmergencies('other')).map((e) => e.unitId)).toEqual(['a']);
      expect(await s.activeEmergencies('nope')).toEqual([]);
      // Writes apply in call order: a raise and its cancel sent back to back end cancelled.
      void s.putEmergency(emergency('op', 'c'));
      await s.putEmergency({ ...emergency('op', 'c'), clearedAt: at(3), clearedHow: 'device' });
      expect((await s.activeEmergencies('op')).map((e) => e.unitId)).toEqual(['b']);
    });

    it('keeps plans, the newest replacing the last', async () => {
      const { store: s } = await fresh();
      const plan = demoOperation(T0);
      await s.putPlan(plan, T0);
      expect(await s.plan(plan.operation.id)).toEqual(plan);
      const renamed = { ...plan, operation: { ...plan.operation, name: 'Operation Renamed' } };
      await s.putPlan(renamed, T0 + 1000);
      expect((await s.plan(plan.operation.id))?.operation.name).toBe('Operation Renamed');
      expect(await s.plan('nope')).toBeNull();
    });

    it('knows its operations: created open, closed, archived, reopened, held', async () => {
      const { store: s } = await fresh();
      expect(await s.operation('op')).toBeNull();
      const created = await s.ensureOperation('op', T0);
      expect(created).toEqual({ id: 'op', state: 'open', createdAt: at(0), legalHold: false });
      expect(await s.ensureOperation('op', T0 + 5000)).toEqual(created);
      // Writing data makes an operation known too.
      await s.writePositions('fed', [pos('a', 1)]);
      expect((await s.operations()).map((x) => x.id).sort()).toEqual(['fed', 'op']);
      expect((await s.operation('fed'))?.state).toBe('open');

      expect(await s.setOperationState('op', 'closed', 'Supt Grey', T0 + 10_000)).toMatchObject({ state: 'closed', closedAt: at(10) });
      expect(await s.setOperationState('op', 'archived', 'Supt Grey', T0 + 20_000)).toMatchObject({ state: 'archived', closedAt: at(10) });
      const reopened = await s.setOperationState('op', 'open', 'Supt Grey', T0 + 30_000);
      expect(reopened.state).toBe('open');
      expect(reopened.closedAt).toBeUndefined();
      const held = await s.setLegalHold('op', true, 'Legal', 'inquiry 42', T0 + 40_000);
      expect(held).toMatchObject({ legalHold: true, legalHoldBy: 'Legal', legalHoldReason: 'inquiry 42' });
      expect(await s.operation('op')).toEqual(held);
      const released = await s.setLegalHold('op', false, 'Legal', 'inquiry over', T0 + 50_000);
      expect(released.legalHold).toBe(false);
      expect(released.legalHoldBy).toBeUndefined();
      await expect(s.setOperationState('nope', 'closed', 'x', T0)).rejects.toThrow(/unknown operation/);
      await expect(s.setLegalHold('nope', true, 'x', 'y', T0)).rejects.toThrow(/unknown operation/);

      const log = await s.retentionLog('op');
      expect(log.map((e) => [e.action, e.by, e.at])).toEqual([
        ['closed', 'Supt Grey', at(10)],
        ['archived', 'Supt Grey', at(20)],
        ['reopened', 'Supt Grey', at(30)],
        ['legalHoldOn', 'Legal', at(40)],
        ['legalHoldOff', 'Legal', at(50)],
      ]);
      expect(log[3]?.detail).toContain('inquiry 42');
      expect(await s.retentionLog('fed')).toEqual([]);
      expect(await s.retentionLog()).toHaveLength(5);
    });

    it('sweeps only operations closed before the limit and not held; never open ones; and logs it', async () => {
      const { store: s } = await fresh();
      const ops = ['open', 'expired', 'held', 'recent', 'archived'];
      for (const op of ops) {
        await s.ensureOperation(op, T0);
        await s.writePositions(op, [pos('a', 0), pos('a', 1), pos('b', 2)]);
        await s.putAlerts([alert(op, 'x'), alert(op, 'x', { clearedAt: at(1), updatedAt: at(1) })], T0 + 1000);
      }
      await s.setOperationState('expired', 'closed', 'Supt', T0 + 10_000);
      await s.setOperationState('held', 'closed', 'Supt', T0 + 10_000);
      await s.setLegalHold('held', true, 'Legal', 'inquiry', T0 + 11_000);
      await s.setOperationState('recent', 'closed', 'Supt', T0 + 100_000);
      await s.setOperationState('archived', 'archived', 'Supt', T0 + 10_000);

      const r = await s.sweep(T0 + 50_000, T0 + 200_000);
      expect(r.operations.sort()).toEqual(['archived', 'expired']);
      expect(r.positions).toBe(6);
      expect(r.alertVersions).toBe(4);
      const history = async (op: string) => (await s.positionPage({ operationId: op, fromMs: 0, toMs: T0 + 1e6, limit: 100 })).positions.length;
      const versions = async (op: string) => (await s.alertHistory({ operationId: op, fromMs: 0, toMs: T0 + 1e6, limit: 100 })).alerts.length;
      expect(await history('expired')).toBe(0);
      expect(await versions('archived')).toBe(0);
      for (const op of ['open', 'held', 'recent']) {
        expect(await history(op)).toBe(3);
        expect(await versions(op)).toBe(2);
      }
      const log = await s.retentionLog('expired');
      expect(log.at(-1)).toMatchObject({ action: 'deleted', at: at(200), operationId: 'expired' });
      expect(log.at(-1)?.detail).toMatch(/3 positions.*2 alert versions/);
      expect(await s.retentionLog('open')).toEqual([]);

      // Nothing left to delete: the next sweep deletes and logs nothing.
      expect(await s.sweep(T0 + 50_000, T0 + 300_000)).toEqual({ positions: 0, alertVersions: 0, operations: [] });
      expect((await s.retentionLog()).filter((e) => e.action === 'deleted')).toHaveLength(2);
      // The hold lifted: swept next time.
      await s.setLegalHold('held', false, 'Legal', 'inquiry closed', T0 + 400_000);
      expect((await s.sweep(T0 + 50_000, T0 + 500_000)).operations).toEqual(['held']);
    });

    it('keeps the retention log append-only in the engine itself', async () => {
      const t = await fresh();
      await t.store.ensureOperation('op', T0);
      await t.store.setLegalHold('op', true, 'Legal', 'inquiry', T0);
      if (t.exec) {
        await expect(t.exec(`UPDATE retention_log SET detail = 'nothing happened'`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`DELETE FROM retention_log`)).rejects.toThrow(/append-only/);
      } else {
        const copy = await t.store.retentionLog();
        copy[0]!.detail = 'nothing happened';
        copy.length = 0;
      }
      expect((await t.store.retentionLog()).map((e) => e.detail)).toEqual(['inquiry']);
    });

    it('is durable once a write resolves: another instance on the same data sees it', async () => {
      const t = await fresh();
      const s = t.store;
      await s.writePositions('op', [pos('a', 1), pos('a', 2, { lat: 51.6 })]);
      await s.putAlerts([alert('op', 'x')], T0);
      await s.putEmergency(emergency('op', 'a'));
      await s.putPlan(demoOperation(T0), T0);
      await s.setLegalHold('op', true, 'Legal', 'inquiry', T0);
      const other = await another(t);
      if (!other) return;
      expect((await other.latest('op')).map((r) => r.lat)).toEqual([51.6]);
      expect((await other.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 1e6, limit: 10 })).positions).toHaveLength(2);
      expect((await other.openAlerts('op')).map((a) => a.id)).toEqual(['x']);
      expect((await other.activeEmergencies('op')).map((e) => e.unitId)).toEqual(['a']);
      expect((await other.plan('demo-operation'))?.operation.name).toBe('Operation Demo');
      expect((await other.operation('op'))?.legalHold).toBe(true);
      expect(await other.retentionLog('op')).toHaveLength(1);
      // And the other way round, while the first is still open.
      await other.writePositions('op', [pos('b', 3)]);
      expect((await s.latest('op')).map((r) => r.id).sort()).toEqual(['a', 'b']);
    });

    it('resolves flush once earlier writes are committed, and close after pending writes', async () => {
      const t = await fresh();
      const s = t.store;
      const rows = Array.from({ length: 3000 }, (_, i) => pos(`u${i % 100}`, i));
      void s.writePositions('op', rows.slice(0, 1500));
      void s.writePositions('op', rows.slice(1500));
      await s.flush();
      expect((await s.positionPage({ operationId: 'op', fromMs: 0, toMs: T0 + 1e7, limit: 5000 })).positions).toHaveLength(3000);
      const last = s.writePositions('op', [pos('late', 5000)]);
      open.splice(open.indexOf(s), 1);
      await s.close();
      await last;
      const other = await another(t);
      if (other) expect((await other.latest('op')).some((r) => r.id === 'late')).toBe(true);
    });
  });
}
