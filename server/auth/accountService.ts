/**
 * People on the server: sign-in (through the configured Authenticator), sessions (short-lived, revocable, only their
 * hash stored), the account behind a token, user administration, and the audit trail. Every change and every sign-in
 * attempt is written to the append-only audit log with the authenticated user, the workstation, event and logged time.
 * Listeners hear of revocations and role changes so that open sockets are signed out or re-scoped at once.
 */
import { randomUUID } from 'node:crypto';
import {
  accountLabel,
  type AccountView,
  type AuditEntry,
  type ExportRecord,
  type ExportRecorded,
  type LoginResponse,
  type OperationRole,
} from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import { actorLabel, auditScope, type AccountPrincipal, type Actor } from './access';
import type { AuthConfig } from './authConfig';
import type { Authenticator, Credentials } from './authenticator';
import { recordExport } from './exportRecords';
import { LoginLimiter } from './loginLimiter';
import { hashPassword } from './passwords';
import { looksLikeSessionToken, newSessionToken, tokenHash } from './sessionTokens';
import { auditMatches, type Account, type AccountStore, type AuditFilter, type NewAuditEntry } from './types';
import { mergeNewestFirst } from '../sync/auditFollow';

const iso = (ms: number) => new Date(ms).toISOString();

export interface LoginAttempt {
  credentials: Credentials;
  address: string;
  workstation: string | null;
}

export type LoginResult = { ok: true; value: LoginResponse } | { ok: false; error: string; status: 401 | 429; retryAfterMs?: number };

export interface AccountEvents {
  /** These sessions of this user ended (logout, revoke, disabled): their sockets must go. */
  revoked(userId: string, sessionIds: readonly string[], why: string): void;
  /**
   * This user's roles changed: open sockets get the new roles (and lose subscriptions they may no longer hold).
   * `from` is 'relayed' when the change was made on another process and reached this one over the cluster relay
   * (clusterMemberships.ts): the store already holds it; only this process's sockets are left to re-scope.
   */
  rolesChanged(userId: string, from?: 'here' | 'relayed'): void;
}

export interface AccountServiceOptions {
  store: AccountStore;
  authenticator: Authenticator;
  config: AuthConfig;
  now?: () => number;
}

/** Where an action came from, for the record. */
export interface Origin {
  actor: Actor;
  workstation: string | null;
}

export class AccountService {
  readonly store: AccountStore;
  readonly authenticator: Authenticator;
  private readonly now: () => number;
  private readonly limiter: LoginLimiter;
  private readonly listeners = new Set<AccountEvents>();

  constructor(private readonly o: AccountServiceOptions) {
    this.store = o.store;
    this.authenticator = o.authenticator;
    this.now = o.now ?? Date.now;
    this.limiter = new LoginLimiter({ maxFailures: o.config.maxFailedLogins, windowMs: o.config.failedLoginWindowMin * 60_000 }, this.now);
  }

  on(l: AccountEvents): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Append to the audit trail (event time defaults to now). */
  record(e: Omit<NewAuditEntry, 'eventTime' | 'user' | 'userId' | 'workstation'> & { eventTime?: string }, origin: Origin | null): Promise<AuditEntry> {
    const actor = origin?.actor;
    return this.store.appendAudit(
      {
        eventTime: e.eventTime ?? iso(this.now()),
        user: actor ? actorLabel(actor) : 'nobody',
        userId: actor?.kind === 'account' ? actor.account.id : null,
        workstation: origin?.workstation ?? null,
        action: e.action,
        object: e.object,
        operationId: e.operationId,
        result: e.result,
        detail: e.detail,
      },
      this.now(),
    );
  }

