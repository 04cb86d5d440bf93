/**
 * Removing someone from an operation on one process takes it away from them on every process at once: two command
 * servers share one PostgreSQL store (accounts, sync) and a real Redis, and nothing else. The person is connected to
 * the OTHER process than the administrator: there their live subscription, sync notices and presence stop, the others
 * stop seeing them in the "Also here:" strip on both processes, and their requests are refused from the new roles.
 */
import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../shared/domain';
import type { AccountView, Delta, LoginResponse, Notice, PresenceNotice, SyncHeadNotice, SyncPushResult } from '../../shared/protocol';
import type { CommandServer } from '../createServer';
import { DEMO_OPERATION_ID, demoOperation } from '../demo/demoOperation';
import { connect, haveRedis, PG_TEST_HINT, pgTestUrl, report, request, sharedStoreCluster, startTestServer, waitFor, type Client } from '../testing';

const OP = DEMO_OPERATION_ID;
const runnable = haveRedis() && pgTestUrl() !== null;
if (!runnable) console.warn(`Skipping the membership cluster test: needs redis-server and PostgreSQL (${PG_TEST_HINT}).`);

describe.skipIf(!runnable)('membership changes across servers sharing PostgreSQL + Redis', () => {
  const cluster = sharedStoreCluster();

  const signIn = async (url: string, userName: string): Promise<Client> => {
    const r = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password: `cordon-dev-${userName}` }),
    });
    const c = await connect(url, ((await r.json()) as LoginResponse).token);
    cluster.clients.push(c);
    return c;
  };
  /** Every message of one kind a client receives, newest last. */
  const heard = <T>(c: Client, event: 'presence' | 'notice' | 'sync:head' | 'delta') => {
    const out: T[] = [];
    (c as unknown as { on(e: string, f: (n: T) => void): void }).on(event, (n) => out.push(n));
    return out;
  };
  const namesIn = (seen: PresenceNotice[]) =>
    seen
      .filter((n) => n.operationId === OP)
      .at(-1)
      ?.people.map((p) => p.displayName) ?? [];

  it("stops the removed member's subscription, sync and presence on the other process, and the others stop seeing them", async () => {
    // One after the other: the second finds the development users the first made in the shared store.
    for (let i = 0; i < 2; i++)
      cluster.servers.push(
        await startTestServer({ store: 'postgres', pgUrl: cluster.db.url, redisUrl: cluster.redis.url, presence: { notifyEveryMs: 20, beatMs: 200 } }),
      );
    const [one, two] = cluster.servers as [CommandServer, CommandServer];
    const admin = await signIn(one.url, 'admin');
    const planner = await signIn(one.url, 'planner');
    const controller = await signIn(one.url, 'controller');
    // The member to be removed and a colleague who stays, both on the other process.
    const viewer = await signIn(two.url, 'viewer');
    const commander = await signIn(two.url, 'commander');

    const plan: OperationBundle = demoOperation(Date.now());
    expect((await request(planner, 'sync:share', { plan })).ok).toBe(true);
    for (const c of [viewer, commander]) {
      expect((await request(c, 'subscribe', { operationId: OP })).ok).toBe(true);
      expect((await request(c, 'sync:snapshot', { operationId: OP })).ok).toBe(true);
    }
    const seenByController = heard<PresenceNotice>(controller, 'presence');
    const seenByCommander = heard<PresenceNotice>(commander, 'presence');
    const seenByViewer = heard<PresenceNotice>(viewer, 'presence');
    await request(controller, 'presence:update', { operationId: OP, workspace: 'live', selection: [] });
    await request(commander, 'presence:update', { operationId: OP, workspace: 'brief', selection: [] });
    await request(viewer, 'presence:update', { operationId: OP, workspace: 'plan', selection: [plan.features[0]!.id] });
    await waitFor(() => namesIn(seenByController).includes('PC Dev Viewer'), 10_000, 'the controller (process one) to see the viewer');
    await waitFor(() => namesIn(seenByCommander).includes('PC Dev Viewer'), 10_000, 'the commander (process two) to see the viewer');

    const viewerNotices = heard<Notice>(viewer, 'notice');
    const users = await request<AccountView[]>(admin, 'users:list', {});
    const viewerId = users.ok ? users.value.find((u) => u.userName === 'viewer')?.id : undefined;
    expect(viewerId).toBeDefined();
    const removed = await request<AccountView>(admin, 'users:setRoles', { userId: viewerId, operationId: OP, roles: [] });
    expect(removed.ok && removed.value.memberships.find((m) => m.operationId === OP)).toBeUndefined();

    // On process two: told why, their own strip emptied, gone from everybody's strip on both processes.
    await waitFor(() => viewerNotices.some((n) => n.code === 'membershipEnded'), 10_000, 'the membershipEnded notice on process two');
    const ended = viewerNotices.find((n) => n.code === 'membershipEnded');
    expect(ended?.message).toMatch(`no longer a member of operation ${OP}`);
    // Named, so the screen watching that operation (and only it) stops and says why.
    expect(ended?.operationId).toBe(OP);
    await waitFor(() => seenByViewer.at(-1)?.operationId === OP && seenByViewer.at(-1)?.people.length === 0, 10_000, "the viewer's strip emptied");
    await waitFor(() => !namesIn(seenByCommander).includes('PC Dev Viewer'), 10_000, 'the viewer gone from the strip on process two');
    await waitFor(() => !namesIn(seenByController).includes('PC Dev Viewer'), 10_000, 'the viewer gone from the strip on process one');
    expect(namesIn(seenByController)).toEqual(expect.arrayContaining(['Insp Dev Controller', 'Supt Dev Commander']));

    // Process two judges their requests by the roles the store holds now.
    const refused = `forbidden: you are not a member of operation ${OP}`;
    expect(await request(viewer, 'sync:pull', { operationId: OP, sinceSeq: 0 })).toEqual({ ok: false, error: refused });
    expect(await request(viewer, 'presence:update', { operationId: OP, workspace: 'plan', selection: [] })).toEqual({ ok: false, error: refused });

    // Nothing more reaches them: a head notice and a live position reach the commander on process two, not the viewer.
    // A socket's messages arrive in order, so anything sent to the viewer before the commander heard it would arrive
    // before the answer to a request the viewer sends afterwards.
    const viewerHeads = heard<SyncHeadNotice>(viewer, 'sync:head');
    const commanderHeads = heard<SyncHeadNotice>(commander, 'sync:head');
    const viewerDeltas = heard<Delta>(viewer, 'delta');
    const commanderDeltas = heard<Delta>(commander, 'delta');
    const f = plan.features[1]!;
    const pushed = await request<SyncPushResult>(planner, 'sync:push', {
      operationId: OP,
      changeSetId: 'cs-after-removal-1',
      baseSeq: 0,
      label: 'Rename feature',
      editedAt: new Date().toISOString(),
      changes: [{ table: 'features', key: f.id, before: f, after: { ...f, name: 'Renamed after the viewer left' } }],
    });
    expect(pushed.ok).toBe(true);
    two.hub.ingest(OP, [report('unit-after-removal')]);
    await waitFor(() => commanderHeads.some((h) => h.operationId === OP), 10_000, 'the head notice at the commander');
    await waitFor(() => commanderDeltas.some((d) => JSON.stringify(d).includes('unit-after-removal')), 10_000, 'the position at the commander');
    await request(viewer, 'session:me', {});
    expect(viewerHeads).toEqual([]);
    expect(viewerDeltas.filter((d) => JSON.stringify(d).includes('unit-after-removal'))).toEqual([]);
  }, 60_000);
});
