/**
 * Named accounts against a real command server: sign-in over HTTP, the session token in the socket handshake, access
 * per operation, who-did-it on the record, revocation that signs open sockets out, rate-limited failures, user
 * administration and the audit trail, the development users, and the OpenID Connect seam with a fake provider.
 */
import { describe, expect, it } from 'vitest';
import type { AccountView, AuditEntry, LoginResponse, Notice, OperationRole, SessionInfo } from '../../shared/protocol';
import { demoOperation } from '../demo/demoOperation';
import { connect, report, request, serverPerTest, startTestServer, waitFor, type Client } from '../testing';
import type { CommandServer } from '../createServer';
import { DEV_USERS } from './demoUsers';

const t = serverPerTest();
const ADMIN_ORIGIN = { actor: { kind: 'service' as const, name: 'test setup', role: 'commander' as const }, workstation: null };

/** A server with a config file's behaviour (no development users), and people made through the account service. */
async function serverWithPeople(people: { userName: string; roles?: Record<string, OperationRole[]>; admin?: boolean; rank?: string; collar?: string }[]) {
  const server = await startTestServer({ config: { auth: { maxFailedLogins: 3 } } });
  t.server = server;
  for (const p of people) {
    const r = await server.accounts.createUser(
      {
        userName: p.userName,
        name: `Name ${p.userName}`,
        collar: p.collar ?? '4521',
        rank: p.rank ?? 'Insp',
        password: `${p.userName}-password`,
        admin: p.admin ?? false,
      },
      ADMIN_ORIGIN,
    );
    if (!r.ok) throw new Error(r.error);
    for (const [op, roles] of Object.entries(p.roles ?? {})) await server.accounts.setRoles(r.value.id, op, roles, ADMIN_ORIGIN);
  }
  return server;
}

async function login(server: CommandServer, userName: string, password = `${userName}-password`) {
  const r = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName, password, workstation: 'ws-test-1' }),
  });
  return { status: r.status, body: (await r.json()) as LoginResponse & { error?: string }, retryAfter: r.headers.get('retry-after') };
}

async function signIn(server: CommandServer, userName: string): Promise<Client> {
  const r = await login(server, userName);
  expect(r.status, r.body.error).toBe(200);
  const c = await connect(server.url, r.body.token, { auth: { token: r.body.token, protocolVersion: '1.0', workstation: 'ws-test-1' } });
  t.clients.push(c);
  return c;
}

