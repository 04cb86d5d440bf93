import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../../shared/domain';
import type { SyncLogEntry, SyncPushRequest } from '../../../shared/protocol/sync';
import { err, ok, type Result } from '../../../shared/util/result';
import { createEditor, loadBundle, markShared, openSharedOperation, pendingChangeSets, type CordonDb } from '../../data';
import { seed, testDb } from '../../data/testFixtures';
import type { SyncTransport } from '../../net/syncClient';
import { SyncEngine, type SyncStatus } from './syncEngine';

const URL = 'http://127.0.0.1:7000';
const NOW = '2026-06-13T07:00:00.000Z';

/**
 * A tiny stand-in for the command server's sync handlers: a working copy, a change log, idempotent pushes, and the
 * simplest merge rule (a row applies when its `before` is the server's row; otherwise a conflict).
 */
class FakeServer {
  rows = new Map<string, unknown>();
  log: SyncLogEntry[] = [];
  answered = new Map<string, { changeSetId: string; seq: number; applied: number; merged: number; conflictIds: string[] }>();
  conflicts: string[] = [];
  down = false;
  /** Labels the server refuses (as a permission or validation failure would). */
  refuse = new Set<string>();
  /** Apply the next push but lose its answer (as a dropped connection would). */
  loseNextAnswer = false;
  pushes = 0;

  constructor(plan: OperationBundle) {
    this.rows.set(`operations:${plan.operation.id}`, plan.operation);
    for (const t of ['phases', 'features', 'units', 'assignments'] as const) for (const r of plan[t]) this.rows.set(`${t}:${r.id}`, r);
  }

  transport(user: string): SyncTransport {
    return {
      ask: <T>(event: string, payload: unknown, schema: { parse: (v: unknown) => T }): Promise<Result<T>> => {
        if (this.down) return Promise.resolve(err('Not connected to the command server: test'));
        const answer = this.handle(event, payload, user);
        if (!answer.ok) return Promise.resolve(answer as Result<T>);
        return Promise.resolve(ok(schema.parse(answer.value)));
      },
    };
  }

  private handle(event: string, payload: unknown, user: string): Result<unknown> {
    if (event === 'sync:pull') {
      const { operationId, sinceSeq } = payload as { operationId: string; sinceSeq: number };
      const entries = this.log.filter((e) => e.seq > sinceSeq);
      return ok({ operationId, entries, headSeq: this.log.length, more: false });
    }
    if (event === 'sync:push') {
      const req = payload as SyncPushRequest;
      this.pushes++;
      const seen = this.answered.get(req.changeSetId);
      if (seen) return ok(seen);
      if (this.refuse.has(req.label)) return err('forbidden: as viewer you may not send sync:push');
      const applied: SyncLogEntry['changes'] = [];
      const conflictIds: string[] = [];
      for (const c of req.changes) {
        const slot = `${c.table}:${c.key}`;
        const current = this.rows.get(slot) ?? null;
        if (JSON.stringify(current) !== JSON.stringify(c.before)) {
          conflictIds.push(`conflict-${this.conflicts.push(slot)}`);
          continue;
        }
        if (c.after) this.rows.set(slot, c.after);
        else this.rows.delete(slot);
        applied.push(c);
      }
      const seq = this.log.length + 1;
      this.log.push({
        seq,
        changeSetId: req.changeSetId,
        operationId: req.operationId,
        label: req.label,
        by: user,
        editedAt: req.editedAt,
        loggedAt: NOW,
        changes: applied,
      });
      const result = { changeSetId: req.changeSetId, seq, applied: applied.length, merged: 0, conflictIds };
      this.answered.set(req.changeSetId, result);
      if (this.loseNextAnswer) {
        this.loseNextAnswer = false;
        return err('The command server did not answer in time: test');
      }
      return ok(result);
    }
    return err(`unexpected ${event}`);
  }
}

async function workstations() {
  const a = testDb().db;
  await seed(a);
  await markShared(a, 'op-1', URL, 0, NOW);
  const plan = (await loadBundle(a, 'op-1'))!;
  const server = new FakeServer(plan);
  const b = testDb().db;
  expect((await openSharedOperation(b, plan, 0, URL, NOW)).ok).toBe(true);
  const engine = (db: CordonDb, user: string) => {
    const statuses: SyncStatus[] = [];
    const e = new SyncEngine({ db, operationId: 'op-1', transport: server.transport(user), onStatus: (s) => statuses.push(s), now: () => NOW });
    return { e, statuses, last: () => statuses.at(-1)! };
  };
  return { a, b, server, ea: engine(a, 'Insp A'), eb: engine(b, 'Sgt B') };
}

const names = async (db: CordonDb) => Object.fromEntries((await loadBundle(db, 'op-1'))!.features.map((f) => [f.id, f.name]));