  async login({ credentials, address, workstation }: LoginAttempt): Promise<LoginResult> {
    const tried = credentials.kind === 'password' ? credentials.userName : '(identity provider)';
    const wait = this.limiter.waitMs(tried, address);
    if (wait > 0) {
      await this.store.appendAudit(
        {
          eventTime: iso(this.now()),
          user: tried,
          userId: null,
          workstation,
          action: 'login',
          object: `user:${tried}`,
          operationId: null,
          result: 'refused',
          detail: `too many failed logins (from ${address})`,
        },
        this.now(),
      );
      return { ok: false, status: 429, error: `too many failed logins: try again in ${Math.ceil(wait / 1000)} s`, retryAfterMs: wait };
    }
    const r = await this.authenticator.authenticate(credentials, this.now());
    if (!r.ok) {
      this.limiter.failed(r.userName || tried, address);
      await this.store.appendAudit(
        {
          eventTime: iso(this.now()),
          user: r.userName || tried,
          userId: null,
          workstation,
          action: 'login',
          object: `user:${r.userName || tried}`,
          operationId: null,
          result: 'failed',
          detail: `${r.reason} (from ${address})`,
        },
        this.now(),
      );
      return { ok: false, status: 401, error: r.error };
    }
    this.limiter.succeeded(r.account.userName);
    const token = newSessionToken();
    const created = this.now();
    const expires = created + this.o.config.sessionHours * 3_600_000;
    const sessionId = randomUUID();
    await this.store.createSession({
      id: sessionId,
      tokenHash: tokenHash(token),
      userId: r.account.id,
      workstation,
      createdAt: iso(created),
      expiresAt: iso(expires),
      revokedAt: null,
    });
    const principal = await this.principal(r.account, sessionId);
    await this.record(
      {
        action: 'login',
        object: `user:${r.account.id}`,
        operationId: null,
        result: 'ok',
        detail: `${this.authenticator.kind} sign-in from ${address}, session ${sessionId.slice(0, 8)}`,
      },
      { actor: { kind: 'account', account: principal }, workstation },
    );
    return { ok: true, value: { token, expiresAt: iso(expires), user: await this.view(r.account) } };
  }

  /** The signed-in person behind a session token, or null (unknown, expired, revoked, or the account is disabled). */
  async resolve(token: string): Promise<{ principal: AccountPrincipal; expiresAt: string } | null> {
    if (!looksLikeSessionToken(token)) return null;
    const s = await this.store.sessionByHash(tokenHash(token));
    if (!s || s.revokedAt !== null || Date.parse(s.expiresAt) <= this.now()) return null;
    const account = await this.store.userById(s.userId);
    if (!account?.enabled) return null;
    return { principal: await this.principal(account, s.id), expiresAt: s.expiresAt };
  }

  async principal(account: Account, sessionId: string): Promise<AccountPrincipal> {
    const roles: Record<string, OperationRole[]> = {};
    for (const m of await this.store.memberships(account.id)) roles[m.operationId] = m.roles;
    return {
      id: account.id,
      userName: account.userName,
      name: account.name,
      collar: account.collar,
      rank: account.rank,
      admin: account.admin,
      sessionId,
      roles,
    };
  }

  async view(account: Account): Promise<AccountView> {
    const memberships = (await this.store.memberships(account.id)).map((m) => ({ operationId: m.operationId, roles: m.roles }));
    return {
      id: account.id,
      userName: account.userName,
      name: account.name,
      collar: account.collar,
      rank: account.rank,
      enabled: account.enabled,
      admin: account.admin,
      memberships,
    };
  }

  async logout(origin: Origin & { actor: { kind: 'account' } }): Promise<void> {
    const ids = await this.store.revokeSessions({ sessionId: origin.actor.account.sessionId }, this.now());
    await this.record({ action: 'logout', object: `user:${origin.actor.account.id}`, operationId: null, result: 'ok', detail: 'signed out' }, origin);
    this.emit((l) => l.revoked(origin.actor.account.id, ids, 'signed out'));
  }

  // ---- administration (access.ts has already checked that the actor is an admin) --------------------------------

  async users(): Promise<AccountView[]> {
    return Promise.all((await this.store.users()).map((u) => this.view(u)));
  }

  async createUser(
    req: { userName: string; name: string; collar: string; rank: string; password: string; admin: boolean },
    origin: Origin,
  ): Promise<Result<AccountView>> {
    if (await this.store.userByName(req.userName)) {
      await this.record({ action: 'user.create', object: `user:${req.userName}`, operationId: null, result: 'refused', detail: 'user name taken' }, origin);
      return { ok: false, error: `the user name ${req.userName} is taken` };
    }
    const account = await this.store.createUser(
      {
        userName: req.userName,
        name: req.name,
        collar: req.collar,
        rank: req.rank,
        enabled: true,
        admin: req.admin,
        passwordHash: await hashPassword(req.password),
        externalId: null,
      },
      this.now(),
    );
    await this.record(
      {
        action: 'user.create',
        object: `user:${account.id}`,
        operationId: null,
        result: 'ok',
        detail: `${accountLabel(account)} as ${account.userName}${account.admin ? ', administrator' : ''}`,
      },
      origin,
    );
    return { ok: true, value: await this.view(account) };
  }

  async setEnabled(userId: string, enabled: boolean, origin: Origin): Promise<Result<AccountView>> {
    if (!enabled && origin.actor.kind === 'account' && origin.actor.account.id === userId) return { ok: false, error: 'you cannot disable your own account' };
    const account = await this.store.updateUser(userId, { enabled });
    if (!account) return { ok: false, error: `no such user ${userId}` };
    // Disabling ends every session now, not at their expiry.
    const ids = enabled ? [] : await this.store.revokeSessions({ userId }, this.now());
    await this.record(
      {
        action: enabled ? 'user.enable' : 'user.disable',
        object: `user:${userId}`,
        operationId: null,
        result: 'ok',
        detail: `${accountLabel(account)}${enabled ? '' : `; ${ids.length} session(s) ended`}`,
      },
      origin,
    );
    if (ids.length) this.emit((l) => l.revoked(userId, ids, 'your account was disabled by an administrator'));
    return { ok: true, value: await this.view(account) };
  }

