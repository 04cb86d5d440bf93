/**
 * Sign-in costs: one scrypt verification (the memory-hard part, by design tens of ms), a whole POST /api/login round
 * trip against a real server, and the socket handshake with a session token (a hash and a store lookup).
 *   npx tsx bench/login-bench.ts
 */
import { createCommandServer } from '../server/createServer';
import { hashPassword, verifyPassword } from '../server/auth/passwords';
import { connect } from '../server/testing';
import { percentile, printFigure } from './figures';

const N = 15;
const hash = await hashPassword('bench-password-1');
const verify: number[] = [];
for (let i = 0; i < N; i++) {
  const t = performance.now();
  await verifyPassword('bench-password-1', hash);
  verify.push(performance.now() - t);
}
printFigure('login.scrypt_verify_p50_ms', percentile(verify, 50));

const server = await createCommandServer({ port: 0, store: 'memory', cotPort: null, log: false, publishDemo: false, config: {} });
const origin = { actor: { kind: 'service' as const, name: 'bench', role: 'commander' as const }, workstation: null };
const made = await server.accounts.createUser(
  { userName: 'bench', name: 'Bench', collar: '1', rank: 'PC', password: 'bench-password-1', admin: false },
  origin,
);
if (!made.ok) throw new Error(made.error);
await server.accounts.setRoles(made.value.id, 'op', ['viewer'], origin);
const logins: number[] = [];
const handshakes: number[] = [];
for (let i = 0; i < N; i++) {
  const t = performance.now();
  const r = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName: 'bench', password: 'bench-password-1' }),
  });
  const { token } = (await r.json()) as { token: string };
  logins.push(performance.now() - t);
  const h = performance.now();
  const c = await connect(server.url, token);
  handshakes.push(performance.now() - h);
  c.close();
}
printFigure('login.http_round_trip_p50_ms', percentile(logins, 50));
printFigure('login.session_handshake_p50_ms', percentile(handshakes, 50));
await server.close();
