import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/protocol';
import { demoOperation } from '../demo/demoOperation';
import { report, tempDir } from '../testing';
import { MemoryStore } from './memoryStore';
import { SqliteStore } from './sqliteStore';
import type { Store } from './types';

const OP = 'op-store';
const T0 = Date.parse('2026-06-13T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const alert = (id: string, p: Partial<Alert> = {}): Alert => ({
  id,
  operationId: OP,
  kind: 'outOfSector',
  severity: 'medium',
  message: id,
  raisedAt: at(0),
  ...p,
});

const dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const impls: Array<[string, () => Store]> = [
  ['memory', () => new MemoryStore()],
  [
    'sqlite',
    () => {
      const d = tempDir();
      dirs.push(d);
      return new SqliteStore(d.dir);
    },
  ],
];

describe.each(impls)('%s store', (_name, make) => {
  it('keeps the newest report per unit and the whole history, by time', async () => {
    const s = make();
    s.writePositions(OP, [report('a', { time: at(10), lon: 1 }), report('b', { time: at(5) })]);
    s.writePositions(OP, [report('a', { time: at(3), lon: 2 }), report('a', { time: at(20), lon: 3 })]);
    await s.flush();
    expect(s.latest(OP).map((r) => [r.id, r.lon]).sort()).toEqual([
      ['a', 3],
      ['b', -0.126],
    ]);
    const h = s.positionHistory({ operationId: OP, fromMs: T0 + 4000, toMs: T0 + 15_000, limit: 10 });
    expect(h.positions.map((r) => r.time)).toEqual([at(5), at(10)]);
    expect(h.truncated).toBe(false);
    const capped = s.positionHistory({ operationId: OP, fromMs: 0, toMs: T0 + 60_000, limit: 2 });
    expect(capped.positions).toHaveLength(2);
    expect(capped.truncated).toBe(true);
    expect(s.positionHistory({ operationId: OP, fromMs: 0, toMs: T0 + 60_000, unitIds: ['b'], limit: 9 }).positions.map((r) => r.id)).toEqual(['b']);
    const many = Array.from({ length: 600 }, (_, i) => `x${i}`).concat('a');
    expect(s.positionHistory({ operationId: OP, fromMs: 0, toMs: T0 + 60_000, unitIds: many, limit: 9 }).positions).toHaveLength(3);
    expect(s.latest('other')).toEqual([]);
    await s.close();
  });

  it('keeps alert versions for replay and the open ones for the live picture', async () => {
    const s = make();
    s.putAlerts([alert('x'), alert('y')], T0);
    s.putAlerts([alert('x', { clearedAt: at(30) })], T0 + 30_000);
    s.putAlerts([alert('x', { clearedAt: at(30), acknowledgedAt: at(40), acknowledgedBy: 'me' })], T0 + 40_000);
    expect(s.openAlerts(OP).map((a) => a.id)).toEqual(['y']);
    // From t=35: x was cleared at 30, so only its later version (the ack at 40) and y (open since 0).
    const h = s.alertHistory({ operationId: OP, fromMs: T0 + 35_000, toMs: T0 + 50_000, limit: 10 });
    expect(h.alerts.map((a) => [a.id, a.acknowledgedBy ?? null])).toEqual([
      ['y', null],
      ['x', 'me'],
    ]);
    const all = s.alertHistory({ operationId: OP, fromMs: T0, toMs: T0 + 50_000, limit: 2 });
    expect(all.truncated).toBe(true);
    await s.close();
  });

  it('keeps plans and knows its operations', async () => {
    const s = make();
    const plan = demoOperation(T0);
    s.putPlan(plan, T0);
    s.writePositions(OP, [report('a', { time: at(1) })]);
    await s.flush();
    expect(s.plan(plan.operation.id)).toEqual(plan);
    expect(s.plan('nope')).toBeNull();
    expect(s.operationIds().sort()).toEqual([plan.operation.id, OP].sort());
    await s.close();
  });

  it('sweeps history older than the retention, keeping latest positions and open alerts', async () => {
    const s = make();
    s.writePositions(OP, [report('a', { time: at(0) }), report('a', { time: at(100) })]);
    s.putAlerts([alert('old', { clearedAt: at(1), acknowledgedAt: at(2) }), alert('open')], T0);
    const r = await s.sweep(T0 + 50_000);
    expect(r.positions).toBe(1);
    expect(r.alertVersions).toBe(2);
    expect(s.positionHistory({ operationId: OP, fromMs: 0, toMs: T0 + 1e6, limit: 10 }).positions).toHaveLength(1);
    expect(s.latest(OP)).toHaveLength(1);
    expect(s.openAlerts(OP).map((a) => a.id)).toEqual(['open']);
    await s.close();
  });
});

describe('SqliteStore', () => {
  it('survives reopening: latest, history, alerts and plans', async () => {
    const d = tempDir();
    dirs.push(d);
    const a = new SqliteStore(d.dir);
    a.writePositions(OP, [report('u', { time: at(1) }), report('u', { time: at(2), lat: 51.6 })]);
    a.putAlerts([alert('z')], T0);
    a.putPlan(demoOperation(T0), T0);
    await a.close();
    const b = new SqliteStore(d.dir);
    expect(b.latest(OP).map((r) => r.lat)).toEqual([51.6]);
    expect(b.positionHistory({ operationId: OP, fromMs: 0, toMs: T0 + 1e6, limit: 10 }).positions).toHaveLength(2);
    expect(b.openAlerts(OP).map((x) => x.id)).toEqual(['z']);
    expect(b.plan('demo-operation')?.operation.name).toBe('Operation Demo');
    expect(String(b['db'].pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(b.stats()).toMatchObject({ pendingRows: 0, dropped: 0, errors: 0 });
    await b.close();
  });

  it('drops history rather than queueing without bound when the disk cannot keep up', async () => {
    const d = tempDir();
    dirs.push(d);
    const logs: string[] = [];
    const s = new SqliteStore(d.dir, { maxPendingRows: 3, log: (l) => logs.push(l) });
    s.writePositions(OP, [report('a', { time: at(1) }), report('b', { time: at(1) })]);
    s.writePositions(OP, [report('c', { time: at(1) }), report('d', { time: at(1) })]);
    await s.flush();
    expect(s.stats()).toMatchObject({ written: 2, dropped: 2, pendingRows: 0 });
    expect(logs.join()).toMatch(/not keeping up/);
    await s.close();
  });
});
