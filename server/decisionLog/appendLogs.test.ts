/**
 * The logs' storage, the same contract on every engine (memory, SQLite, PostgreSQL): append-only in the engine itself,
 * kept across a restart, one number per entry, and the DecisionLogService on top (stamping, idempotent resend,
 * signed checkpoints) verifying end to end.
 */
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decisionDraft, testUuid } from '../../shared/decisionLog/testing';
import { verifyLog, type EntryDraft } from '../../shared/decisionLog';
import { MemoryStore } from '../store/memoryStore';
import { PgStore } from '../store/pgStore';
import { SqliteStore } from '../store/sqliteStore';
import type { Store } from '../store/types';
import { createPgTestDatabase, PG_TEST_HINT, pgTestUrl, tempDir } from '../testing';
import { SeqTaken } from './logStore';
import { DecisionLogService } from './service';
import { ephemeralSigner, loadOrCreateSigner } from './signingKey';

interface Engine {
  store: Store;
  another?: () => Promise<Store>;
  exec?: (sql: string) => Promise<unknown>;
}

const pgUrl = pgTestUrl();
if (!pgUrl) console.warn(`Skipping the PostgreSQL decision-log tests: ${PG_TEST_HINT}`);
let pgDb: { url: string; drop(): Promise<void> } | null = null;
let pgSchemas = 0;
beforeAll(async () => {
  if (pgUrl) pgDb = await createPgTestDatabase(pgUrl);
});
afterAll(async () => {
  await pgDb?.drop();
});

const engines: Record<string, { skip: boolean; sql: boolean; make: (cleanup: (() => unknown)[]) => Promise<Engine> }> = {
  memory: { skip: false, sql: false, make: () => Promise.resolve({ store: new MemoryStore() }) },
  sqlite: {
    skip: false,
    sql: true,
    make: (cleanup) => {
      const d = tempDir('h-decisions-');
      cleanup.push(() => d.remove());
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
      });
    },
  },
  postgres: {
    skip: !pgUrl,
    sql: true,
    make: async () => {
      const schema = `dl${++pgSchemas}`;
      const url = pgDb!.url;
      return {
        store: await PgStore.open(url, { schema }),
        another: () => PgStore.open(url, { schema }),
        exec: async (sql: string) => {
          const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
          await c.connect();
          try {
            return await c.query(sql);
          } finally {
            await c.end();
          }
        },
      };
    },
  },
};

const loggist = { user: 'PC Loggist', role: 'loggist', typedName: 'Jo Bloggs' };
const T = Date.parse('2026-08-30T10:05:00Z');

