/**
 * The seam where passwords can be replaced by an identity provider: the login endpoint hands the credentials to the
 * configured Authenticator and gets back the account (or why not). Sessions, roles per operation, revocation and the
 * audit trail are the same whichever authenticator signed the person in.
 *
 * - PasswordAuthenticator: user name + password against the scrypt hash in the store.
 * - OidcAuthenticator: an OpenID Connect ID token (the app gets it from the provider with the authorization code flow
 *   and PKCE), verified by an injected `verifyIdToken` (signature against the issuer's JWKS, `iss`, `aud`, `exp`), then
 *   mapped: `sub` (or the configured accountClaim, e.g. `oid`) -> the account (made on first sign-in), `name` -> name, the configured claims -> collar and rank,
 *   `groups` -> admin and roles per operation (config auth.oidc.groupRoles).
 */
import type { OperationRole } from '../../shared/protocol';
import type { OidcConfig } from './authConfig';
import { decoyHash, verifyPassword } from './passwords';
import type { Account, AccountStore } from './types';

export type Credentials = { kind: 'password'; userName: string; password: string } | { kind: 'oidc'; idToken: string };

/** `error` is what the person is told; `reason` (for the audit trail) may say more. */
export type AuthResult = { ok: true; account: Account } | { ok: false; error: string; reason: string; userName: string };

export interface Authenticator {
  readonly kind: 'password' | 'oidc';
  authenticate(c: Credentials, atMs: number): Promise<AuthResult>;
}

const WRONG = 'wrong user name or password';

export class PasswordAuthenticator implements Authenticator {
  readonly kind = 'password' as const;
  constructor(private readonly store: AccountStore) {}

  async authenticate(c: Credentials): Promise<AuthResult> {
    if (c.kind !== 'password') return { ok: false, error: 'this server signs in with a user name and password', reason: 'wrong credential kind', userName: '' };
    const account = await this.store.userByName(c.userName);
    // An unknown name costs the same scrypt as a known one, so timing does not tell which names exist.
    const matches = await verifyPassword(c.password, account?.passwordHash ?? (await decoyHash()));
    if (!account) return { ok: false, error: WRONG, reason: 'unknown user name', userName: c.userName };
    if (!account.passwordHash || !matches) return { ok: false, error: WRONG, reason: 'wrong password', userName: account.userName };
    if (!account.enabled) return { ok: false, error: 'this account is disabled: ask an administrator', reason: 'account disabled', userName: account.userName };
    return { ok: true, account };
  }
}

/** The claims we read from a verified ID token. */
export type IdClaims = Record<string, unknown> & { sub: string };

export class OidcAuthenticator implements Authenticator {
  readonly kind = 'oidc' as const;
  constructor(
    private readonly store: AccountStore,
    private readonly config: OidcConfig,
    /** Verifies signature, issuer, audience and expiry; rejects or returns the claims. */
    private readonly verifyIdToken: (idToken: string) => Promise<IdClaims>,
  ) {}

  async authenticate(c: Credentials, atMs: number): Promise<AuthResult> {
    if (c.kind !== 'oidc')
      return { ok: false, error: `this server signs in through ${this.config.issuer}`, reason: 'password sent to an OIDC server', userName: c.userName };
    let claims: IdClaims;
    try {
      claims = await this.verifyIdToken(c.idToken);
    } catch (e) {
      return { ok: false, error: 'the identity provider did not vouch for this sign-in', reason: `ID token refused: ${(e as Error).message}`, userName: '' };
    }
    const text = (key: string) => (typeof claims[key] === 'string' ? claims[key] : '');
    const groupsClaim = claims[this.config.groupsClaim];
    const groups = new Set(Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === 'string') : []);
    // The account is named by the configured claim (sub, or Entra ID's oid); the verifier has checked it is there.
    const externalId = text(this.config.accountClaim) || claims.sub;
    const userName = text(this.config.userNameClaim) || externalId;
    const details = {
      name: text('name') || userName,
      collar: text(this.config.collarClaim) || '-',
      rank: text(this.config.rankClaim) || '-',
      admin: this.config.adminGroups.some((g) => groups.has(g)),
    };
    let account = await this.store.userByExternalId(externalId);
    if (!account) account = await this.store.createUser({ userName, ...details, enabled: true, passwordHash: null, externalId }, atMs);
    else if (!account.enabled)
      return { ok: false, error: 'this account is disabled: ask an administrator', reason: 'account disabled', userName: account.userName };
    else account = (await this.store.updateUser(account.id, details)) ?? account;
    // The provider's groups are the truth for roles: each sign-in sets them afresh.
    const wanted = new Map<string, OperationRole[]>();
    for (const g of this.config.groupRoles) if (groups.has(g.group)) wanted.set(g.operationId, [...(wanted.get(g.operationId) ?? []), g.role]);
    for (const m of await this.store.memberships(account.id)) if (!wanted.has(m.operationId)) await this.store.setRoles(account.id, m.operationId, []);
    for (const [operationId, roles] of wanted) await this.store.setRoles(account.id, operationId, roles);
    return { ok: true, account };
  }
}
