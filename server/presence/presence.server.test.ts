/**
 * Presence against a real socket.io server: people signed in as development users open an operation, see each other
 * and each other's selection, and drop out of the list the moment they leave or disconnect; across two processes
 * joined only by a real Redis, and without ghosts when a process dies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse, PresenceNotice } from '../../shared/protocol';
import { DEMO_OPERATION_ID } from '../demo/demoOperation';
import { connect, haveRedis, request, serverPerTest, spawnServerProcess, startRedis, startTestServer, waitFor, type Client } from '../testing';

const OP = DEMO_OPERATION_ID;
const t = serverPerTest();

async function signIn(url: string, userName: string, typedName?: string): Promise<Client> {
  const r = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName, password: `cordon-dev-${userName}` }),
  });
  const body = (await r.json()) as LoginResponse & { error?: string };
  expect(r.status, body.error).toBe(200);
  const c = await connect(url, body.token, { userName: typedName ?? userName });
  t.clients.push(c);
  return c;
}

/** Every presence notice a client receives, newest last. */
function notices(c: Client): PresenceNotice[] {
  const out: PresenceNotice[] = [];
  c.on('presence', (n) => out.push(n));
  return out;
}
const names = (n: PresenceNotice | undefined) => n?.people.map((p) => `${p.displayName} (${p.workspace}: ${p.selection.join(',')})`);

describe('presence on one process', () => {
  it('shows who has the operation open and what they selected, by their account, and drops them at once when they go', async () => {
    t.server = await startTestServer();
    const jane = await signIn(t.server.url, 'controller');
    // What someone types at the screen is not who they are.
    const pat = await signIn(t.server.url, 'planner', 'The Commissioner');
    const seenByJane = notices(jane);

    const first = await request<PresenceNotice>(jane, 'presence:update', { operationId: OP, workspace: 'live', selection: [] });
    expect(first.ok && names(first.value)).toEqual(['Insp Dev Controller (live: )']);

    const second = await request<PresenceNotice>(pat, 'presence:update', { operationId: OP, workspace: 'plan', selection: ['sector-1'] });
    expect(second.ok && names(second.value)).toEqual(['Insp Dev Controller (live: )', 'PS Dev Planner (plan: sector-1)']);
    await waitFor(() => names(seenByJane.at(-1))?.includes('PS Dev Planner (plan: sector-1)'), 5000, 'Jane to see Pat');
    expect(seenByJane.at(-1)?.people.find((p) => p.user === 'planner')?.displayName).toBe('PS Dev Planner');

    // A new selection reaches Jane; leaving takes Pat off her list.
    await request(pat, 'presence:update', { operationId: OP, workspace: 'plan', selection: ['route-2', 'rvp-3'] });
    await waitFor(() => names(seenByJane.at(-1))?.includes('PS Dev Planner (plan: route-2,rvp-3)'), 5000, 'the new selection');
    expect((await request(pat, 'presence:leave', { operationId: OP })).ok).toBe(true);
    await waitFor(() => seenByJane.at(-1)?.people.length === 1, 5000, 'Pat to leave');

    // Back, then gone by disconnecting (a closed window).
    await request(pat, 'presence:update', { operationId: OP, workspace: 'brief', selection: [] });
    await waitFor(() => seenByJane.at(-1)?.people.length === 2, 5000, 'Pat back');
    pat.close();
    await waitFor(() => names(seenByJane.at(-1))?.join() === 'Insp Dev Controller (live: )', 5000, 'Pat gone on disconnect');
  });

  it('refuses presence in an operation the person is not a member of, and a selection of more than 50', async () => {
    t.server = await startTestServer();
    const jane = await signIn(t.server.url, 'controller');
    const elsewhere = await request(jane, 'presence:update', { operationId: 'op-not-mine', workspace: 'plan', selection: [] });
    expect(elsewhere).toEqual({ ok: false, error: 'forbidden: you are not a member of operation op-not-mine' });
    const many = await request(jane, 'presence:update', { operationId: OP, workspace: 'plan', selection: Array.from({ length: 51 }, (_, i) => `f${i}`) });
    expect(many.ok).toBe(false);
    expect(!many.ok && many.error).toMatch(/invalid presence:update payload: selection/);
  });

  it('coalesces a burst of selection changes into a few notices that end on the last selection', async () => {
    t.server = await startTestServer({ presence: { notifyEveryMs: 250 } });
    const jane = await signIn(t.server.url, 'controller');
    const pat = await signIn(t.server.url, 'planner');
    await request(jane, 'presence:update', { operationId: OP, workspace: 'live', selection: [] });
    await request(pat, 'presence:update', { operationId: OP, workspace: 'plan', selection: [] });
    const seen = notices(jane);
    // Twenty clicks through a list, as fast as the socket goes.
    await Promise.all(Array.from({ length: 20 }, (_, i) => request(pat, 'presence:update', { operationId: OP, workspace: 'plan', selection: [`f${i}`] })));
    await waitFor(() => names(seen.at(-1))?.includes('PS Dev Planner (plan: f19)'), 5000, 'the last selection');
    expect(seen.length).toBeLessThan(20);
  });
});

describe.skipIf(!haveRedis())('presence across processes (real Redis)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('shows people on another process, and forgets them when that process dies (no ghosts)', async () => {
    t.server = await startTestServer({ redisUrl: redis.url, presence: { beatMs: 200 } });
    // B in its own OS process (default beat: 2 s), joined to A by Redis only.
    const b = await spawnServerProcess(['--redis', redis.url, '--memory', '--no-cot', '--no-demo', '--tick-ms', '50']);
    try {
      const onA = await signIn(t.server.url, 'controller');
      const onB = await signIn(b.url, 'planner');
      const seenOnA = notices(onA);
      const seenOnB = notices(onB);
      await request(onA, 'presence:update', { operationId: OP, workspace: 'live', selection: [] });
      await request(onB, 'presence:update', { operationId: OP, workspace: 'plan', selection: ['sector-1'] });
      await waitFor(() => names(seenOnA.at(-1))?.includes('PS Dev Planner (plan: sector-1)'), 10_000, 'A to see the planner on B');
      await waitFor(() => names(seenOnB.at(-1))?.includes('Insp Dev Controller (live: )'), 10_000, 'B to see the controller on A');

      // B dies without a word: within three of its beats A's screen drops its people.
      b.child.kill('SIGKILL');
      await waitFor(() => names(seenOnA.at(-1))?.join() === 'Insp Dev Controller (live: )', 15_000, "B's people to be forgotten");
    } finally {
      await b.stop();
    }
  });
});
