/**
 * The real ID token verifier against a local identity provider the test starts on 127.0.0.1 (discovery document and
 * key set over HTTP, keys made with jose): a good token is accepted; each kind of bad token is refused with a reason
 * an administrator can act on; and through the server, a sign-in makes the account named by the configured claim.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../shared/protocol';
import { serverPerTest, startTestServer } from '../testing';
import { OidcConfig } from './authConfig';
import { oidcVerifier } from './oidcVerifier';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let issuerServer: http.Server;
let issuer = '';
let discoveryIssuer: string | null = null;
let signingKey: Key;
let ecKey: Key;
let unpublishedKey: Key;
const jwks: { keys: JWK[] } = { keys: [] };

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  signingKey = rsa.privateKey;
  ecKey = ec.privateKey;
  unpublishedKey = (await generateKeyPair('RS256')).privateKey;
  jwks.keys = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  issuerServer = http.createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/tenant/v2.0/.well-known/openid-configuration') return send({ issuer: discoveryIssuer ?? issuer, jwks_uri: `${issuer}/keys` });
    if (req.url === '/tenant/v2.0/keys') return send(jwks);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => issuerServer.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}/tenant/v2.0`;
});
afterAll(async () => {
  await new Promise((r) => issuerServer.close(r));
});

const config = (o: Record<string, unknown> = {}) => OidcConfig.parse({ issuer, clientId: 'cordon-app', accountClaim: 'oid', ...o });

interface TokenOptions {
  key?: Key;
  alg?: string;
  kid?: string;
  aud?: string;
  iss?: string;
  exp?: number;
  claims?: Record<string, unknown>;
}
const nowS = () => Math.floor(Date.now() / 1000);
function token(o: TokenOptions = {}): Promise<string> {
  return new SignJWT({ oid: 'oid-jane', name: 'Jane Smith', preferred_username: 'jane@met.example', ...o.claims })
    .setProtectedHeader({ alg: o.alg ?? 'RS256', kid: o.kid ?? 'rsa-1' })
    .setSubject('pairwise-sub-jane')
    .setIssuer(o.iss ?? issuer)
    .setAudience(o.aud ?? 'cordon-app')
    .setIssuedAt(nowS() - 60)
    .setExpirationTime(o.exp ?? nowS() + 600)
    .sign(o.key ?? signingKey);
}
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('OpenID Connect ID token verification (local issuer)', () => {
  it('accepts a token signed by a published key (RS256 and ES256) and returns its claims', async () => {
    const verify = oidcVerifier(config());
    await expect(verify(await token())).resolves.toMatchObject({ oid: 'oid-jane', sub: 'pairwise-sub-jane', name: 'Jane Smith' });
    await expect(verify(await token({ key: ecKey, alg: 'ES256', kid: 'ec-1' }))).resolves.toMatchObject({ oid: 'oid-jane' });
  });

  it('refuses each bad token with a reason', async () => {
    const verify = oidcVerifier(config());
    await expect(verify(await token({ aud: 'some-other-app' }))).rejects.toThrow(
      'wrong audience: the token is for "some-other-app", not this server\'s client id "cordon-app"',
    );
    await expect(verify(await token({ exp: nowS() - 600 }))).rejects.toThrow(/^the token expired \(exp \d+, allowing 60 s of clock skew\)$/);
    await expect(verify(await token({ iss: 'https://login.example/evil/v2.0' }))).rejects.toThrow(
      `wrong issuer: the token is from "https://login.example/evil/v2.0", not "${issuer}"`,
    );
    await expect(verify(await token({ key: unpublishedKey, kid: 'rsa-unknown' }))).rejects.toThrow(
      'the token is signed with a key the issuer does not publish',
    );
    // Claims to be signed with the published key's id, but is not.
    await expect(verify(await token({ key: unpublishedKey }))).rejects.toThrow('the signature does not match the token');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ oid: 'oid-jane', sub: 'x', iss: issuer, aud: 'cordon-app', exp: nowS() + 600, iat: nowS() })}.`;
    await expect(verify(unsigned)).rejects.toThrow("the token's signing algorithm is not allowed (only RS256, ES256)");
    const hs = await new SignJWT({ oid: 'oid-jane' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(issuer)
      .setAudience('cordon-app')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a shared secret anyone could guess'));
    await expect(verify(hs)).rejects.toThrow("the token's signing algorithm is not allowed");
    await expect(verify(await token({ claims: { oid: undefined } }))).rejects.toThrow('the token has no "oid" claim to name the account by');
    await expect(verify('not-a-token-at-all')).rejects.toThrow('the token is not a well-formed signed JWT');
  });

  it('tolerates a small clock difference, and refuses a provider whose discovery names another issuer', async () => {
    await expect(oidcVerifier(config())(await token({ exp: nowS() - 30 }))).resolves.toMatchObject({ oid: 'oid-jane' });
    discoveryIssuer = 'https://login.example/someone-else/v2.0';
    try {
      await expect(oidcVerifier(config())(await token())).rejects.toThrow(
        /calls itself "https:\/\/login.example\/someone-else\/v2.0", not the configured issuer/,
      );
    } finally {
      discoveryIssuer = null;
    }
  });

  it('refuses configuration that would weaken it: plain http off loopback, and the none or HS algorithms', () => {
    expect(OidcConfig.safeParse({ issuer: 'http://login.example/t/v2.0', clientId: 'c' }).error?.issues[0]?.message).toMatch(/must be an https:\/\/ address/);
    expect(OidcConfig.safeParse({ issuer: 'https://login.example/t/v2.0', clientId: 'c', algorithms: ['none'] }).success).toBe(false);
    expect(OidcConfig.safeParse({ issuer: 'https://login.example/t/v2.0', clientId: 'c', algorithms: ['HS256'] }).success).toBe(false);
  });
});

describe('signing in through the local issuer', () => {
  const t = serverPerTest();
  it('makes the account named by the configured claim, and audits a refused token with its reason', async () => {
    t.server = await startTestServer({
      config: {
        auth: {
          kind: 'oidc',
          oidc: { issuer, clientId: 'cordon-app', accountClaim: 'oid', groupRoles: [{ group: 'g-ctl', operationId: 'op-a', role: 'controller' }] },
        },
      },
    });
    const post = async (idToken: string) =>
      fetch(`${t.server!.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idToken }) });
    const ok = await post(await token({ claims: { groups: ['g-ctl'] } }));
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as LoginResponse;
    expect(body.user).toMatchObject({ userName: 'jane@met.example', name: 'Jane Smith', memberships: [{ operationId: 'op-a', roles: ['controller'] }] });
    expect((await t.server.accounts.store.userByExternalId('oid-jane'))?.id).toBe(body.user.id);

    const refused = await post(await token({ aud: 'some-other-app' }));
    expect(refused.status).toBe(401);
    const [failure] = await t.server.accounts.store.audit({ limit: 1, action: 'login' });
    expect(failure?.result).toBe('failed');
    expect(failure?.detail).toMatch(/wrong audience/);
  });
});