describe('sync engine', () => {
  it('two workstations editing different features both end with both edits', async () => {
    const { a, b, ea, eb } = await workstations();
    await createEditor(a, 'op-1').run('feature.update', { id: 'f-post1', changes: { name: 'Post 1 (A)' } });
    await createEditor(b, 'op-1').run('feature.update', { id: 'f-post2', changes: { name: 'Post 2 (B)' } });
    ea.e.setConnected(true);
    eb.e.setConnected(true);
    await ea.e.kick();
    await eb.e.kick();
    await ea.e.kick();
    expect(await names(a)).toMatchObject({ 'f-post1': 'Post 1 (A)', 'f-post2': 'Post 2 (B)' });
    expect(await names(b)).toMatchObject({ 'f-post1': 'Post 1 (A)', 'f-post2': 'Post 2 (B)' });
    expect(ea.last()).toMatchObject({ pending: 0, lastSyncAt: NOW, refused: null });
    const history = await createEditor(b, 'op-1').listRevisions();
    expect(history.filter((r) => r.kind === 'remote').map((r) => r.label)).toEqual(['Edit post "Post 1" — by Insp A (#2)']);
    ea.e.stop();
    eb.e.stop();
  });

  it('offline: edits queue up and nothing is lost; on reconnect the outbox drains in order and the other side catches up', async () => {
    const { a, b, server, ea, eb } = await workstations();
    server.down = true;
    ea.e.setConnected(true);
    const ed = createEditor(a, 'op-1');
    for (const n of [1, 2, 3]) await ed.run('feature.update', { id: 'f-post1', changes: { name: `Post 1 v${n}` } });
    await ed.run('unit.delete', { ids: ['u-102'] });
    await ea.e.kick();
    expect(ea.last().pending).toBe(4);
    expect((await pendingChangeSets(a, 'op-1')).map((c) => c.label)).toEqual([
      'Edit post "Post 1"',
      'Edit post "Post 1 v1"',
      'Edit post "Post 1 v2"',
      'Delete unit U102',
    ]);

    server.down = false;
    ea.e.setConnected(true);
    await ea.e.kick();
    expect(ea.last().pending).toBe(0);
    expect(server.log.map((e) => e.label)).toEqual(['Edit post "Post 1"', 'Edit post "Post 1 v1"', 'Edit post "Post 1 v2"', 'Delete unit U102']);
    expect(server.conflicts).toEqual([]);
    eb.e.setConnected(true);
    await eb.e.kick();
    expect((await names(b))['f-post1']).toBe('Post 1 v3');
    expect((await loadBundle(b, 'op-1'))!.units.map((u) => u.id)).toEqual(['u-101']);
    ea.e.stop();
    eb.e.stop();
  });

  it('a push whose answer was lost is sent again and applied once', async () => {
    const { a, server, ea } = await workstations();
    server.loseNextAnswer = true;
    await createEditor(a, 'op-1').run('feature.update', { id: 'f-post1', changes: { name: 'Once' } });
    ea.e.setConnected(true);
    await ea.e.idle();
    expect(ea.last().pending).toBe(1);
    // The next attempt (the next connect, head notice or edit) sends it again.
    await ea.e.kick();
    expect(ea.last().pending).toBe(0);
    expect(server.pushes).toBe(2);
    expect(server.log).toHaveLength(1);
    ea.e.stop();
  });

  it('a refused push stays in the outbox with the reason and holds the later ones', async () => {
    const { a, server, ea } = await workstations();
    server.refuse.add('Edit post "Post 1"');
    const ed = createEditor(a, 'op-1');
    await ed.run('feature.update', { id: 'f-post1', changes: { name: 'Refused' } });
    await ed.run('feature.update', { id: 'f-post2', changes: { name: 'Waits' } });
    ea.e.setConnected(true);
    await ea.e.kick();
    expect(ea.last()).toMatchObject({
      pending: 2,
      refused: { label: 'Edit post "Post 1"', reason: 'forbidden: as viewer you may not send sync:push' },
    });
    expect(server.log).toHaveLength(0);

    server.refuse.clear();
    await ea.e.kick();
    expect(ea.last()).toMatchObject({ pending: 0, refused: null });
    expect(server.log.map((e) => e.label)).toEqual(['Edit post "Post 1"', 'Edit post "Post 2"']);
    ea.e.stop();
  });

  it('a conflicting push leaves the outbox and asks for the conflict list', async () => {
    const { a, b, server, ea, eb } = await workstations();
    let asked = 0;
    const e = new SyncEngine({
      db: b,
      operationId: 'op-1',
      transport: server.transport('Sgt B'),
      onStatus: () => undefined,
      onConflictsChanged: () => asked++,
    });
    eb.e.stop();
    await createEditor(a, 'op-1').run('feature.update', { id: 'f-post1', changes: { name: 'A name' } });
    await createEditor(b, 'op-1').run('feature.update', { id: 'f-post1', changes: { name: 'B name' } });
    ea.e.setConnected(true);
    await ea.e.kick();
    e.setConnected(true);
    await e.kick();
    expect(server.conflicts).toEqual(['features:f-post1']);
    expect(asked).toBe(1);
    expect(await pendingChangeSets(b, 'op-1')).toEqual([]);
    // B keeps its own version until the conflict is resolved (rebase rule); the server has A's.
    expect((await names(b))['f-post1']).toBe('B name');
    ea.e.stop();
    e.stop();
  });
});