for (const [name, engine] of Object.entries(engines)) {
  describe.skipIf(engine.skip)(`${name}: decision log storage`, () => {
    const stores: Store[] = [];
    const cleanup: (() => unknown)[] = [];
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close();
      for (const c of cleanup.splice(0)) await c();
    });
    const open = async () => {
      const e = await engine.make(cleanup);
      stores.push(e.store);
      return e;
    };
    let clock = T;
    const service = (s: Store, signer = ephemeralSigner()) => new DecisionLogService(s.appendLogs, signer, { now: () => (clock += 1000), checkpointEvery: 3 });
    const append = async (svc: DecisionLogService, d: EntryDraft = decisionDraft()) => {
      const r = await svc.append(d, loggist);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };

    it('numbers entries per log, stamps the authenticated author and the logged time, and chains them', async () => {
      const { store } = await open();
      const svc = service(store);
      const a = await append(svc);
      const b = await append(svc);
      const gold = await append(svc, decisionDraft({ logId: 'gold' }));
      expect([a.entry.seq, b.entry.seq, gold.entry.seq]).toEqual([1, 2, 1]);
      expect(a.entry).toMatchObject({ author: { user: 'PC Loggist', role: 'loggist' }, typedName: 'Jo Bloggs', onBehalfOf: 'Supt Silver' });
      expect(b.entry.prevHash).toBe(a.hash);
      const listed = await svc.list('op-1');
      expect(listed.entries.map((e) => [e.entry.logId, e.entry.seq])).toEqual([
        ['gold', 1],
        ['silver', 1],
        ['silver', 2],
      ]);
    });

    it('answers a resent draft with the entry stored the first time, never a second entry', async () => {
      const { store } = await open();
      const svc = service(store);
      const d = decisionDraft();
      const [first, again] = await Promise.all([append(svc, d), append(svc, d)]);
      expect(again).toEqual(first);
      expect((await store.appendLogs.entries('op-1', 'silver')).length).toBe(1);
    });

    it('refuses a second entry with a number already taken', async () => {
      const { store } = await open();
      const row = { operationId: 'op-1', logId: 'silver', seq: 1, entryId: testUuid(), loggedAtMs: T, hash: 'a'.repeat(64), json: '{}' };
      await store.appendLogs.appendEntry(row);
      await expect(store.appendLogs.appendEntry({ ...row, entryId: testUuid() })).rejects.toBeInstanceOf(SeqTaken);
    });

    it('signs a checkpoint every N entries and at close, and the log verifies with the published key', async () => {
      const { store } = await open();
      const svc = service(store);
      for (let i = 0; i < 4; i++) await append(svc);
      await svc.closeOperation('op-1');
      const listed = await svc.list('op-1');
      expect(listed.checkpoints.map((c) => [c.size, c.reason])).toEqual([
        [3, 'interval'],
        [4, 'close'],
      ]);
      const r = await verifyLog({ operationId: 'op-1', logId: 'silver', entries: listed.entries, checkpoints: listed.checkpoints, publicKey: svc.publicKey });
      expect(r).toMatchObject({ ok: true, entries: 4, unsigned: 0 });
    });

    it('refuses a correction of an entry that is not in the log, and a loggist who names no commander', async () => {
      const { store } = await open();
      const svc = service(store);
      const r = await svc.append(decisionDraft({ corrects: { seq: 1, entryId: testUuid() } }), loggist);
      expect(r).toEqual({ ok: false, error: 'the entry to correct (#1) is not in the Silver log' });
      const d = decisionDraft();
      delete d.onBehalfOf;
      expect(await svc.append(d, loggist)).toEqual({ ok: false, error: 'a loggist writes on behalf of a commander: name the commander' });
      expect((await svc.append(decisionDraft(), { user: 'Viewer', role: 'controller' })).ok).toBe(false);
    });

    // The memory store has no SQL and no restart: these two are the SQL engines' own.
    if (!engine.sql) return;
    it('refuses UPDATE and DELETE of entries and checkpoints in the engine itself', async () => {
      const { store, exec } = await open();
      const svc = service(store);
      for (let i = 0; i < 3; i++) await append(svc);
      await expect(exec!(`UPDATE log_entries SET json = '{}' WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await expect(exec!(`DELETE FROM log_entries`)).rejects.toThrow(/append-only/);
      await expect(exec!(`UPDATE log_checkpoints SET size = 1`)).rejects.toThrow(/append-only/);
      await expect(exec!(`DELETE FROM log_checkpoints`)).rejects.toThrow(/append-only/);
      expect((await store.appendLogs.entries('op-1')).length).toBe(3);
    });

    it('keeps the logs across a restart, and the next entry follows on', async () => {
      const { store, another } = await open();
      const signer = ephemeralSigner();
      const a = await append(service(store, signer));
      await store.close();
      stores.splice(stores.indexOf(store), 1);
      const again = await another!();
      stores.push(again);
      const b = await append(service(again, signer));
      expect(b.entry).toMatchObject({ seq: 2, prevHash: a.hash });
    });
  });
}

describe('the signing key file', () => {
  it('is made at first start readable by the server only, and the same key is loaded after', () => {
    const d = tempDir('h-decisions-key-');
    try {
      const file = path.join(d.dir, 'keys', 'decision-log-key.pem');
      const first = loadOrCreateSigner(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadOrCreateSigner(file).publicKey).toBe(first.publicKey);
    } finally {
      d.remove();
    }
  });
});
