/**
 * Exports and prints in the audit trail, against a real command server: a signed-in person reports a file made on
 * their workstation (audit:export) and the trail holds it once, with the file's time as event time, the server's as
 * logged time, the authenticated account as user and the workstation; who the workstation says made it goes in the
 * detail only when it is someone else.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ExportRecord, ExportRecorded, OperationRole } from '../../shared/protocol';
import { request, serverPerTest, signInPeople, startTestServer } from '../testing';

const t = serverPerTest();
const signedIn = async (userName: string, roles: Record<string, OperationRole[]>) => {
  const p = (await signInPeople(t, { [userName]: roles }))[userName]!;
  return { c: p.client, id: p.userId };
};

const record = (p: Partial<ExportRecord> = {}): ExportRecord => ({
  exportId: 'exp-0001-aaaa',
  kind: 'briefing-pack',
  operationId: 'op-a',
  fileName: 'kingfisher-briefing-v3-copy2.pdf',
  bytes: 181_234,
  sha256: 'a'.repeat(64),
  marking: 'OFFICIAL-SENSITIVE',
  copy: 2,
  note: 'briefing v3',
  at: new Date(Date.now() - 3_600_000).toISOString(),
  madeBy: null,
  ...p,
});

describe('exports in the audit trail', () => {
  it('records a file once, however often the workstation reports it, with the file’s time and the reporting account', async () => {
    t.server = await startTestServer({ config: {} });
    const gold = await signedIn('gold', { 'op-a': ['commander'] });
    const rec = record({ madeBy: { userId: gold.id, label: 'Name gold (PS 4521)' } });
    const first = await request<ExportRecorded>(gold.c, 'audit:export', rec);
    const again = await request<ExportRecorded>(gold.c, 'audit:export', rec);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(first.value.duplicate).toBe(false);
    expect(again.value).toEqual({ seq: first.value.seq, duplicate: true });

    const trail = await request<AuditEntry[]>(gold.c, 'audit:query', { action: 'export.briefing-pack' });
    expect(trail.ok && trail.value).toHaveLength(1);
    const e = trail.ok ? trail.value[0]! : null;
    expect(e).toMatchObject({
      user: 'Name gold (PS 4521)',
      workstation: 'ws-gold',
      object: 'operation:op-a',
      operationId: 'op-a',
      eventTime: rec.at,
      detail: `Briefing pack (PDF) "kingfisher-briefing-v3-copy2.pdf"; 181234 bytes; SHA-256 ${'a'.repeat(64)}; OFFICIAL-SENSITIVE; copy 2; briefing v3`,
    });
    // Made an hour ago offline, heard of now: the two times differ.
    expect(Date.parse(e!.loggedAt) - Date.parse(e!.eventTime)).toBeGreaterThan(3_500_000);
  });

  it('keeps the workstation’s word about who made it apart from the account that reported it', async () => {
    t.server = await startTestServer({ config: {} });
    const planner = await signedIn('pln', { 'op-a': ['planner'] });
    const gold = await signedIn('gold', { 'op-a': ['commander'] });
    await request(planner.c, 'audit:export', record({ exportId: 'exp-nobody-1', kind: 'geojson', copy: null, madeBy: null }));
    await request(planner.c, 'audit:export', record({ exportId: 'exp-other-1', kind: 'kml', copy: null, madeBy: { userId: 'u-x', label: 'PC Someone Else' } }));
    const trail = await request<AuditEntry[]>(gold.c, 'audit:query', { object: 'operation:op-a' });
    const byAction = new Map((trail.ok ? trail.value : []).map((e) => [e.action, e]));
    expect(byAction.get('export.geojson')).toMatchObject({ user: 'Name pln (PS 4521)' });
    expect(byAction.get('export.geojson')!.detail).toMatch(/made while nobody was signed in on the workstation$/);
    expect(byAction.get('export.kml')!.detail).toMatch(/made while PC Someone Else was signed in on the workstation \(the workstation's word\)$/);
  });

  it('refuses a record from the future or a malformed one, naming what is wrong, and writes nothing', async () => {
    t.server = await startTestServer({ config: {} });
    const gold = await signedIn('gold', { 'op-a': ['commander'] });
    const ahead = await request(gold.c, 'audit:export', record({ exportId: 'exp-future-1', at: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(ahead).toMatchObject({ ok: false, error: expect.stringMatching(/ahead of the server's clock/) });
    const bad = await request(gold.c, 'audit:export', { ...record({ exportId: 'exp-bad-1' }), sha256: 'not-a-hash', kind: 'fax' });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/sha256/) });
    expect(bad.ok === false && bad.error).toMatch(/kind/);
    const trail = await request<AuditEntry[]>(gold.c, 'audit:query', { action: 'export.briefing-pack' });
    expect(trail.ok && trail.value).toEqual([]);
  });
});
