/**
 * Accounts in PostgreSQL, in the same schema as the position store (its own small pool; the tables are made under an
 * advisory lock so that processes starting together do not race). Shared by every process of a scale-out group.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AuditEntry, OperationRole } from '../../shared/protocol';
import { accountFromRow, auditFromRow, PG_ACCOUNTS_SCHEMA, sessionFromRow, type AccountRow, type AuditRow, type SessionRow } from './accountsSql';
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

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const PATCH_COLUMNS: Record<keyof AccountPatch, string> = {
  name: 'name',
  collar: 'collar',
  rank: 'rank',
  enabled: 'enabled',
  admin: 'admin',
  passwordHash: 'password_hash',
};

export class PgAccounts implements AccountStore {
  readonly kind = 'postgres' as const;

  private constructor(private readonly pool: pg.Pool) {
    pool.on('error', () => undefined);
  }

  static async open(url: string, schema = 'cordon'): Promise<PgAccounts> {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`not a usable schema name: ${schema}`);
    const pool = new pg.Pool({ connectionString: url, max: 3, options: `-c search_path=${schema}`, connectionTimeoutMillis: 10_000 });
    const c = await pool.connect();
    try {
      // Already made (every restart of every process): no DDL, so no lock on the audit log is ever waited for.
      // (audit_receipts came later: a database made before it gets the idempotent DDL once more.)
      const made = await c.query<{ n: string; receipts: string | null }>(
        `SELECT count(*) AS n, to_regclass($2)::text AS receipts FROM pg_trigger
          WHERE tgrelid = to_regclass($1) AND tgname IN ('audit_log_no_change', 'audit_log_no_truncate')`,
        [`${schema}.audit_log`, `${schema}.audit_receipts`],
      );
      if (Number(made.rows[0]?.n) === 2 && made.rows[0]?.receipts) {
        c.release();
        return new PgAccounts(pool);
      }
      await c.query('BEGIN');
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('cordon.accounts:' || $1::text))`, [schema]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await c.query(PG_ACCOUNTS_SCHEMA);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      c.release();
      await pool.end();
      throw e;
    }
    c.release();
    return new PgAccounts(pool);
  }

  private async one<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R | null> {
    return (await this.pool.query<R>(sql, params)).rows[0] ?? null;
  }

  async createUser(a: NewAccount, atMs: number): Promise<Account> {
    try {
      const r = await this.one<AccountRow>(
        `INSERT INTO accounts (id, user_name, name, collar, rank, enabled, admin, password_hash, external_id, created_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [randomUUID(), a.userName, a.name, a.collar, a.rank, a.enabled, a.admin, a.passwordHash, a.externalId, atMs],
      );
      return accountFromRow(r!);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new Error(`the user name ${a.userName} is taken`, { cause: e });
      throw e;
    }
  }

  async updateUser(id: string, patch: AccountPatch): Promise<Account | null> {
    const keys = Object.keys(patch) as (keyof AccountPatch)[];
    if (keys.length === 0) return this.userById(id);
    const r = await this.one<AccountRow>(`UPDATE accounts SET ${keys.map((k, i) => `${PATCH_COLUMNS[k]} = $${i + 2}`).join(', ')} WHERE id = $1 RETURNING *`, [
      id,
      ...keys.map((k) => patch[k] ?? null),
    ]);
    return r ? accountFromRow(r) : null;
  }

  async userById(id: string) {
    const r = await this.one<AccountRow>(`SELECT * FROM accounts WHERE id = $1`, [id]);
    return r ? accountFromRow(r) : null;
  }

  async userByName(userName: string) {
    const r = await this.one<AccountRow>(`SELECT * FROM accounts WHERE lower(user_name) = lower($1)`, [userName]);
    return r ? accountFromRow(r) : null;
  }

  async userByExternalId(externalId: string) {
    const r = await this.one<AccountRow>(`SELECT * FROM accounts WHERE external_id = $1`, [externalId]);
    return r ? accountFromRow(r) : null;
  }

  async users() {
    return (await this.pool.query<AccountRow>(`SELECT * FROM accounts ORDER BY user_name`)).rows.map(accountFromRow);
  }

  async setRoles(userId: string, operationId: string, roles: readonly OperationRole[]) {
    if (roles.length === 0) await this.pool.query(`DELETE FROM account_roles WHERE user_id = $1 AND operation_id = $2`, [userId, operationId]);
    else {
      await this.pool.query(
        `INSERT INTO account_roles (user_id, operation_id, roles) VALUES ($1, $2, $3) ON CONFLICT (user_id, operation_id) DO UPDATE SET roles = excluded.roles`,
        [userId, operationId, [...new Set(roles)].sort()],
      );
    }
  }

  async memberships(userId: string) {
    const rows = (
      await this.pool.query<{ operation_id: string; roles: OperationRole[] }>(
        `SELECT operation_id, roles FROM account_roles WHERE user_id = $1 ORDER BY operation_id`,
        [userId],
      )
    ).rows;
    return rows.map((r) => ({ userId, operationId: r.operation_id, roles: r.roles }));
  }

  async createSession(s: SessionRecord) {
    await this.pool.query(
      `INSERT INTO account_sessions (id, token_hash, user_id, workstation, created_ms, expires_ms, revoked_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.tokenHash, s.userId, s.workstation, Date.parse(s.createdAt), Date.parse(s.expiresAt), s.revokedAt === null ? null : Date.parse(s.revokedAt)],
    );
  }

  async sessionByHash(tokenHash: string) {
    const r = await this.one<SessionRow>(`SELECT * FROM account_sessions WHERE token_hash = $1`, [tokenHash]);
    return r ? sessionFromRow(r) : null;
  }

  async revokeSessions(which: { sessionId: string } | { userId: string }, atMs: number) {
    const [column, value] = 'sessionId' in which ? ['id', which.sessionId] : ['user_id', which.userId];
    const rows = (
      await this.pool.query<{ id: string }>(`UPDATE account_sessions SET revoked_ms = $1 WHERE ${column} = $2 AND revoked_ms IS NULL RETURNING id`, [
        atMs,
        value,
      ])
    ).rows;
    return rows.map((r) => r.id);
  }

  async appendAudit(e: NewAuditEntry, atMs: number): Promise<AuditEntry> {
    const r = await this.one<AuditRow>(
      `INSERT INTO audit_log (event_ms, logged_ms, user_label, user_id, workstation, action, object, operation_id, result, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [Date.parse(e.eventTime), atMs, e.user, e.userId, e.workstation, e.action, e.object, e.operationId, e.result, e.detail],
    );
    return auditFromRow(r!);
  }

  async appendAuditOnce(key: string, e: NewAuditEntry, atMs: number): Promise<{ entry: AuditEntry; created: boolean }> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      // One key at a time across every process (a transaction lock), checked before anything is written: a duplicate
      // then costs no audit sequence number, so the log's numbers have no gaps an inquiry would have to explain.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('cordon.audit_receipt:' || $1::text))`, [key]);
      const seen = await c.query<AuditRow>(`SELECT a.* FROM audit_receipts k JOIN audit_log a ON a.seq = k.seq WHERE k.key = $1`, [key]);
      if (seen.rows[0]) {
        await c.query('COMMIT');
        return { entry: auditFromRow(seen.rows[0]), created: false };
      }
      const r = await c.query<AuditRow>(
        `INSERT INTO audit_log (event_ms, logged_ms, user_label, user_id, workstation, action, object, operation_id, result, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [Date.parse(e.eventTime), atMs, e.user, e.userId, e.workstation, e.action, e.object, e.operationId, e.result, e.detail],
      );
      const entry = auditFromRow(r.rows[0]!);
      await c.query(`INSERT INTO audit_receipts (key, seq) VALUES ($1, $2)`, [key, entry.seq]);
      await c.query('COMMIT');
      return { entry, created: true };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async audit(f: AuditFilter) {
    const out: AuditEntry[] = [];
    let before = Number.MAX_SAFE_INTEGER;
    // Pages of 1000, newest first, until the limit is met: the text filters are the shared auditMatches.
    for (;;) {
      const rows = (
        await this.pool.query<AuditRow>(`SELECT * FROM audit_log WHERE seq < $1 AND event_ms >= $2 AND event_ms <= $3 ORDER BY seq DESC LIMIT 1000`, [
          before,
          f.fromMs ?? -8.64e15,
          f.toMs ?? 8.64e15,
        ])
      ).rows;
      for (const r of rows) {
        const e = auditFromRow(r);
        if (auditMatches(e, f)) out.push(e);
        if (out.length >= f.limit) return out;
      }
      if (rows.length < 1000) return out;
      before = Number(rows[rows.length - 1]!.seq);
    }
  }

  async close() {
    await this.pool.end();
  }
}
