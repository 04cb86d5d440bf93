/**
 * Sync across two server processes' worth of servers sharing one PostgreSQL store and one Redis: a push taken by one
 * reaches a workstation connected to the other as a `sync:head` notice (through the Redis adapter), and the other
 * answers its pull from the shared store although it never saw the push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../shared/domain';
import type { SyncHeadNotice, SyncPullResult, SyncPushResult } from '../../shared/protocol';
import type { CommandServer } from '../createServer';
import { demoOperation } from '../demo/demoOperation';
import {
  connect,
  createPgTestDatabase,
  DEV_TOKENS,
  haveRedis,
  PG_TEST_HINT,
  pgTestUrl,
  request,
  startRedis,
  startTestServer,
  waitFor,
  type Client,
} from '../testing';

const OP = 'op-kingfisher-cluster';
const runnable = haveRedis() && pgTestUrl() !== null;
if (!runnable) console.warn(`Skipping the sync cluster test: needs redis-server and PostgreSQL (${PG_TEST_HINT}).`);

describe.skipIf(!runnable)('sync across servers sharing PostgreSQL + Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let db: Awaited<ReturnType<typeof createPgTestDatabase>>;
  const servers: CommandServer[] = [];
  const clients: Client[] = [];
  beforeAll(async () => {
    [redis, db] = await Promise.all([startRedis(), createPgTestDatabase()]);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.close();
    await redis?.stop();
    await db?.drop();
  });

  it('tells a workstation on the other server and answers its pull from the shared store', async () => {
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ store: 'postgres', pgUrl: db.url, redisUrl: redis.url }));
    const [one, two] = servers as [CommandServer, CommandServer];
    const a = await connect(one.url, DEV_TOKENS.planner);
    const b = await connect(two.url, DEV_TOKENS.commander);
    clients.push(a, b);
    const base = demoOperation(Date.now());
    const re = <T extends { operationId: string }>(rows: T[]) => rows.map((r) => ({ ...r, operationId: OP }));
    const plan: OperationBundle = {
      ...base,
      operation: { ...base.operation, id: OP },
      phases: re(base.phases),
      features: re(base.features),
      units: re(base.units),
      assignments: re(base.assignments),
    };
    expect((await request(a, 'sync:share', { plan })).ok).toBe(true);
    // B opens it on the other server (joins the room there).
    expect((await request(b, 'sync:snapshot', { operationId: OP })).ok).toBe(true);
    const heads: SyncHeadNotice[] = [];
    b.on('sync:head', (n) => heads.push(n));
    const f = plan.features[0]!;
    const pushed = await request<SyncPushResult>(a, 'sync:push', {
      operationId: OP,
      changeSetId: 'cs-cluster-0001',
      baseSeq: 0,
      label: 'Rename sector',
      editedAt: new Date().toISOString(),
      changes: [{ table: 'features', key: f.id, before: f, after: { ...f, name: 'Sector across servers' } }],
    });
    expect(pushed.ok).toBe(true);
    await waitFor(() => heads.some((h) => h.operationId === OP && h.headSeq === 1), 10_000, 'sync:head on the other server');
    const pulled = await request<SyncPullResult>(b, 'sync:pull', { operationId: OP, sinceSeq: 0 });
    expect(pulled.ok && pulled.value.entries.map((e) => [e.changeSetId, e.by, (e.changes[0]?.after as { name: string }).name])).toEqual([
      ['cs-cluster-0001', 'Dev planner', 'Sector across servers'],
    ]);
  }, 60_000);
});
