/** Accounts, sessions and audit in memory (tests and `--memory`): nothing survives a restart. */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, OperationRole } from '../../shared/protocol';
import {
  auditMatches,
  type Account,
  type AccountPatch,
  type AccountStore,
  type AuditFilter,
  type MembershipRecord,
  type NewAccount,
  type NewAuditEntry,
  type SessionRecord,
} from './types';

const iso = (ms: number) => new Date(ms).toISOString();

export class MemoryAccounts implements AccountStore {
  readonly kind = 'memory' as const;
  private readonly byId = new Map<string, Account>();
  private readonly roles = new Map<string, MembershipRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  /** Frozen entries: what was appended can be read, never changed. */
  private readonly log: Readonly<AuditEntry>[] = [];
  /** Keys already appended once (appendAuditOnce), with the entry they wrote. */
  private readonly receipts = new Map<string, number>();

  createUser(a: NewAccount, atMs: number): Promise<Account> {
    if ([...this.byId.values()].some((u) => u.userName.toLowerCase() === a.userName.toLowerCase())) {
      return Promise.reject(new Error(`the user name ${a.userName} is taken`));
    }
    const user: Account = { ...a, id: randomUUID(), createdAt: iso(atMs) };
    this.byId.set(user.id, user);
    return Promise.resolve({ ...user });
  }

  updateUser(id: string, patch: AccountPatch): Promise<Account | null> {
    const cur = this.byId.get(id);
    if (!cur) return Promise.resolve(null);
    const next = { ...cur, ...patch };
    this.byId.set(id, next);
    return Promise.resolve({ ...next });
  }

  userById(id: string) {
    const u = this.byId.get(id);
    return Promise.resolve(u ? { ...u } : null);
  }

  userByName(userName: string) {
    const u = [...this.byId.values()].find((x) => x.userName.toLowerCase() === userName.toLowerCase());
    return Promise.resolve(u ? { ...u } : null);
  }

  userByExternalId(externalId: string) {
    const u = [...this.byId.values()].find((x) => x.externalId === externalId);
    return Promise.resolve(u ? { ...u } : null);
  }

  users() {
    return Promise.resolve([...this.byId.values()].map((u) => ({ ...u })).sort((a, b) => a.userName.localeCompare(b.userName)));
  }

  setRoles(userId: string, operationId: string, roles: readonly OperationRole[]) {
    const key = `${userId}\n${operationId}`;
    if (roles.length === 0) this.roles.delete(key);
    else this.roles.set(key, { userId, operationId, roles: [...new Set(roles)].sort() });
    return Promise.resolve();
  }

  memberships(userId: string) {
    return Promise.resolve(
      [...this.roles.values()]
        .filter((m) => m.userId === userId)
        .map((m) => ({ ...m, roles: [...m.roles] }))
        .sort((a, b) => a.operationId.localeCompare(b.operationId)),
    );
  }

  createSession(s: SessionRecord) {
    this.sessions.set(s.tokenHash, { ...s });
    return Promise.resolve();
  }

  sessionByHash(tokenHash: string) {
    const s = this.sessions.get(tokenHash);
    return Promise.resolve(s ? { ...s } : null);
  }

  revokeSessions(which: { sessionId: string } | { userId: string }, atMs: number) {
    const ids: string[] = [];
    for (const s of this.sessions.values()) {
      const hit = 'sessionId' in which ? s.id === which.sessionId : s.userId === which.userId;
      if (hit && s.revokedAt === null) {
        s.revokedAt = iso(atMs);
        ids.push(s.id);
      }
    }
    return Promise.resolve(ids);
  }

  appendAudit(e: NewAuditEntry, atMs: number) {
    const entry = Object.freeze({ ...e, seq: this.log.length + 1, loggedAt: iso(atMs) });
    this.log.push(entry);
    return Promise.resolve({ ...entry });
  }

  async appendAuditOnce(key: string, e: NewAuditEntry, atMs: number): Promise<{ entry: AuditEntry; created: boolean }> {
    const seq = this.receipts.get(key);
    if (seq !== undefined) return { entry: { ...this.log[seq - 1]! }, created: false };
    const entry = await this.appendAudit(e, atMs);
    this.receipts.set(key, entry.seq);
    return { entry, created: true };
  }

  audit(f: AuditFilter) {
    const out: AuditEntry[] = [];
    for (let i = this.log.length - 1; i >= 0 && out.length < f.limit; i--) {
      const e = this.log[i]!;
      if (auditMatches(e, f)) out.push({ ...e });
    }
    return Promise.resolve(out);
  }

  close() {
    return Promise.resolve();
  }
}
