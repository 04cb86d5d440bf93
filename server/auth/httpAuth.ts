/**
 * The sign-in endpoints beside the feed API (server/http.ts hands them every /api/ request first):
 *   GET  /api/auth    how this server signs people in ({ kind, devUsers })
 *   POST /api/login   { userName, password, workstation? } (password) or { idToken, workstation? } (oidc)
 *                     -> 200 { token, expiresAt, user } | 400 | 401 | 429 (Retry-After)
 *   POST /api/logout  Authorization: Bearer <session token> -> 200 (the session ends; its sockets are signed out)
 *   GET  /api/me      Authorization: Bearer <session token> -> 200 { user, expiresAt } | 401
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { LoginRequest, WorkstationId, type AuthInfo } from '../../shared/protocol';
import { describeZodError } from '../util';
import type { AccountService } from './accountService';
import type { Credentials } from './authenticator';

const MAX_BODY = 16_000;
const OidcLogin = z.object({ idToken: z.string().min(20).max(20_000), workstation: WorkstationId.optional() });

type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

const ROUTES = new Set(['/api/auth', '/api/me', '/api/logout', '/api/login']);

/** `corsOrigins` as in the config: the app in a browser (web mode) calls these from its own origin. */
export function authRoutes(accounts: AccountService, info: AuthInfo, corsOrigins: true | readonly string[]) {
  return (req: IncomingMessage, _res: ServerResponse, pathname: string, rawSend: Send): boolean => {
    if (!ROUTES.has(pathname)) return false;
    const origin = req.headers.origin;
    const cors: Record<string, string> =
      origin && (corsOrigins === true || corsOrigins.includes(origin))
        ? {
            'access-control-allow-origin': origin,
            vary: 'Origin',
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-allow-methods': 'GET, POST',
          }
        : {};
    const send: Send = (status, body, headers = {}) => rawSend(status, body, { ...cors, ...headers });
    const fail = (status: number, error: string, headers: Record<string, string> = {}) => send(status, { ok: false, error }, headers);
    const internal = () => fail(500, 'internal error');
    if (req.method === 'OPTIONS') {
      send(200, { ok: true });
      return true;
    }
    if (pathname === '/api/auth' && req.method === 'GET') {
      send(200, info);
      return true;
    }
    if (pathname === '/api/me' && req.method === 'GET') {
      void accounts.resolve(bearer(req)).then(async (s) => {
        if (!s) return fail(401, 'not signed in (or the session has ended): sign in again', { 'www-authenticate': 'Bearer' });
        const account = await accounts.store.userById(s.principal.id);
        send(200, { user: await accounts.view(account!), expiresAt: s.expiresAt });
      }, internal);
      return true;
    }
    if (pathname === '/api/logout' && req.method === 'POST') {
      req.resume();
      void accounts.resolve(bearer(req)).then(async (s) => {
        if (s) await accounts.logout({ actor: { kind: 'account', account: s.principal }, workstation: null });
        // Signing out of an ended session is not an error: the client forgets its token either way.
        send(200, { ok: true });
      }, internal);
      return true;
    }
    if (req.method !== 'POST') {
      fail(405, 'use POST', { allow: 'POST' });
      return true;
    }
    readJson(req)
      .then(
        async (json) => {
          let credentials: Credentials;
          let workstation: string | null;
          if (accounts.authenticator.kind === 'oidc') {
            const r = OidcLogin.safeParse(json);
            if (!r.success) return fail(400, `invalid login: ${describeZodError(r.error)}`);
            credentials = { kind: 'oidc', idToken: r.data.idToken };
            workstation = r.data.workstation ?? null;
          } else {
            const r = LoginRequest.safeParse(json);
            if (!r.success) return fail(400, `invalid login: ${describeZodError(r.error)}`);
            credentials = { kind: 'password', userName: r.data.userName, password: r.data.password };
            workstation = r.data.workstation ?? null;
          }
          const result = await accounts.login({ credentials, address: req.socket.remoteAddress ?? 'unknown', workstation });
          if (result.ok) return send(200, result.value);
          fail(result.status, result.error, result.retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(result.retryAfterMs / 1000)) });
        },
        (e: Error) => fail(400, e.message),
      )
      .catch(internal);
    return true;
  };
}

const bearer = (req: IncomingMessage) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`request body too large (limit ${MAX_BODY} bytes)`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(new Error(`malformed JSON: ${(e as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}
