/**
 * Accounts for createCommandServer: the account store beside the position store (same SQLite file, same PostgreSQL
 * schema, or memory), the configured authenticator, the development users on a development server, and the HTTP
 * routes. Kept here so that createServer.ts only calls one function.
 */
import type { ServerConfig } from '../config';
import { PgStore } from '../store/pgStore';
import { SqliteStore } from '../store/sqliteStore';
import type { Store } from '../store/types';
import type { Logger } from '../util';
import { AccountService } from './accountService';
import { oidcVerifier } from './oidcVerifier';
import { OidcAuthenticator, PasswordAuthenticator, type Authenticator, type IdClaims } from './authenticator';
import { DEV_USERS, ensureDevUsers } from './demoUsers';
import { authRoutes } from './httpAuth';
import { MemoryAccounts } from './memoryAccounts';
import { PgAccounts } from './pgAccounts';
import { SqliteAccounts } from './sqliteAccounts';
import type { AccountStore } from './types';

export interface AccountSetupOptions {
  store: Store;
  config: ServerConfig;
  /** The development config on loopback: make the development users. */
  dev: boolean;
  log: Logger;
  now: () => number;
  pgUrl?: string;
  /** An account store to use instead (tests). */
  accounts?: AccountStore;
  /** Replaces the configured authenticator (tests: a fake identity provider). */
  authenticator?: (store: AccountStore) => Authenticator;
  /** For auth.kind 'oidc': verifies an ID token's signature, issuer, audience and expiry. */
  verifyIdToken?: (idToken: string) => Promise<IdClaims>;
}

export async function setUpAccounts(o: AccountSetupOptions) {
  const store = o.accounts ?? (await openAccountStore(o.store, o.pgUrl));
  let authenticator: Authenticator;
  if (o.authenticator) authenticator = o.authenticator(store);
  else if (o.config.auth.kind === 'oidc') {
    if (!o.config.auth.oidc) {
      await store.close();
      throw new Error('auth.kind "oidc" needs an auth.oidc section (issuer, clientId, groupRoles)');
    }
    // The real verifier (discovery, the issuer's keys, iss/aud/exp, allowed algorithms) unless a test gives its own.
    authenticator = new OidcAuthenticator(store, o.config.auth.oidc, o.verifyIdToken ?? oidcVerifier(o.config.auth.oidc));
  } else authenticator = new PasswordAuthenticator(store);
  const accounts = new AccountService({ store, authenticator, config: o.config.auth, now: o.now });
  const devUsers = o.dev && authenticator.kind === 'password';
  if (devUsers) {
    const made = await ensureDevUsers(accounts, o.config.defaultOperationId, o.now());
    o.log(`development users (loopback only${made ? `, ${made} made now` : ''}): ${DEV_USERS.map((u) => `${u.userName}/${u.password}`).join(' ')}`);
  }
  const routes = authRoutes(accounts, { kind: authenticator.kind, devUsers }, o.config.corsOrigins);
  return { accounts, routes };
}

async function openAccountStore(store: Store, pgUrl: string | undefined): Promise<AccountStore> {
  if (store instanceof SqliteStore) return new SqliteAccounts(store.file);
  if (store instanceof PgStore) {
    if (!pgUrl) throw new Error('accounts on PostgreSQL need the database URL (pgUrl) beside the store');
    return PgAccounts.open(pgUrl, store.schema);
  }
  return new MemoryAccounts();
}
