/**
 * Sync across two server processes' worth of servers sharing one PostgreSQL store and one Redis: a push taken by one
 * reaches a workstation connected to the other as a `sync:head` notice (through the Redis adapter), and the other
 * answers its pull from the shared store although it never saw the push.
 */
import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../shared/domain';
import type { SyncHeadNotice, SyncPullResult, SyncPushResult } from '../../shared/protocol';
import type { CommandServer } from '../createServer';
import { demoOperationAs } from '../demo/demoOperation';
import { connect, DEV_TOKENS, haveRedis, PG_TEST_HINT, pgTestUrl, request, sharedStoreCluster, startTestServer, waitFor } from '../testing';

const OP = 'op-kingfisher-cluster';
const runnable = haveRedis() && pgTestUrl() !== null;
if (!runnable) console.warn(`Skipping the sync cluster test: needs redis-server and PostgreSQL (${PG_TEST_HINT}).`);

describe.skipIf(!runnable)('sync across servers sharing PostgreSQL + Redis', () => {
  const cluster = sharedStoreCluster();

  it('tells a workstation on the other server and answers its pull from the shared store', async () => {
    for (let i = 0; i < 2; i++) cluster.servers.push(await startTestServer({ store: 'postgres', pgUrl: cluster.db.url, redisUrl: cluster.redis.url }));
    const [one, two] = cluster.servers as [CommandServer, CommandServer];
    const a = await connect(one.url, DEV_TOKENS.planner);
    const b = await connect(two.url, DEV_TOKENS.commander);
    cluster.clients.push(a, b);
    const plan: OperationBundle = demoOperationAs(OP);
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
      changes: [{ table: 'features', key: f.id, before: f, after: { ...f, name: 'Sector across cluster.servers' } }],
    });
    expect(pushed.ok).toBe(true);
    await waitFor(() => heads.some((h) => h.operationId === OP && h.headSeq === 1), 10_000, 'sync:head on the other server');
    const pulled = await request<SyncPullResult>(b, 'sync:pull', { operationId: OP, sinceSeq: 0 });
    expect(pulled.ok && pulled.value.entries.map((e) => [e.changeSetId, e.by, (e.changes[0]?.after as { name: string }).name])).toEqual([
      ['cs-cluster-0001', 'Dev planner', 'Sector across cluster.servers'],
    ]);
  }, 60_000);
});
