/**
 * A planner who has drafted an operation on their workstation and not yet published it asks the server for its
 * versions: the answer is "none yet", not a refusal (the Plan said "Versions: not connected to the command server"
 * while it was connected). Once someone has published it, only its members read its versions again.
 */
import { describe, expect, it } from 'vitest';
import type { LoginResponse, OperationRole } from '../../shared/protocol';
import { demoOperation } from '../demo/demoOperation';
import { connect, createTestPeople, request, serverPerTest, startTestServer, type Client } from '../testing';

const t = serverPerTest();

async function serverWith(people: Record<string, Record<string, OperationRole[]>>) {
  const server = await startTestServer({ config: {} });
  t.server = server;
  await createTestPeople(server, people);
  return server;
}

async function signIn(userName: string): Promise<Client> {
  const r = await fetch(`${t.server!.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName, password: `${userName}-password`, workstation: 'ws-test-1' }),
  });
  const body = (await r.json()) as LoginResponse;
  const c = await connect(t.server!.url, body.token, { auth: { token: body.token, protocolVersion: '1.0', workstation: 'ws-test-1' } });
  t.clients.push(c);
  return c;
}

const kingfisher = () => {
  const p = demoOperation();
  return { ...p, operation: { ...p.operation, id: 'op-kingfisher', name: 'Operation Kingfisher' } };
};

describe('the versions of an operation not yet on the server', () => {
  it('are an empty list to someone who may publish it, a refusal to a viewer, and members-only once published', async () => {
    await serverWith({ planner1: { 'op-a': ['planner'] }, planner2: { 'op-a': ['planner'] }, viewer1: { 'op-a': ['viewer'] } });
    const planner = await signIn('planner1');
    expect(await request(planner, 'plan:versions', { operationId: 'op-kingfisher' })).toEqual({ ok: true, value: [] });
    const viewer = await signIn('viewer1');
    expect(await request(viewer, 'plan:versions', { operationId: 'op-kingfisher' })).toEqual({
      ok: false,
      error: 'forbidden: you are not a member of operation op-kingfisher',
    });

    // planner1 publishes it and becomes its planner; planner2, not a member, no longer reads its versions.
    expect(await request(planner, 'plan:publish', { plan: kingfisher(), note: 'First cut' })).toEqual({
      ok: true,
      value: { operationId: 'op-kingfisher', version: 1 },
    });
    const list = await request<{ version: number }[]>(planner, 'plan:versions', { operationId: 'op-kingfisher' });
    expect(list.ok && list.value.map((v) => v.version)).toEqual([1]);
    const other = await signIn('planner2');
    expect(await request(other, 'plan:versions', { operationId: 'op-kingfisher' })).toEqual({
      ok: false,
      error: 'forbidden: you are not a member of operation op-kingfisher',
    });
  });
});
