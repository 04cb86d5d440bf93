import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPgTestDatabase, PG_TEST_HINT, pgTestUrl } from '../testing';
import { PgStore } from './pgStore';
import { alert, at, pos, storeSuite, T0 } from './store.suite';

const url = pgTestUrl();
if (!url) console.warn(`Skipping the PostgreSQL store tests: ${PG_TEST_HINT}`);

// One throwaway database for this file; each test its own schema in it.
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

storeSuite(
  'postgres',
  async () => {
    const schema = `t${++schemas}`;
    return {
      store: await PgStore.open(dbUrl(), { schema }),
      another: () => PgStore.open(dbUrl(), { schema }),
      exec: (sql: string) => exec(schema, sql),
      dispose: () => Promise.resolve(),
    };
  },
  { skip: !url },
);

describe.skipIf(!url)('PgStore', () => {
  const stores: PgStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const open = async (schema: string, o: Parameters<typeof PgStore.open>[1] = {}) => {
    const s = await PgStore.open(dbUrl(), { schema, ...o });
    stores.push(s);
    return s;
  };

  it('creates the schema once when several processes start at once', async () => {
    const schema = `t${++schemas}`;
    const all = await Promise.all([open(schema), open(schema), open(schema), open(schema)]);
    await all[0]!.writePositions('op', [pos('a', 1)]);
    expect(await all[3]!.latest('op')).toHaveLength(1);
  });

  it('makes day partitions on demand, and leaves reports from a wild clock to the default partition', async () => {
    const schema = `t${++schemas}`;
    const s = await open(schema);
    const today = Date.now();
    const day = (ms: number) => `positions_${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
    await s.writePositions('op', [pos('a', 0, { time: new Date(today).toISOString() }), pos('a', 0, { time: new Date(today - 86_400_000).toISOString() })]);
    await s.writePositions('op', [pos('b', 0, { time: '1980-01-06T00:00:00Z' })]);
    expect(await s.partitions()).toEqual([day(today - 86_400_000), day(today), 'positions_default'].sort());
    const inDefault = await exec(schema, 'SELECT count(*)::int AS n FROM positions_default');
    expect(inDefault.rows[0]).toEqual({ n: 1 });
    // A second process knows nothing of them, and makes them again harmlessly.
    const other = await open(schema);
    await other.writePositions('op', [pos('c', 0, { time: new Date(today).toISOString() })]);
    const page = await other.positionPage({ operationId: 'op', fromMs: 0, toMs: today + 1000, limit: 10 });
    expect(page.positions.map((r) => r.id)).toEqual(['b', 'a', 'a', 'c']);
    expect(other.stats()).toMatchObject({ errors: 0, pendingRows: 0 });
  });

  it('keeps writing when a day already has rows in the default partition', async () => {
    const schema = `t${++schemas}`;
    const logs: string[] = [];
    const s = await open(schema, { partitionDaysAhead: 0, log: (l) => logs.push(l) });
    const later = Date.now() + 3 * 86_400_000;
    await s.writePositions('op', [pos('a', 0, { time: new Date(later).toISOString() })]);
    // Another process that accepts that day as near enough tries to make its partition, and cannot: rows stay in default.
    const other = await open(schema, { partitionDaysAhead: 5, log: (l) => logs.push(l) });
    await other.writePositions('op', [pos('b', 0, { time: new Date(later + 1000).toISOString() })]);
    expect(logs.join()).toMatch(/default partition/);
    expect((await exec(schema, 'SELECT count(*)::int AS n FROM positions_default')).rows[0]).toEqual({ n: 2 });
    expect((await other.latest('op')).map((r) => r.id).sort()).toEqual(['a', 'b']);
  });

  it('keeps one alert version and the newest latest position when several processes write the same', async () => {
    const schema = `t${++schemas}`;
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const v = alert('op', 'x', { updatedAt: at(5) });
    await Promise.all([a.putAlerts([v], T0 + 5000), b.putAlerts([v], T0 + 5003)]);
    expect((await a.alertHistory({ operationId: 'op', fromMs: 0, toMs: T0 + 1e6, limit: 10 })).alerts).toHaveLength(1);
    const writes = [];
    for (let i = 0; i < 20; i++) writes.push((i % 2 ? a : b).writePositions('op', [pos('u', 100 - i), pos('w', i)]));
    await Promise.all(writes);
    expect((await b.latest('op')).map((r) => [r.id, r.time]).sort()).toEqual([
      ['u', at(100)],
      ['w', at(19)],
    ]);
  });

  it('writes batches that arrive during a write together in the next transaction, each resolving once committed', async () => {
    const s = await open(`t${++schemas}`);
    const writes = [];
    for (let i = 0; i < 40; i++) writes.push(s.writePositions(i % 2 ? 'op1' : 'op2', [pos(`u${i}`, i), pos('w', i)]));
    await Promise.all(writes);
    // All 40, sent before the first could reach the database, share one transaction (two operations in one INSERT).
    expect(s.stats()).toMatchObject({ positionTransactions: 1, written: 80, pendingRows: 0, errors: 0 });
    expect((await s.latest('op1')).map((r) => [r.id, r.time]).sort()[0]).toEqual(['u1', at(1)]);
    expect((await s.latest('op1')).find((r) => r.id === 'w')?.time).toBe(at(39));
    expect((await s.latest('op2')).find((r) => r.id === 'w')?.time).toBe(at(38));
    const page = await s.positionPage({ operationId: 'op2', fromMs: 0, toMs: T0 + 1e6, limit: 100 });
    expect(page.positions).toHaveLength(40);
    // Batches that wait for each other's answer are each their own transaction.
    await s.writePositions('op1', [pos('z', 50)]);
    await s.writePositions('op1', [pos('z', 51)]);
    expect(s.stats()).toMatchObject({ positionTransactions: 3, written: 82 });
  });

  it('caps a group commit at 10,000 reports, so that building one never stalls the process on a backlog', async () => {
    const s = await open(`t${++schemas}`);
    // 25 batches of 1,000 sent at once: 10,000 + 10,000 + 5,000, each resolving once its own commit is durable.
    const writes = Array.from({ length: 25 }, (_, b) =>
      s.writePositions(
        'op',
        Array.from({ length: 1000 }, (_, i) => pos(`u${b * 1000 + i}`, 1)),
      ),
    );
    await Promise.all(writes);
    expect(s.stats()).toMatchObject({ positionTransactions: 3, written: 25_000, pendingRows: 0, errors: 0 });
    expect(await s.latest('op')).toHaveLength(25_000);
  });

  it('stores reports as they came through the one-statement write: awkward text, newest kept, older ones in the history', async () => {
    const s = await open(`t${++schemas}`);
    const odd = { callSign: 'Zoë "7" \\ back\\slash, comma [x] {y} \u2028', groupId: "O'Brien's \u{1F6A8}" };
    const writes = [s.writePositions('op1', [pos('a', 5, odd), pos('b', 1)]), s.writePositions('op1', [pos('a', 3), pos('b', 2, odd)])];
    await Promise.all(writes);
    const latest = new Map((await s.latest('op1')).map((r) => [r.id, r]));
    expect(latest.get('a')).toEqual(pos('a', 5, odd));
    expect(latest.get('b')).toEqual(pos('b', 2, odd));
    const page = await s.positionPage({ operationId: 'op1', fromMs: 0, toMs: T0 + 1e6, limit: 10 });
    expect(page.positions).toEqual([pos('b', 1), pos('b', 2, odd), pos('a', 3), pos('a', 5, odd)]);
  });

  it('refuses TRUNCATE of the retention log too', async () => {
    const schema = `t${++schemas}`;
    const s = await open(schema);
    await s.ensureOperation('op', T0);
    await s.setLegalHold('op', true, 'Legal', 'inquiry', T0);
    await expect(exec(schema, 'TRUNCATE retention_log')).rejects.toThrow(/append-only/);
    expect(await s.retentionLog()).toHaveLength(1);
  });

  it('refuses a schema from a newer server', async () => {
    const schema = `t${++schemas}`;
    await (await open(schema)).close();
    await exec(schema, `UPDATE cordon_meta SET value = '99' WHERE key = 'schemaVersion'`);
    await expect(PgStore.open(dbUrl(), { schema })).rejects.toThrow(/newer server/);
  });
});
