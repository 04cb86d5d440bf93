/**
 * Signing out on one process ends the person's sockets on every process at once: two command servers share one
 * account store (as PostgreSQL does in production) and a real Redis, and nothing else.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse, Notice } from '../../shared/protocol';
import type { CommandServer } from '../createServer';
import { connect, haveRedis, startRedis, startTestServer, waitFor, type Client } from '../testing';
import { MemoryAccounts } from './memoryAccounts';

describe.skipIf(!haveRedis())('session revocation across processes (real Redis)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const servers: CommandServer[] = [];
  const clients: Client[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const login = async (url: string, userName: string) => {
    const r = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password: `cordon-dev-${userName}` }),
    });
    return ((await r.json()) as LoginResponse).token;
  };
  const open = async (url: string, token: string) => {
    const c = await connect(url, token);
    clients.push(c);
    const notices: Notice[] = [];
    c.on('notice', (n) => notices.push(n));
    return { c, notices };
  };

  it("signs the person's sockets out on the other process at once when they sign out, and leaves other people alone", async () => {
    const shared = new MemoryAccounts();
    // One after the other: the second finds the development users the first made.
    const a = await startTestServer({ redisUrl: redis.url, accounts: { accounts: shared } });
    servers.push(a);
    const b = await startTestServer({ redisUrl: redis.url, accounts: { accounts: shared } });
    servers.push(b);
    const token = await login(a.url, 'controller');
    const onA = await open(a.url, token);
    const onB = await open(b.url, token);
    const someoneElse = await open(b.url, await login(b.url, 'planner'));

    const out = await fetch(`${a.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(200);

    await waitFor(() => !onB.c.connected, 5000, 'the socket on process B to be signed out');
    expect(onB.notices.map((n) => `${n.code}: ${n.message}`)).toContain('signedOut: signed out: signed out');
    await waitFor(() => !onA.c.connected, 5000, 'the socket on process A to be signed out');
    expect(someoneElse.c.connected).toBe(true);
    // And the session is refused on B's next connect as before.
    await expect(connect(b.url, token)).rejects.toThrow(/session ended or unknown/);
  });
});