describe('named accounts', () => {
  it('signs in with the right password only, and a session sees only the operations it is a member of', async () => {
    const server = await serverWithPeople([{ userName: 'jsmith', roles: { 'op-a': ['controller'] } }]);
    const wrong = await login(server, 'jsmith', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('wrong user name or password');
    expect((await login(server, 'nobody')).body.error).toBe('wrong user name or password');

    const right = await login(server, 'JSmith', 'jsmith-password');
    expect(right.status).toBe(200);
    expect(right.body.user).toMatchObject({ userName: 'jsmith', collar: '4521', memberships: [{ operationId: 'op-a', roles: ['controller'] }] });
    expect(Date.parse(right.body.expiresAt) - Date.now()).toBeGreaterThan(11.9 * 3_600_000);

    const c = await connect(server.url, right.body.token, { auth: { token: right.body.token, protocolVersion: '1.0' } });
    t.clients.push(c);
    expect((await request(c, 'subscribe', { operationId: 'op-a' })).ok).toBe(true);
    expect(await request(c, 'subscribe', { operationId: 'op-b' })).toEqual({ ok: false, error: 'forbidden: you are not a member of operation op-b' });
    const now = new Date().toISOString();
    expect((await request(c, 'history', { operationId: 'op-b', from: now, to: now })).ok).toBe(false);
    expect((await request(c, 'operation:state', { operationId: 'op-a', state: 'closed' })).ok).toBe(false);
    const me = await request<SessionInfo>(c, 'session:me', {});
    expect(me.ok && me.value.user.memberships.map((m) => m.operationId)).toEqual(['op-a']);

    // A made-up or ended token does not connect.
    await expect(connect(server.url, 'cds_made-up-token-of-enough-length')).rejects.toThrow(/session ended or unknown/);
  });

  it('records the signed-in person (name, rank, collar) on what they do, and in the audit trail with the workstation', async () => {
    const server = await serverWithPeople([{ userName: 'gold', roles: { 'op-a': ['commander'] }, rank: 'Ch Supt', collar: '0042' }]);
    await publish(server, 'op-a');
    const c = await signIn(server, 'gold');
    const held = await request(c, 'operation:legalHold', { operationId: 'op-a', hold: true, reason: 'IOPC referral' });
    expect(held.ok).toBe(true);
    expect((await server.store.retentionLog('op-a')).map((e) => e.by)).toEqual(['Name gold (Ch Supt 0042)']);
    const audit = await server.accounts.store.audit({ limit: 10, action: 'legalHold.on' });
    expect(audit).toMatchObject([
      { user: 'Name gold (Ch Supt 0042)', workstation: 'ws-test-1', object: 'operation:op-a', operationId: 'op-a', result: 'ok', detail: 'IOPC referral' },
    ]);
    // A refused attempt is recorded as refused.
    await request(c, 'operation:legalHold', { operationId: 'op-z', hold: true, reason: 'not mine' });
    expect((await server.accounts.store.audit({ limit: 1, action: 'legalHold.on' }))[0]).toMatchObject({ operationId: 'op-z', result: 'refused' });
  });

  it('records an emergency clear by the person who cleared it, and a viewer’s attempt as refused', async () => {
    const server = await serverWithPeople([
      { userName: 'ctl', roles: { 'op-a': ['controller'] }, rank: 'PS', collar: '1234' },
      { userName: 'watch', roles: { 'op-a': ['viewer'] } },
    ]);
    await publish(server, 'op-a');
    const fed = await fetch(`${server.url}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer cordon-dev-feed' },
      body: JSON.stringify({ operationId: 'op-a', positions: [report('r-1', { status: 'emergency' })] }),
    });
    expect(fed.status, await fed.text()).toBe(200);
    await waitFor(() => server.hub.alerts('op-a').some((a) => a.kind === 'emergency'), 5000, 'the emergency');
    const watch = await signIn(server, 'watch');
    expect((await request(watch, 'emergency:clear', { operationId: 'op-a', unitId: 'r-1', reason: 'radio test' })).ok).toBe(false);
    const ctl = await signIn(server, 'ctl');
    const cleared = await request<{ clearedBy: string }>(ctl, 'emergency:clear', {
      operationId: 'op-a',
      unitId: 'r-1',
      reason: 'radio test, confirmed by phone',
    });
    expect(cleared.ok && cleared.value.clearedBy).toBe('Name ctl (PS 1234)');
    const audit = await server.accounts.store.audit({ limit: 5, action: 'emergency.clear' });
    expect(audit.map((e) => [e.user, e.result, e.object])).toEqual([
      ['Name ctl (PS 1234)', 'ok', 'unit:op-a/r-1'],
      ['Name watch (Insp 4521)', 'refused', 'unit:op-a/r-1'],
    ]);
  });

  it('signs a disabled person out at once: open sockets are told and dropped, the token and the password stop working', async () => {
    const server = await serverWithPeople([
      { userName: 'admin', admin: true },
      { userName: 'pc', roles: { 'op-a': ['viewer'] } },
    ]);
    const admin = await signIn(server, 'admin');
    const pcLogin = await login(server, 'pc');
    const pc = await connect(server.url, pcLogin.body.token, { auth: { token: pcLogin.body.token, protocolVersion: '1.0' } });
    t.clients.push(pc);
    const notices: Notice[] = [];
    pc.on('notice', (n) => notices.push(n));
    const users = await request<AccountView[]>(admin, 'users:list', {});
    const pcId = users.ok ? users.value.find((u) => u.userName === 'pc')!.id : '';
    expect((await request<AccountView>(pc, 'users:setEnabled', { userId: pcId, enabled: false })).ok).toBe(false);

    const off = await request<AccountView>(admin, 'users:setEnabled', { userId: pcId, enabled: false });
    expect(off.ok && off.value.enabled).toBe(false);
    await waitFor(() => pc.disconnected, 5000, 'the disabled user to be disconnected');
    expect(notices.map((n) => n.code)).toEqual(['signedOut']);
    await expect(connect(server.url, pcLogin.body.token)).rejects.toThrow(/session ended/);
    expect((await login(server, 'pc')).body.error).toMatch(/disabled/);

    // Enabled again, they sign in afresh (the old session stays ended).
    await request(admin, 'users:setEnabled', { userId: pcId, enabled: true });
    expect((await login(server, 'pc')).status).toBe(200);
    await expect(connect(server.url, pcLogin.body.token)).rejects.toThrow(/session ended/);
  });

  it('ends a session at logout, and holds back a name after repeated failures (429 with Retry-After)', async () => {
    const server = await serverWithPeople([{ userName: 'jsmith', roles: { 'op-a': ['viewer'] } }]);
    const ok = await login(server, 'jsmith');
    const out = await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${ok.body.token}` } });
    expect(out.status).toBe(200);
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${ok.body.token}` } })).status).toBe(401);

    for (let i = 0; i < 3; i++) expect((await login(server, 'jsmith', 'wrong-password')).status).toBe(401);
    const held = await login(server, 'jsmith');
    expect(held.status).toBe(429);
    expect(Number(held.retryAfter)).toBeGreaterThan(0);
    const entries = await server.accounts.store.audit({ limit: 10, action: 'login' });
    expect(entries.map((e) => e.result)).toEqual(['refused', 'failed', 'failed', 'failed', 'ok']);
    expect(entries[1]!.detail).toMatch(/^wrong password/);
    expect(await server.accounts.store.audit({ limit: 10, action: 'logout' })).toHaveLength(1);
  });

  it('lets an admin add a person and give roles, which take effect on their open socket; every change is audited', async () => {
    const server = await serverWithPeople([{ userName: 'admin', admin: true }]);
    const admin = await signIn(server, 'admin');
    const made = await request<AccountView>(admin, 'users:create', {
      userName: 'newpc',
      name: 'New PC',
      collar: '7001',
      rank: 'PC',
      password: 'newpc-password',
    });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect((await request(admin, 'users:create', { userName: 'newpc', name: 'x', collar: '1', rank: 'PC', password: 'short' })).ok).toBe(false);
    const pc = await signIn(server, 'newpc');
    expect((await request(pc, 'subscribe', { operationId: 'op-a' })).ok).toBe(false);
    await request(admin, 'users:setRoles', { userId: made.value.id, operationId: 'op-a', roles: ['viewer'] });
    await waitFor(async () => (await request(pc, 'subscribe', { operationId: 'op-a' })).ok, 5000, 'the new role');
    await request(admin, 'users:resetPassword', { userId: made.value.id, password: 'another-password' });
    await waitFor(() => pc.disconnected, 5000, 'sessions to end on a password reset');
    expect((await login(server, 'newpc', 'another-password')).status).toBe(200);

    const audit = await request<AuditEntry[]>(admin, 'audit:query', { user: 'admin', limit: 50 });
    expect(audit.ok && audit.value.map((e) => e.action).reverse()).toEqual(['login', 'user.create', 'membership.set', 'user.resetPassword']);
    const reads = await server.accounts.store.audit({ limit: 5, action: 'audit.read' });
    expect(reads[0]).toMatchObject({ user: 'Name admin (Insp 4521)', detail: '4 entries for user=admin' });
  });

  it('shows a commander the audit entries of the operations they command only, and refuses others', async () => {
    const server = await serverWithPeople([
      { userName: 'gold', roles: { 'op-a': ['commander'] } },
      { userName: 'ctl', roles: { 'op-a': ['controller'], 'op-b': ['commander'] } },
    ]);
    await publish(server, 'op-a');
    await publish(server, 'op-b');
    const ctl = await signIn(server, 'ctl');
    await request(ctl, 'operation:legalHold', { operationId: 'op-b', hold: true, reason: 'hold op b' });
    const gold = await signIn(server, 'gold');
    await request(gold, 'operation:legalHold', { operationId: 'op-a', hold: true, reason: 'hold op a' });
    const seen = await request<AuditEntry[]>(gold, 'audit:query', {});
    // op-a's: both memberships given at setup and gold's hold; not ctl's hold of op-b, nor anyone's login.
    expect(seen.ok && seen.value.map((e) => `${e.action} ${e.operationId}`)).toEqual(['legalHold.on op-a', 'membership.set op-a', 'membership.set op-a']);
    const viewer = await serverWithPeopleLogin(server);
    expect((await request(viewer, 'audit:query', {})).ok).toBe(false);
  });

  it('makes whoever publishes a new operation its planner', async () => {
    const server = await serverWithPeople([{ userName: 'pops', roles: { 'op-a': ['planner'] } }]);
    const c = await signIn(server, 'pops');
    const plan = demoOperation();
    const fresh = { ...plan, operation: { ...plan.operation, id: 'op-new' } };
    expect((await request(c, 'plan:publish', { plan: fresh })).ok).toBe(true);
    const me = await request<SessionInfo>(c, 'session:me', {});
    expect(me.ok && me.value.user.memberships).toEqual([
      { operationId: 'op-a', roles: ['planner'] },
      { operationId: 'op-new', roles: ['planner'] },
    ]);
    await waitFor(async () => (await request(c, 'subscribe', { operationId: 'op-new' })).ok, 5000, 'the new membership');
  });
});

async function publish(server: CommandServer, id: string) {
  const plan = demoOperation();
  const r = await server.hub.publishPlan({ ...plan, operation: { ...plan.operation, id } });
  if (!r.ok) throw new Error(r.error);
}

/** A viewer of op-a on the same server. */
async function serverWithPeopleLogin(server: CommandServer): Promise<Client> {
  const r = await server.accounts.createUser(
    { userName: 'viewer1', name: 'V', collar: '1', rank: 'PC', password: 'viewer1-password', admin: false },
    ADMIN_ORIGIN,
  );
  if (r.ok) await server.accounts.setRoles(r.value.id, 'op-a', ['viewer'], ADMIN_ORIGIN);
  return signIn(server, 'viewer1');
}

describe('development users', () => {
  it('exist on a development server, each a member of the demo operation with their role, and say so at /api/auth', async () => {
    t.server = await startTestServer();
    const info = (await (await fetch(`${t.server.url}/api/auth`)).json()) as { kind: string; devUsers: boolean };
    expect(info).toEqual({ kind: 'password', devUsers: true });
    for (const u of DEV_USERS) {
      const r = await login(t.server, u.userName, u.password);
      expect(r.status).toBe(200);
      expect(r.body.user.memberships).toEqual(u.role ? [{ operationId: 'demo-operation', roles: [u.role] }] : []);
      expect(r.body.user.admin).toBe(u.admin);
    }
    // The development service tokens keep working beside them.
    const svc = await t.open('cordon-dev-controller');
    expect((await request(svc, 'subscribe', { operationId: 'anything' })).ok).toBe(true);
  });

  it('are not made on a server with a config of its own', async () => {
    t.server = await startTestServer({ config: {} });
    expect(await t.server.accounts.store.users()).toEqual([]);
    expect(((await (await fetch(`${t.server.url}/api/auth`)).json()) as { devUsers: boolean }).devUsers).toBe(false);
  });
});

describe('OpenID Connect seam', () => {
  it('signs people in with a verified ID token and maps sub, name, collar, rank and groups to an account and its roles', async () => {
    const verified: Record<string, Record<string, unknown> & { sub: string }> = {
      'good-token-for-jane-0123456789': {
        sub: 'entra-jane',
        name: 'Jane Smith',
        preferred_username: 'jane@met.example',
        employee_id: '4521',
        job_title: 'Insp',
        groups: ['g-ctl-demo'],
      },
    };
    t.server = await startTestServer({
      config: {
        auth: {
          kind: 'oidc',
          oidc: {
            issuer: 'https://login.example/tenant/v2.0',
            clientId: 'cordon',
            groupRoles: [{ group: 'g-ctl-demo', operationId: 'op-a', role: 'controller' }],
            adminGroups: ['g-admins'],
          },
        },
      },
      accounts: { verifyIdToken: (token) => (verified[token] ? Promise.resolve(verified[token]) : Promise.reject(new Error('bad signature'))) },
    });
    const post = (body: unknown) =>
      fetch(`${t.server!.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(((await (await fetch(`${t.server.url}/api/auth`)).json()) as { kind: string }).kind).toBe('oidc');
    expect((await post({ idToken: 'forged-token-xxxxxxxxxxxxxxxx' })).status).toBe(401);
    expect((await post({ userName: 'jane', password: 'guess-a-password' })).status).toBe(400);
    const r = await post({ idToken: 'good-token-for-jane-0123456789' });
    expect(r.status).toBe(200);
    const body = (await r.json()) as LoginResponse;
    expect(body.user).toMatchObject({
      userName: 'jane@met.example',
      name: 'Jane Smith',
      collar: '4521',
      rank: 'Insp',
      admin: false,
      memberships: [{ operationId: 'op-a', roles: ['controller'] }],
    });
    const c = await connect(t.server.url, body.token);
    t.clients.push(c);
    expect((await request(c, 'subscribe', { operationId: 'op-a' })).ok).toBe(true);
    const failures = await t.server.accounts.store.audit({ limit: 5, action: 'login' });
    expect(failures.map((e) => e.result)).toEqual(['ok', 'failed']);
  });

  // Without a verifier of its own the server uses the real one (oidcVerifier.test.ts runs it against a local issuer).
  it('refuses to start as an OIDC server without its provider section, saying what is missing', async () => {
    await expect(startTestServer({ config: { auth: { kind: 'oidc' } } })).rejects.toThrow(/auth.kind "oidc" needs an auth.oidc section/);
  });
});
