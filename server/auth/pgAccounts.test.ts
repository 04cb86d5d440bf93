import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPgTestDatabase, PG_TEST_HINT, pgTestUrl } from '../testing';
import { accountsSuite } from './accounts.suite';
import { PgAccounts } from './pgAccounts';

const url = pgTestUrl();
if (!url) console.warn(`Skipping the PostgreSQL accounts tests: ${PG_TEST_HINT}`);

let db: { url: string; drop(): Promise<void> } | null = null;
beforeAll(async () => {
  if (url) db = await createPgTestDatabase(url);
});
afterAll(async () => {
  await db?.drop();
});
let schemas = 0;

async function exec(schema: string, sql: string) {
  const c = new pg.Client({ connectionString: db!.url, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

accountsSuite(
  'postgres',
  async () => {
    const schema = `acc${++schemas}`;
    return { store: await PgAccounts.open(db!.url, schema), exec: (sql: string) => exec(schema, sql), dispose: () => Promise.resolve() };
  },
  { skip: !url },
);
