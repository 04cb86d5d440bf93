/**
 * The SQLite and PostgreSQL stores as the conformance suites take them (StoreUnderTest): one place that opens a fresh
 * store, a second instance over the same data, and raw SQL beside it. Each `*.sqlite.test.ts` / `*.pg.test.ts` runner
 * is then one call. Test-only.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPgTestDatabase, PG_TEST_HINT, pgTestUrl, tempDir } from '../testing';
import { PgStore } from './pgStore';
import { SqliteStore } from './sqliteStore';
import type { StoreUnderTest } from './store.suite';

/** A fresh SQLite store in its own temporary folder. */
export function sqliteTarget(): Promise<StoreUnderTest> {
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
}

/**
 * PostgreSQL targets for one test file: a throwaway database for the file (made before and dropped after its tests),
 * a fresh schema per target. `skip` is true (with a warning naming what is missing) when no test server is configured.
 */
export function pgTargets(what: string): { skip: boolean; make: () => Promise<StoreUnderTest> } {
  const url = pgTestUrl();
  if (!url) console.warn(`Skipping the PostgreSQL ${what} tests: ${PG_TEST_HINT}`);
  let db: { url: string; drop(): Promise<void> } | null = null;
  beforeAll(async () => {
    if (url) db = await createPgTestDatabase(url);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const dbUrl = () => {
    if (!db) throw new Error('no test database');
    return db.url;
  };
  const exec = async (schema: string, sql: string) => {
    const c = new pg.Client({ connectionString: dbUrl(), options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  let schemas = 0;
  return {
    skip: !url,
    make: async () => {
      const schema = `s${++schemas}`;
      return {
        store: await PgStore.open(dbUrl(), { schema }),
        another: () => PgStore.open(dbUrl(), { schema }),
        exec: (sql: string) => exec(schema, sql),
        dispose: () => Promise.resolve(),
      };
    },
  };
}
