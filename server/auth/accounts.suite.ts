/**
 * The AccountStore conformance suite, run against memory, SQLite and PostgreSQL by each one's test file: users,
 * roles per operation, sessions and their revocation, and the audit log, which the SQL engines themselves refuse to
 * change or delete.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountStore, NewAccount, NewAuditEntry } from './types';

export interface AccountsUnderTest {
  store: AccountStore;
  /** Raw SQL on the same data (absent for memory). */
  exec?: (sql: string) => Promise<unknown>;
  dispose(): Promise<void>;
}

const T0 = Date.parse('2026-06-13T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

export const person = (userName: string, p: Partial<NewAccount> = {}): NewAccount => ({
  userName,
  name: `Name of ${userName}`,
  collar: '4521',
  rank: 'Insp',
  enabled: true,
  admin: false,
  passwordHash: 'scrypt$15$8$1$x$y',
  externalId: null,
  ...p,
});

const entry = (s: number, p: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  eventTime: at(s),
  user: 'Jane Smith (Insp 4521)',
  userId: 'u1',
  workstation: 'ws-1',
  action: 'login',
  object: 'user:u1',
  operationId: null,
  result: 'ok',
  detail: '',
  ...p,
});

export function accountsSuite(name: string, make: () => Promise<AccountsUnderTest>, o: { skip?: boolean } = {}) {
  describe.skipIf(o.skip ?? false)(`${name} accounts (conformance)`, () => {
    const open: AccountsUnderTest[] = [];
    afterEach(async () => {
      for (const t of open.splice(0)) {
        await t.store.close();
        await t.dispose();
      }
    });
    const fresh = async () => {
      const t = await make();
      open.push(t);
      return t;
    };

    it('keeps user names unique whatever their case, and finds people by name, id and provider subject', async () => {
      const { store: s } = await fresh();
      const jane = await s.createUser(person('jsmith', { externalId: 'sub-1' }), T0);
      await expect(s.createUser(person('JSmith'), T0)).rejects.toThrow(/taken/);
      expect((await s.userByName('JSMITH'))?.id).toBe(jane.id);
      expect((await s.userById(jane.id))?.userName).toBe('jsmith');
      expect((await s.userByExternalId('sub-1'))?.id).toBe(jane.id);
      expect(await s.userByName('nobody')).toBeNull();
      expect(jane).toMatchObject({ enabled: true, admin: false, createdAt: at(0) });
      const off = await s.updateUser(jane.id, { enabled: false, rank: 'CI' });
      expect(off).toMatchObject({ enabled: false, rank: 'CI', collar: '4521' });
      expect(await s.updateUser('missing', { enabled: true })).toBeNull();
      expect((await s.users()).map((u) => u.userName)).toEqual(['jsmith']);
    });

    it('holds roles per operation, replaced as a whole, and forgets a membership with no roles', async () => {
      const { store: s } = await fresh();
      const u = await s.createUser(person('a'), T0);
      await s.setRoles(u.id, 'op-b', ['viewer']);
      await s.setRoles(u.id, 'op-a', ['planner', 'commander', 'planner']);
      expect(await s.memberships(u.id)).toEqual([
        { userId: u.id, operationId: 'op-a', roles: ['commander', 'planner'] },
        { userId: u.id, operationId: 'op-b', roles: ['viewer'] },
      ]);
      await s.setRoles(u.id, 'op-b', []);
      await s.setRoles(u.id, 'op-a', ['controller']);
      expect(await s.memberships(u.id)).toEqual([{ userId: u.id, operationId: 'op-a', roles: ['controller'] }]);
    });

    it('revokes one session, or all of a user, once', async () => {
      const { store: s } = await fresh();
      const mk = (id: string, userId: string) =>
        s.createSession({ id, tokenHash: `h-${id}`, userId, workstation: null, createdAt: at(0), expiresAt: at(3600), revokedAt: null });
      await mk('s1', 'u1');
      await mk('s2', 'u1');
      await mk('s3', 'u2');
      expect(await s.revokeSessions({ sessionId: 's1' }, T0 + 5000)).toEqual(['s1']);
      expect(await s.revokeSessions({ sessionId: 's1' }, T0 + 6000)).toEqual([]);
      expect((await s.revokeSessions({ userId: 'u1' }, T0 + 7000)).sort()).toEqual(['s2']);
      expect((await s.sessionByHash('h-s1'))?.revokedAt).toBe(at(5));
      expect((await s.sessionByHash('h-s2'))?.revokedAt).toBe(at(7));
      expect((await s.sessionByHash('h-s3'))?.revokedAt).toBeNull();
      expect(await s.sessionByHash('h-none')).toBeNull();
    });

    it('appends audit entries with event and logged time, and filters them newest first', async () => {
      const { store: s } = await fresh();
      await s.appendAudit(entry(0, { action: 'login', result: 'failed', user: 'jsmith', userId: null }), T0 + 100);
      await s.appendAudit(entry(10, { action: 'alert.acknowledge', object: 'alert:op-a/x', operationId: 'op-a' }), T0 + 20_000);
      await s.appendAudit(entry(20, { action: 'user.disable', user: 'Admin (Staff 1)', object: 'user:u9', operationId: null }), T0 + 20_000);
      const all = await s.audit({ limit: 10 });
      expect(all.map((e) => e.action)).toEqual(['user.disable', 'alert.acknowledge', 'login']);
      expect(all[1]).toMatchObject({ eventTime: at(10), loggedAt: at(20), workstation: 'ws-1', result: 'ok' });
      expect(all[0]!.seq).toBeGreaterThan(all[1]!.seq);
      expect((await s.audit({ limit: 10, action: 'login' })).map((e) => e.result)).toEqual(['failed']);
      expect((await s.audit({ limit: 10, user: 'admin' })).map((e) => e.action)).toEqual(['user.disable']);
      expect((await s.audit({ limit: 10, object: 'alert:' })).map((e) => e.action)).toEqual(['alert.acknowledge']);
      expect((await s.audit({ limit: 10, fromMs: T0 + 5000, toMs: T0 + 15_000 })).map((e) => e.action)).toEqual(['alert.acknowledge']);
      expect((await s.audit({ limit: 10, operationIds: ['op-a'] })).map((e) => e.action)).toEqual(['alert.acknowledge']);
      expect(await s.audit({ limit: 1 })).toHaveLength(1);
    });

    it('refuses to change or delete an audit entry', async () => {
      const t = await fresh();
      const e = await t.store.appendAudit(entry(0), T0);
      if (t.exec) {
        await expect(t.exec(`UPDATE audit_log SET detail = 'rewritten'`)).rejects.toThrow(/append-only/);
        await expect(t.exec(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      } else {
        // Memory: what the store hands out is a copy; changing it changes nothing kept.
        e.detail = 'rewritten';
      }
      expect((await t.store.audit({ limit: 10 })).map((x) => x.detail)).toEqual(['']);
    });

    it('appends a keyed entry once, however often it is sent, with no gap in the numbering', async () => {
      const t = await fresh();
      await t.store.appendAudit(entry(0), T0);
      const first = await t.store.appendAuditOnce('export:abc', entry(5, { action: 'export.geojson', detail: 'one' }), T0 + 9000);
      // The same key again (a resend after a lost answer), and twice at once (two processes): nothing new is written.
      const [again, racing] = await Promise.all([
        t.store.appendAuditOnce('export:abc', entry(5, { action: 'export.geojson', detail: 'resent' }), T0 + 20_000),
        t.store.appendAuditOnce('export:abc', entry(5, { action: 'export.geojson', detail: 'raced' }), T0 + 20_000),
      ]);
      const other = await t.store.appendAuditOnce('export:def', entry(6, { action: 'export.kml' }), T0 + 21_000);
      expect(first.created).toBe(true);
      expect([again.created, racing.created]).toEqual([false, false]);
      expect(again.entry).toEqual(first.entry);
      expect(first.entry).toMatchObject({ detail: 'one', eventTime: at(5), loggedAt: new Date(T0 + 9000).toISOString() });
      expect(other.created).toBe(true);
      const all = await t.store.audit({ limit: 10 });
      expect(all.map((e) => e.action)).toEqual(['export.kml', 'export.geojson', 'login']);
      expect(all.map((e) => e.seq)).toEqual([first.entry.seq + 1, first.entry.seq, first.entry.seq - 1]);
      if (t.exec) await expect(t.exec(`DELETE FROM audit_receipts`)).rejects.toThrow(/append-only/);
    });
  });
}