  async setRoles(userId: string, operationId: string, roles: readonly OperationRole[], origin: Origin): Promise<Result<AccountView>> {
    const account = await this.store.userById(userId);
    if (!account) return { ok: false, error: `no such user ${userId}` };
    const before = (await this.store.memberships(userId)).find((m) => m.operationId === operationId)?.roles ?? [];
    await this.store.setRoles(userId, operationId, roles);
    await this.record(
      {
        action: 'membership.set',
        object: `user:${userId}`,
        operationId,
        result: 'ok',
        detail: `${accountLabel(account)} in ${operationId}: ${before.join(', ') || 'not a member'} -> ${roles.join(', ') || 'not a member'}`,
      },
      origin,
    );
    this.emit((l) => l.rolesChanged(userId, 'here'));
    return { ok: true, value: await this.view(account) };
  }

  async resetPassword(userId: string, password: string, origin: Origin): Promise<Result<AccountView>> {
    const account = await this.store.updateUser(userId, { passwordHash: await hashPassword(password) });
    if (!account) return { ok: false, error: `no such user ${userId}` };
    // A new password ends the sessions the old one opened.
    const ids = await this.store.revokeSessions({ userId }, this.now());
    await this.record(
      {
        action: 'user.resetPassword',
        object: `user:${userId}`,
        operationId: null,
        result: 'ok',
        detail: `${accountLabel(account)}; ${ids.length} session(s) ended`,
      },
      origin,
    );
    if (ids.length) this.emit((l) => l.revoked(userId, ids, 'your password was reset by an administrator'));
    return { ok: true, value: await this.view(account) };
  }

  /** A publisher of a new operation becomes its planner (recorded). */
  async joinAsPlanner(operationId: string, origin: Origin & { actor: { kind: 'account' } }): Promise<void> {
    const a = origin.actor.account;
    if ((a.roles[operationId] ?? []).length > 0) return;
    await this.store.setRoles(a.id, operationId, ['planner']);
    await this.record(
      { action: 'membership.set', object: `user:${a.id}`, operationId, result: 'ok', detail: `published new operation ${operationId}: planner` },
      origin,
    );
    this.emit((l) => l.rolesChanged(a.id, 'here'));
  }

  /**
   * Audit entries this actor may read, newest first; the read itself is recorded. `followRow`: a followed row's synced
   * changes from the change log (server/sync/auditFollow.ts), asked only for an operation this actor may read, and
   * filtered and merged by logged time with the audit table's entries.
   */
  async readAudit(
    filter: Omit<AuditFilter, 'operationIds'>,
    origin: Origin,
    followRow?: { operationId: string; read: () => Promise<AuditEntry[]> },
  ): Promise<AuditEntry[]> {
    const scope = auditScope(origin.actor);
    const scoped = { ...filter, ...(scope ? { operationIds: scope } : {}) };
    const stored = await this.store.audit(scoped);
    const synced = followRow && (!scope || scope.includes(followRow.operationId)) ? (await followRow.read()).filter((e) => auditMatches(e, scoped)) : [];
    const entries = synced.length > 0 ? mergeNewestFirst(stored, synced).slice(0, filter.limit) : stored;
    const asked = Object.entries(filter)
      .filter(([k, v]) => v !== undefined && k !== 'limit')
      .map(([k, v]) => `${k}=${typeof v === 'number' && k.endsWith('Ms') ? iso(v) : String(v)}`)
      .join(' ');
    await this.record(
      { action: 'audit.read', object: 'audit', operationId: null, result: 'ok', detail: `${entries.length} entries${asked ? ` for ${asked}` : ''}` },
      origin,
    );
    return entries;
  }

  /** A file made on a workstation (exportRecords.ts): recorded once per export id. */
  recordExport(rec: ExportRecord, origin: Origin): Promise<Result<ExportRecorded>> {
    return recordExport(this.store, this.now(), rec, origin);
  }

  /** Another process changed this user's roles (the cluster relay says so): re-scope this process's sockets too. */
  rolesChangedElsewhere(userId: string): void {
    this.emit((l) => l.rolesChanged(userId, 'relayed'));
  }

  private emit(fn: (l: AccountEvents) => void) {
    for (const l of this.listeners) fn(l);
  }
}
