/**
 * The real OpenID Connect ID token verifier behind OidcAuthenticator's seam, with `jose`:
 * - discovery: `<issuer>/.well-known/openid-configuration` gives `jwks_uri` (and must name the same issuer); read at
 *   the first sign-in and again after a failure, so a provider that is down at our start does not stop the server;
 * - the signature against the issuer's published keys (jose caches the key set and refetches it when a token names a
 *   key it has not seen: key rotation needs nothing from us);
 * - `iss` equal to the configured issuer, `aud` containing our client id, `exp`/`nbf` with a small clock skew;
 * - only asymmetric algorithms (RS256, ES256 by default): `none` and HS* (a shared secret the provider does not give
 *   us, the classic forgery) are refused before any key is looked at;
 * - the claim that names the account (config `accountClaim`, e.g. Entra ID's `oid`) must be a non-empty string.
 * Each refusal says why in words an administrator can act on; the person is only told the provider did not vouch.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { OidcConfig } from './authConfig';
import type { IdClaims } from './authenticator';

const Discovery = z.object({ issuer: z.string().min(1), jwks_uri: z.url() });

export interface OidcVerifierOptions {
  /** How long one discovery or key-set request may take (default 5 s). */
  timeoutMs?: number;
}

/** Returns the `verifyIdToken` for OidcAuthenticator: resolves with the claims, or rejects with the reason. */
export function oidcVerifier(config: OidcConfig, o: OidcVerifierOptions = {}): (idToken: string) => Promise<IdClaims> {
  const timeoutMs = o.timeoutMs ?? 5000;
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | null = null;
  const keySet = () => {
    keys ??= discover(config.issuer, timeoutMs).then((d) => createRemoteJWKSet(new URL(d.jwks_uri), { timeoutDuration: timeoutMs }));
    // A failed discovery is tried again at the next sign-in, not remembered.
    keys.catch(() => (keys = null));
    return keys;
  };

  return async (idToken) => {
    const jwks = await keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, jwks, {
        issuer: config.issuer,
        audience: config.clientId,
        algorithms: config.algorithms,
        clockTolerance: config.clockSkewSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (e) {
      throw new Error(refusal(e, config), { cause: e });
    }
    const account = payload[config.accountClaim];
    if (typeof account !== 'string' || account.trim() === '') throw new Error(`the token has no "${config.accountClaim}" claim to name the account by`);
    return { ...payload, sub: payload.sub!, [config.accountClaim]: account } as IdClaims;
  };
}

async function discover(issuer: string, timeoutMs: number): Promise<z.infer<typeof Discovery>> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    body = await r.json();
  } catch (e) {
    throw new Error(`could not read the identity provider's configuration at ${url}: ${(e as Error).message}`, { cause: e });
  }
  const d = Discovery.safeParse(body);
  if (!d.success) throw new Error(`the identity provider's configuration at ${url} has no usable jwks_uri`);
  // OpenID Connect Discovery 1.0 section 4.3: the document must name the issuer it was fetched for.
  if (d.data.issuer !== issuer) throw new Error(`the identity provider at ${url} calls itself "${d.data.issuer}", not the configured issuer "${issuer}"`);
  return d.data;
}

/** What was wrong with the token, for the audit trail. */
function refusal(e: unknown, config: OidcConfig): string {
  if (e instanceof errors.JWTExpired) return `the token expired (exp ${String(e.payload.exp)}, allowing ${config.clockSkewSeconds} s of clock skew)`;
  if (e instanceof errors.JWTClaimValidationFailed) {
    const p = e.payload;
    switch (e.claim) {
      case 'aud':
        return `wrong audience: the token is for ${JSON.stringify(p.aud)}, not this server's client id "${config.clientId}"`;
      case 'iss':
        return `wrong issuer: the token is from "${String(p.iss)}", not "${config.issuer}"`;
      case 'nbf':
        return `the token is not valid yet (nbf ${String(p.nbf)})`;
      default:
        return `the token's "${e.claim}" claim is ${e.reason === 'missing' ? 'missing' : 'not acceptable'}`;
    }
  }
  if (e instanceof errors.JOSEAlgNotAllowed) return `the token's signing algorithm is not allowed (only ${config.algorithms.join(', ')})`;
  if (e instanceof errors.JWKSNoMatchingKey) return 'the token is signed with a key the issuer does not publish in its key set';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not match the token';
  if (e instanceof errors.JWKSTimeout) return "the issuer's key set did not arrive in time";
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid) return 'the token is not a well-formed signed JWT';
  return (e as Error).message || 'the token could not be verified';
}
