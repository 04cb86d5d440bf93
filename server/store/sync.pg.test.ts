import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPgTestDatabase, PG_TEST_HINT, pgTestUrl } from '../testing';
import { PgStore } from './pgStore';
import { syncSuite } from './sync.suite';

const url = pgTestUrl();
if (!url) console.warn(`Skipping the PostgreSQL sync tests: ${PG_TEST_HINT}`);

let db: { url: string; drop(): Promise<void> } | null = null;
beforeAll(async () => {
  if (url) db = await createPgTestDatabase(url);
});
afterAll(async () => {
  await db?.drop();
});
let schemas = 0;
const dbUrl = () => {
  if (!db) throw new Error('no test database');
  return db.url;
};

async function exec(schema: string, sql: string) {
  const c = new pg.Client({ connectionString: dbUrl(), options: `-c search_path=${schema}` });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

syncSuite(
  'postgres',
  async () => {
    const schema = `s${++schemas}`;
    return {
      store: await PgStore.open(dbUrl(), { schema }),
      another: () => PgStore.open(dbUrl(), { schema }),
      exec: (sql: string) => exec(schema, sql),
      dispose: () => Promise.resolve(),
    };
  },
  { skip: !url, persistent: true },
);
