/**
 * Accounts in the server's SQLite file (the same file as the position store, its own connection on this thread:
 * sign-ins and administration are few and small, so they need no worker thread). WAL lets it work beside the store's
 * writer; busy_timeout waits out the writer's transactions.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AuditEntry, OperationRole } from '../../shared/protocol';
import { accountFromRow, auditFromRow, sessionFromRow, SQLITE_ACCOUNTS_SCHEMA, type AccountRow, type AuditRow, type SessionRow } from './accountsSql';
import {
  auditMatches,
  type Account,
  type AccountPatch,
  type AccountStore,
  type AuditFilter,
  type NewAccount,
  type NewAuditEntry,
  type SessionRecord,
} from './types';

const PATCH_COLUMNS: Record<keyof AccountPatch, string> = {
  name: 'name',
  collar: 'collar',
  rank: 'rank',
  enabled: 'enabled',
  admin: 'admin',
  passwordHash: 'password_hash',
};

export class SqliteAccounts implements AccountStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SQLITE_ACCOUNTS_SCHEMA);
  }

  private async run<T>(fn: () => T): Promise<T> {
    await Promise.resolve();
    return fn();
  }

  createUser(a: NewAccount, atMs: number): Promise<Account> {
    return this.run(() => {
      const id = randomUUID();
      try {
        this.db
          .prepare(
            `INSERT INTO accounts (id, user_name, name, collar, rank, enabled, admin, password_hash, external_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(id, a.userName, a.name, a.collar, a.rank, Number(a.enabled), Number(a.admin), a.passwordHash, a.externalId, atMs);
      } catch (e) {
        if (/UNIQUE/.test((e as Error).message)) throw new Error(`the user name ${a.userName} is taken`, { cause: e });
        throw e;
      }
      return this.byId(id)!;
    });
  }

  updateUser(id: string, patch: AccountPatch): Promise<Account | null> {
    return this.run(() => {
      const keys = Object.keys(patch) as (keyof AccountPatch)[];
      if (keys.length > 0) {
        const values = keys.map((k) => (typeof patch[k] === 'boolean' ? Number(patch[k]) : (patch[k] ?? null)));
        this.db.prepare(`UPDATE accounts SET ${keys.map((k) => `${PATCH_COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`).run(...values, id);
      }
      return this.byId(id);
    });
  }

  private byId(id: string): Account | null {
    const r = this.db.prepare(`SELECT * FROM accounts WHERE id = ?`).get(id) as AccountRow | undefined;
    return r ? accountFromRow(r) : null;
  }

  userById(id: string) {
    return this.run(() => this.byId(id));
  }

  userByName(userName: string) {
    return this.run(() => {
      const r = this.db.prepare(`SELECT * FROM accounts WHERE lower(user_name) = lower(?)`).get(userName) as AccountRow | undefined;
      return r ? accountFromRow(r) : null;
    });
  }

  userByExternalId(externalId: string) {
    return this.run(() => {
      const r = this.db.prepare(`SELECT * FROM accounts WHERE external_id = ?`).get(externalId) as AccountRow | undefined;
      return r ? accountFromRow(r) : null;
    });
  }

  users() {
    return this.run(() => (this.db.prepare(`SELECT * FROM accounts ORDER BY user_name`).all() as AccountRow[]).map(accountFromRow));
  }

  setRoles(userId: string, operationId: string, roles: readonly OperationRole[]) {
    return this.run(() => {
      if (roles.length === 0) this.db.prepare(`DELETE FROM account_roles WHERE user_id = ? AND operation_id = ?`).run(userId, operationId);
      else {
        this.db
          .prepare(
            `INSERT INTO account_roles (user_id, operation_id, roles) VALUES (?, ?, ?) ON CONFLICT (user_id, operation_id) DO UPDATE SET roles = excluded.roles`,
          )
          .run(userId, operationId, JSON.stringify([...new Set(roles)].sort()));
      }
    });
  }

  memberships(userId: string) {
    return this.run(() =>
      (
        this.db.prepare(`SELECT operation_id, roles FROM account_roles WHERE user_id = ? ORDER BY operation_id`).all(userId) as {
          operation_id: string;
          roles: string;
        }[]
      ).map((r) => ({
        userId,
        operationId: r.operation_id,
        roles: JSON.parse(r.roles) as OperationRole[],
      })),
    );
  }

  createSession(s: SessionRecord) {
    return this.run(() => {
      this.db
        .prepare(`INSERT INTO account_sessions (id, token_hash, user_id, workstation, created_ms, expires_ms, revoked_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(
          s.id,
          s.tokenHash,
          s.userId,
          s.workstation,
          Date.parse(s.createdAt),
          Date.parse(s.expiresAt),
          s.revokedAt === null ? null : Date.parse(s.revokedAt),
        );
    });
  }

  sessionByHash(tokenHash: string) {
    return this.run(() => {
      const r = this.db.prepare(`SELECT * FROM account_sessions WHERE token_hash = ?`).get(tokenHash) as SessionRow | undefined;
      return r ? sessionFromRow(r) : null;
    });
  }

  revokeSessions(which: { sessionId: string } | { userId: string }, atMs: number) {
    return this.run(() => {
      const [column, value] = 'sessionId' in which ? ['id', which.sessionId] : ['user_id', which.userId];
      const rows = this.db.prepare(`UPDATE account_sessions SET revoked_ms = ? WHERE ${column} = ? AND revoked_ms IS NULL RETURNING id`).all(atMs, value) as {
        id: string;
      }[];
      return rows.map((r) => r.id);
    });
  }

  appendAudit(e: NewAuditEntry, atMs: number): Promise<AuditEntry> {
    return this.run(() => {
      const r = this.db
        .prepare(
          `INSERT INTO audit_log (event_ms, logged_ms, user_label, user_id, workstation, action, object, operation_id, result, detail)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(Date.parse(e.eventTime), atMs, e.user, e.userId, e.workstation, e.action, e.object, e.operationId, e.result, e.detail) as AuditRow;
      return auditFromRow(r);
    });
  }

  appendAuditOnce(key: string, e: NewAuditEntry, atMs: number): Promise<{ entry: AuditEntry; created: boolean }> {
    return this.run(() =>
      // IMMEDIATE: the write lock is taken before the check, so another connection cannot slip the same key in between.
      this.db
        .transaction(() => {
          const seen = this.db.prepare(`SELECT a.* FROM audit_receipts k JOIN audit_log a ON a.seq = k.seq WHERE k.key = ?`).get(key) as AuditRow | undefined;
          if (seen) return { entry: auditFromRow(seen), created: false };
          const r = this.db
            .prepare(
              `INSERT INTO audit_log (event_ms, logged_ms, user_label, user_id, workstation, action, object, operation_id, result, detail)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
            )
            .get(Date.parse(e.eventTime), atMs, e.user, e.userId, e.workstation, e.action, e.object, e.operationId, e.result, e.detail) as AuditRow;
          this.db.prepare(`INSERT INTO audit_receipts (key, seq) VALUES (?, ?)`).run(key, r.seq);
          return { entry: auditFromRow(r), created: true };
        })
        .immediate(),
    );
  }

  audit(f: AuditFilter) {
    return this.run(() => {
      const out: AuditEntry[] = [];
      // Time narrows in SQL; the text filters are the shared auditMatches, so every store answers alike.
      const rows = this.db
        .prepare(`SELECT * FROM audit_log WHERE event_ms >= ? AND event_ms <= ? ORDER BY seq DESC`)
        .iterate(f.fromMs ?? -8.64e15, f.toMs ?? 8.64e15) as Iterable<AuditRow>;
      for (const r of rows) {
        const e = auditFromRow(r);
        if (auditMatches(e, f)) out.push(e);
        if (out.length >= f.limit) break;
      }
      return out;
    });
  }

  close() {
    return this.run(() => {
      if (this.db.open) this.db.close();
    });
  }
}
