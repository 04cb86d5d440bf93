import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { SCHEMA_V1 } from './sqliteSql.mjs';
import { SqliteStore } from './sqliteStore';
import { at, pageAll, pos, storeSuite, T0 } from './store.suite';

storeSuite('sqlite', () => {
  const d = tempDir();
  return Promise.resolve({
    store: new SqliteStore(d.dir),
    another: () => Promise.resolve(new SqliteStore(d.dir)),
    exec: (sql: string) => {
      const db = new Database(path.join(d.dir, 'cordon-server.sqlite'));
      try {
        return Promise.resolve(db.exec(sql));
      } catch (e) {
        return Promise.reject(e as Error);
      } finally {
        db.close();
      }
    },
    dispose: () => Promise.resolve(d.remove()),
  });
});

describe('SqliteStore', () => {
  const dirs: Array<{ dir: string; remove(): void }> = [];
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) d.remove();
  });
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d.dir;
  };
  const open = (d: string, o: ConstructorParameters<typeof SqliteStore>[1] = {}) => {
    const s = new SqliteStore(d, o);
    stores.push(s);
    return s;
  };

  it('migrates a version-1 file forward, keeping its data and knowing its operations', async () => {
    const d = dir();
    const old = new Database(path.join(d, 'cordon-server.sqlite'));
    old.exec(SCHEMA_V1);
    old.prepare(`INSERT INTO meta (key, value) VALUES ('schemaVersion', '1')`).run();
    const r = pos('a', 1);
    old.prepare(`INSERT INTO positions (operation_id, unit_id, time_ms, json) VALUES ('old-op', 'a', ?, ?)`).run(T0 + 1000, JSON.stringify(r));
    old.prepare(`INSERT INTO latest (operation_id, unit_id, time_ms, json) VALUES ('old-op', 'a', ?, ?)`).run(T0 + 1000, JSON.stringify(r));
    const a = { id: 'x', operationId: 'old-op', kind: 'outOfSector', severity: 'medium', message: 'x', raisedAt: at(0) };
    old.prepare(`INSERT INTO alert_log (operation_id, id, at_ms, json) VALUES ('old-op', 'x', ?, ?)`).run(T0, JSON.stringify(a));
    old.prepare(`INSERT INTO alerts (operation_id, id, open, updated_ms, json) VALUES ('old-op', 'x', 1, ?, ?)`).run(T0, JSON.stringify(a));
    old.close();

    const s = open(d);
    expect(s.foundSchemaVersion).toBe(1);
    expect((await s.latest('old-op')).map((x) => x.id)).toEqual(['a']);
    expect((await s.positionPage({ operationId: 'old-op', fromMs: 0, toMs: T0 + 1e6, limit: 10 })).positions).toEqual([r]);
    expect((await s.openAlerts('old-op')).map((x) => x.id)).toEqual(['x']);
    expect((await s.operations()).map((o) => [o.id, o.state])).toEqual([['old-op', 'open']]);
    // The new parts work on the migrated file.
    await s.putAlerts([a as never], T0 + 5000);
    await s.setOperationState('old-op', 'closed', 'Supt', T0 + 10_000);
    expect((await s.sweep(T0 + 20_000, T0 + 30_000)).positions).toBe(1);
    expect(() => s['db'].exec(`DELETE FROM retention_log`)).toThrow(/append-only/);
    await s.close();
    const again = open(d);
    expect(again.foundSchemaVersion).toBe(2);
  });

  it('refuses a file from a newer server', () => {
    const d = dir();
    const db = new Database(path.join(d, 'cordon-server.sqlite'));
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schemaVersion', '99')`);
    db.close();
    expect(() => new SqliteStore(d)).toThrow(/newer server \(schema 99\)/);
  });

  it('pages history on the reader thread while the writer goes on writing', async () => {
    const s = open(dir());
    const old = Array.from({ length: 5000 }, (_, i) => pos(`u${i % 20}`, Math.floor(i / 20), { callSign: `R${i}` }));
    for (let i = 0; i < old.length; i += 1000) await s.writePositions('op', old.slice(i, i + 1000));
    // New reports keep arriving (later than the window being read) while the pages are read.
    let writing = true;
    let batches = 0;
    const writer = (async () => {
      for (let n = 0; writing && n < 10_000; n++) {
        await s.writePositions(
          'op',
          Array.from({ length: 500 }, (_, i) => pos(`w${i}`, 1000 + n, { callSign: `W${n}` })),
        );
        batches++;
      }
    })();
    const got = await pageAll(s, { operationId: 'op', fromMs: T0, toMs: T0 + 249_000, limit: 101 });
    writing = false;
    await writer;
    expect(batches).toBeGreaterThan(0);
    expect(got.positions.map((r) => r.callSign)).toEqual(old.map((r) => r.callSign));
    expect(s.stats()).toMatchObject({ pendingRows: 0, errors: 0 });
    expect(String(s['db'].pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('refuses history rather than queueing without bound when the disk cannot keep up', async () => {
    const logs: string[] = [];
    const s = open(dir(), { maxPendingRows: 3, log: (l) => logs.push(l) });
    const first = s.writePositions('op', [pos('a', 1), pos('b', 1)]);
    await expect(s.writePositions('op', [pos('c', 1), pos('d', 1)])).rejects.toThrow(/not keeping up/);
    await first;
    expect(s.stats()).toMatchObject({ written: 2, dropped: 2, pendingRows: 0 });
    expect(logs.join()).toMatch(/not keeping up/);
  });

  it('refuses calls after close', async () => {
    const s = open(dir());
    await s.close();
    await expect(s.writePositions('op', [pos('a', 1)])).rejects.toThrow(/closed/);
    await expect(s.positionPage({ operationId: 'op', fromMs: 0, toMs: 1, limit: 1 })).rejects.toThrow(/closed/);
    await s.flush();
  });
});
