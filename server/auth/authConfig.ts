/**
 * The `auth` section of the server config: how people sign in. `password` (the default): accounts in the store with
 * scrypt-hashed passwords. `oidc`: an OpenID Connect provider (e.g. Entra ID) signs people in and the server maps the
 * ID token's claims to an account and its roles (authenticator.ts, README "Signing in").
 */
import { z } from 'zod';
import { OperationRole } from '../../shared/protocol';

export const OidcConfig = z
  .object({
    /** e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
    issuer: z.url(),
    clientId: z.string().min(1).max(200),
    /** Claims that carry the staff/collar number and rank (Entra ID: an extension attribute or employeeId, jobTitle). */
    collarClaim: z.string().min(1).max(100).default('employee_id'),
    rankClaim: z.string().min(1).max(100).default('job_title'),
    groupsClaim: z.string().min(1).max(100).default('groups'),
    /** Members of these groups are administrators. */
    adminGroups: z.array(z.string().min(1).max(200)).max(100).default([]),
    /** A group gives a role in an operation; roles not given by any group are removed at each sign-in. */
    groupRoles: z
      .array(z.object({ group: z.string().min(1).max(200), operationId: z.string().min(1).max(100), role: OperationRole }))
      .max(10_000)
      .default([]),
    /**
     * The claim that names the account (its external id): `sub` (default), or Entra ID's `oid` (one id for the person
     * across all applications of the tenant, where `sub` differs per application).
     */
    accountClaim: z.string().min(1).max(100).default('sub'),
    /** The claim shown as the user name (e.g. `preferred_username`, Entra ID's UPN); the account claim when absent. */
    userNameClaim: z.string().min(1).max(100).default('preferred_username'),
    /** Signing algorithms accepted: asymmetric ones only (never `none`, never HS* with a shared secret). */
    algorithms: z
      .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']))
      .min(1)
      .default(['RS256', 'ES256']),
    /** Clock difference tolerated on exp / nbf / iat. */
    clockSkewSeconds: z.number().int().min(0).max(300).default(60),
  })
  .refine((o) => new URL(o.issuer).protocol === 'https:' || isLoopbackHost(new URL(o.issuer).hostname), {
    message: 'the issuer must be an https:// address (plain http only on loopback, for tests)',
    path: ['issuer'],
  });
export type OidcConfig = z.infer<typeof OidcConfig>;

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

export const AuthConfig = z
  .object({
    kind: z.enum(['password', 'oidc']).default('password'),
    /** A session token lives this long (then the person signs in again). */
    sessionHours: z.number().min(0.01).max(24).default(12),
    /** Failed logins per user name, and per address, within the window before further tries wait. */
    maxFailedLogins: z.number().int().min(1).max(1000).default(5),
    failedLoginWindowMin: z
      .number()
      .min(0.1)
      .max(24 * 60)
      .default(15),
    oidc: OidcConfig.optional(),
  })
  .refine((a) => a.kind !== 'oidc' || a.oidc !== undefined, {
    message: 'auth.kind "oidc" needs an auth.oidc section (issuer, clientId, groupRoles)',
    path: ['oidc'],
  });
export type AuthConfig = z.infer<typeof AuthConfig>;
