/**
 * Following one feature through the audit trail against a real command server (issue 11): `audit:query` with a row
 * object answers the row's synced changes (who, event and logged time, outcome, before and after) merged with the
 * audit table, only for operations the reader may audit, and the read itself is recorded.
 */
import { describe, expect, it } from 'vitest';
import type { OperationBundle, PlanFeature } from '../../shared/domain';
import { type AuditEntry, type OperationRole, type SyncChange, type SyncPushResult } from '../../shared/protocol';
import { demoOperationAs } from '../demo/demoOperation';
import { request, serverPerTest, signInPeople, startTestServer, type Client } from '../testing';

const OP = 'op-kingfisher';
const t = serverPerTest();

const kingfisher = (): OperationBundle => demoOperationAs(OP, 'Operation Kingfisher', Date.parse('2026-06-13T10:00:00Z'));

async function people(who: Record<string, Record<string, OperationRole[]>>): Promise<Record<string, Client>> {
  return Object.fromEntries(Object.entries(await signInPeople(t, who)).map(([name, p]) => [name, p.client]));
}

const edit = (f: PlanFeature, patch: Partial<PlanFeature>): SyncChange => ({ table: 'features', key: f.id, before: f, after: { ...f, ...patch } });
let n = 0;
const push = (c: Client, changes: SyncChange[], label: string, editedAt = new Date().toISOString()) =>
  request<SyncPushResult>(c, 'sync:push', { operationId: OP, changeSetId: `cs-follow-${++n}-${Date.now()}`, baseSeq: 0, label, editedAt, changes });

describe('following one feature in the audit trail', () => {
  it('answers both planners’ changes of the feature with who, both times, outcome and before/after, and records the read', async () => {
    t.server = await startTestServer();
    const { alice, bob, boss, stranger } = await people({
      alice: { [OP]: ['planner'] },
      bob: { [OP]: ['planner'] },
      boss: { [OP]: ['commander'] },
      stranger: { 'op-elsewhere': ['commander'] },
    });
    const plan = kingfisher();
    const [f0, f1] = plan.features as [PlanFeature, PlanFeature];
    expect(await request(alice!, 'sync:share', { plan })).toMatchObject({ ok: true });
    expect(await push(alice!, [edit(f0, { name: 'Sector North' })], 'Rename')).toMatchObject({ ok: true, value: { applied: 1 } });
    expect(await push(alice!, [edit(f1, { name: 'Not followed' })], 'Rename')).toMatchObject({ ok: true });
    // Bob edited the seeded feature an hour ago, offline: a different field, so it merges.
    const offlineAt = new Date(Date.now() - 3_600_000).toISOString();
    expect(await push(bob!, [edit(f0, { bronze: 'North Bronze' })], 'Set Bronze', offlineAt)).toMatchObject({ ok: true, value: { merged: 1 } });

    const object = `feature:${OP}/${f0.id}`;
    const r = await request<AuditEntry[]>(boss!, 'audit:query', { object });
    if (!r.ok) throw new Error(r.error);
    const changes = r.value.filter((e) => e.action === 'sync.change');
    expect(changes.map((e) => [e.user, e.change?.outcome, e.change?.label])).toEqual([
      ['Name bob (PS 4521)', 'merged', 'Set Bronze'],
      ['Name alice (PS 4521)', 'applied', 'Rename'],
    ]);
    const [merged, applied] = changes as [AuditEntry, AuditEntry];
    expect(applied).toMatchObject({
      object,
      operationId: OP,
      change: { table: 'features', key: f0.id, before: { name: f0.name }, after: { name: 'Sector North' } },
    });
    expect(merged.change?.before).toMatchObject({ name: 'Sector North', bronze: f0.bronze });
    expect(merged.change?.after).toMatchObject({ name: 'Sector North', bronze: 'North Bronze' });
    expect(merged.eventTime).toBe(offlineAt);
    expect(Date.parse(merged.loggedAt) - Date.parse(merged.eventTime)).toBeGreaterThan(3_000_000);
    // Other filters still apply to the followed row's changes.
    const onlyBob = await request<AuditEntry[]>(boss!, 'audit:query', { object, user: 'bob' });
    expect(onlyBob.ok && onlyBob.value.filter((e) => e.action === 'sync.change').map((e) => e.change?.label)).toEqual(['Set Bronze']);

    // A commander of another operation reads none of it.
    const theirs = await request<AuditEntry[]>(stranger!, 'audit:query', { object });
    expect(theirs).toEqual({ ok: true, value: [] });
    // A planner may not read the audit trail at all.
    expect(await request(alice!, 'audit:query', { object })).toMatchObject({ ok: false, error: expect.stringMatching(/forbidden/) as unknown });

    // The read is itself in the trail (an administrator's view: audit reads belong to no operation).
    const reads = await t.server.accounts.store.audit({ action: 'audit.read', limit: 100 });
    expect(reads.some((e) => e.user === 'Name boss (PS 4521)' && e.detail.includes(`object=${object}`))).toBe(true);
  });

  it('refuses a malformed query with a message naming the field', async () => {
    t.server = await startTestServer();
    const { boss } = await people({ boss: { [OP]: ['commander'] } });
    expect(await request(boss!, 'audit:query', { object: 'x'.repeat(201) })).toMatchObject({ ok: false, error: expect.stringMatching(/object/) as unknown });
  });
});
