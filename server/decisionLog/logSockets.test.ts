/** The logs over socket.io: who may write and read, the author taken from the token, durable answers, checkpoints on close. */
import { describe, expect, it } from 'vitest';
import { decisionDraft } from '../../shared/decisionLog/testing';
import { verifyLog, type StoredEntry } from '../../shared/decisionLog';
import type { LogListResponse } from '../../shared/protocol';
import { DEV_TOKENS, request, serverPerTest, startTestServer } from '../testing';

describe('decision logs over the socket', () => {
  const t = serverPerTest();

  it('records the token holder as author whatever name is typed, and lets a viewer read but not write', async () => {
    t.server = await startTestServer();
    const loggist = await t.open(DEV_TOKENS.loggist, { userName: 'Someone Else' });
    const viewer = await t.open(DEV_TOKENS.viewer);
    const d = decisionDraft({ operationId: 'op-sock' });
    const r = await request<StoredEntry>(loggist, 'log:append', { draft: d });
    expect(r.ok && r.value.entry).toMatchObject({ seq: 1, author: { user: 'Dev loggist', role: 'loggist' }, typedName: 'Someone Else' });
    expect(await request(viewer, 'log:append', { draft: decisionDraft({ operationId: 'op-sock' }) })).toEqual({
      ok: false,
      error: 'forbidden: the viewer role may not send log:append',
    });
    const list = await request<LogListResponse>(viewer, 'log:list', { operationId: 'op-sock' });
    expect(list.ok && list.value.entries.map((e) => e.entry.entryId)).toEqual([d.entryId]);
  });

  it('refuses a late entry without a reason, naming the field', async () => {
    t.server = await startTestServer();
    const commander = await t.open(DEV_TOKENS.commander);
    const r = await request(commander, 'log:append', { draft: decisionDraft({ writtenAt: '2026-08-30T11:00:00.000Z' }) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/draft\.delayReason.*reason for the delay/);
  });

  it('signs the final head when the commander closes the operation, and the log verifies', async () => {
    t.server = await startTestServer();
    const commander = await t.open(DEV_TOKENS.commander);
    for (let i = 0; i < 2; i++) expect((await request(commander, 'log:append', { draft: decisionDraft({ operationId: 'op-close' }) })).ok).toBe(true);
    expect((await request(commander, 'operation:state', { operationId: 'op-close', state: 'closed' })).ok).toBe(true);
    const list = await request<LogListResponse>(commander, 'log:list', { operationId: 'op-close' });
    if (!list.ok) throw new Error(list.error);
    expect(list.value.checkpoints.map((c) => [c.size, c.reason])).toEqual([[2, 'close']]);
    const key = await request<{ publicKey: string }>(commander, 'log:key', {});
    expect(key.ok && key.value.publicKey).toBe(list.value.publicKey);
    expect(await verifyLog({ ...list.value, logId: 'silver' })).toMatchObject({ ok: true, entries: 2 });
  });
});
