/**
 * People on the server: accounts, their roles per operation, sessions, and the append-only audit trail. One interface,
 * three implementations (memory, SQLite, PostgreSQL), one conformance suite (accounts.suite.ts). Kept apart from the
 * position Store (server/store/types.ts) so that the hot write path and its worker threads are untouched: the SQLite
 * and PostgreSQL implementations open their own connection to the same database and add their own tables there.
 */
import type { AuditEntry, OperationRole } from '../../shared/protocol';

export interface Account {
  id: string;
  /** What they type to sign in (unique, compared without case). */
  userName: string;
  name: string;
  /** Staff / collar number. */
  collar: string;
  rank: string;
  enabled: boolean;
  /** A global administrator: manages users. Grants no operation role by itself. */
  admin: boolean;
  /** scrypt hash (passwords.ts), or null for people who sign in through an identity provider only. */
  passwordHash: string | null;
  /** The identity provider's subject (OIDC `sub`), when they come from one. */
  externalId: string | null;
  createdAt: string;
}

export type NewAccount = Omit<Account, 'id' | 'createdAt'>;
export type AccountPatch = Partial<Pick<Account, 'name' | 'collar' | 'rank' | 'enabled' | 'admin' | 'passwordHash'>>;

export interface MembershipRecord {
  userId: string;
  operationId: string;
  roles: OperationRole[];
}

/** A session: only the SHA-256 of its token is kept, so a copy of the database signs nobody in. */
export interface SessionRecord {
  id: string;
  tokenHash: string;
  userId: string;
  workstation: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'loggedAt'>;

export interface AuditFilter {
  user?: string;
  fromMs?: number;
  toMs?: number;
  object?: string;
  action?: string;
  /** Only entries of these operations (commanders see their own operations' entries). */
  operationIds?: readonly string[];
  limit: number;
}

export interface AccountStore {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** Rejects when the user name is taken. */
  createUser(a: NewAccount, atMs: number): Promise<Account>;
  updateUser(id: string, patch: AccountPatch): Promise<Account | null>;
  userById(id: string): Promise<Account | null>;
  userByName(userName: string): Promise<Account | null>;
  userByExternalId(externalId: string): Promise<Account | null>;
  users(): Promise<Account[]>;
  /** Replace this user's roles in the operation; no roles: no longer a member. */
  setRoles(userId: string, operationId: string, roles: readonly OperationRole[]): Promise<void>;
  memberships(userId: string): Promise<MembershipRecord[]>;
  createSession(s: SessionRecord): Promise<void>;
  sessionByHash(tokenHash: string): Promise<SessionRecord | null>;
  /** Revoke (once) the given session, or every live session of a user; returns the ids it revoked. */
  revokeSessions(which: { sessionId: string } | { userId: string }, atMs: number): Promise<string[]>;
  /** Append only: there is no way to change or remove an entry, and the SQL stores refuse UPDATE and DELETE. */
  appendAudit(e: NewAuditEntry, atMs: number): Promise<AuditEntry>;
  /**
   * Append once per key (a client-made id, e.g. `export:<id>`): a second call with the same key appends nothing and
   * answers the entry the first one wrote, so a resend after a lost answer is harmless.
   */
  appendAuditOnce(key: string, e: NewAuditEntry, atMs: number): Promise<{ entry: AuditEntry; created: boolean }>;
  /** Newest first. */
  audit(f: AuditFilter): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

/** The filter's text matches, the same in every store (SQL stores narrow by time and operation first). */
export function auditMatches(e: AuditEntry, f: AuditFilter): boolean {
  const has = (hay: string, needle?: string) => !needle || hay.toLowerCase().includes(needle.toLowerCase());
  const t = Date.parse(e.eventTime);
  return (
    has(e.user, f.user) &&
    has(e.object, f.object) &&
    (!f.action || e.action === f.action) &&
    (f.fromMs === undefined || t >= f.fromMs) &&
    (f.toMs === undefined || t <= f.toMs) &&
    (!f.operationIds || (e.operationId !== null && f.operationIds.includes(e.operationId)))
  );
}
