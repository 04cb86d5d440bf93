/**
 * Helpers for the server's tests: a server on port 0, real socket.io clients over loopback, bounded waits, and a
 * throwaway redis-server. Not used by the server itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type Delta,
  type OperationRole,
  type PositionReport,
  type ServerToClientEvents,
} from '../shared/protocol';
import type { Result } from '../shared/util/result';
import { DEV_CONFIG, DEV_TOKENS } from './config';
import { createCommandServer, type CommandServer, type CommandServerOptions } from './createServer';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
export { DEV_TOKENS };

/**
 * A test file's server and the clients it opened, all closed after each test: set `t.server` in the test, then
 * `await t.open(token)`.
 */
export function serverPerTest() {
  const t = {
    server: null as CommandServer | null,
    clients: [] as Client[],
    async open(token: string, o: Parameters<typeof connect>[2] = {}): Promise<Client> {
      if (!t.server) throw new Error('start the test server first');
      const c = await connect(t.server.url, token, o);
      t.clients.push(c);
      return c;
    },
  };
  afterEach(async () => {
    for (const c of t.clients.splice(0)) c.close();
    await t.server?.close();
    t.server = null;
  });
  return t;
}

const SETUP = { actor: { kind: 'service' as const, name: 'test setup', role: 'commander' as const }, workstation: null };

/** Named people ("Name <userName> (PS 4521)", password `<userName>-password`) with roles per operation; returns their ids. */
export async function createTestPeople(server: CommandServer, people: Record<string, Record<string, OperationRole[]>>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [userName, roles] of Object.entries(people)) {
    const made = await server.accounts.createUser(
      { userName, name: `Name ${userName}`, collar: '4521', rank: 'PS', password: `${userName}-password`, admin: false },
      SETUP,
    );
    if (!made.ok) throw new Error(made.error);
    for (const [op, r] of Object.entries(roles)) await server.accounts.setRoles(made.value.id, op, r, SETUP);
    ids[userName] = made.value.id;
  }
  return ids;
}

/**
 * People as createTestPeople makes them (workstation `ws-<userName>`), each signed in over HTTP as the app does and
 * connected with that session (closed with the test).
 */
export async function signInPeople(
  t: ReturnType<typeof serverPerTest>,
  people: Record<string, Record<string, OperationRole[]>>,
): Promise<Record<string, { client: Client; userId: string }>> {
  const server = t.server;
  if (!server) throw new Error('start the test server first');
  const ids = await createTestPeople(server, people);
  const out: Record<string, { client: Client; userId: string }> = {};
  for (const userName of Object.keys(people)) {
    const res = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password: `${userName}-password`, workstation: `ws-${userName}` }),
    });
    const { token } = (await res.json()) as { token: string };
    const client = await t.open(token, { auth: { token, protocolVersion: PROTOCOL_VERSION, workstation: `ws-${userName}` } });
    out[userName] = { client, userId: ids[userName]! };
  }
  return out;
}

/** A server on a free port, in memory, silent, ticking fast. A given config gets the dev users and feeds unless it names its own. */
export async function startTestServer(o: CommandServerOptions = {}): Promise<CommandServer> {
  const config = o.config ? { users: DEV_CONFIG.users, feeds: DEV_CONFIG.feeds, ...o.config } : undefined;
  return createCommandServer({ port: 0, cotPort: null, store: 'memory', log: false, publishDemo: false, tickMs: 50, ...o, ...(config ? { config } : {}) });
}

export function tempDir(prefix = 'cordon-server-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Connect and resolve once connected; rejects with the server's reason on connect_error. */
export function connect(url: string, token: string, o: { protocolVersion?: string; userName?: string; auth?: unknown } = {}): Promise<Client> {
  const socket: Client = connectClient(url, {
    auth: (o.auth as Record<string, unknown>) ?? {
      token,
      protocolVersion: o.protocolVersion ?? PROTOCOL_VERSION,
      ...(o.userName ? { userName: o.userName } : {}),
    },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timed out'));
    }, 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
  });
}

/** Emit with an acknowledgement and a time limit. */
export function request<T>(socket: Client, event: string, payload: unknown, timeoutMs = 5000): Promise<Result<T>> {
  return (socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<Result<T>> }).emitWithAck(event, payload);
}

/** Poll until `check` returns a value (not undefined/false), or fail after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (let i = 0; i < 10_000; i++) {
    const v = check();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Collects every delta a client receives. */
export function collectDeltas(socket: Client): Delta[] {
  const out: Delta[] = [];
  socket.on('delta', (d) => out.push(d));
  return out;
}

export function report(id: string, p: Partial<PositionReport> = {}): PositionReport {
  return {
    id,
    callSign: id.toUpperCase(),
    type: 'officer',
    lon: -0.126,
    lat: 51.5218,
    status: 'available',
    source: 'feed',
    time: new Date().toISOString(),
    expectedIntervalS: 10,
    ...p,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export const REDIS_SERVER = '/usr/bin/redis-server';
export const haveRedis = () => existsSync(REDIS_SERVER);

/** A redis-server of our own on a free loopback port (or `port`, to bring one back after an outage), in a temp dir, without persistence. */
export async function startRedis(o: { port?: number } = {}): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const port = o.port ?? (await freePort());
  const tmp = tempDir('cordon-redis-');
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp.dir], {
    stdio: 'ignore',
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    tmp.remove();
  };
  try {
    const deadline = Date.now() + 5000;
    for (let i = 0; i < 200 && Date.now() < deadline; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const c = net.connect(port, '127.0.0.1');
        c.once('connect', () => {
          c.destroy();
          resolve(true);
        });
        c.once('error', () => resolve(false));
      });
      if (up) return { url: `redis://127.0.0.1:${port}`, port, stop };
      await new Promise((r) => setTimeout(r, 25));
    }
  } catch {
    // fall through
  }
  await stop();
  throw new Error('redis-server did not start');
}

/** The parts of @tak-ps/node-cot the tests use (an independent CoT implementation, to build messages with). */
export interface NodeCot {
  from_geojson(feature: unknown): { to_xml(): string };
}
/** Loaded by name: the package ships TypeScript sources that do not compile under our strict settings. */
const NODE_COT: string = '@tak-ps/node-cot';
export async function loadNodeCot(): Promise<NodeCot> {
  const mod = (await import(/* @vite-ignore */ NODE_COT)) as { default: NodeCot };
  return mod.default;
}

/**
 * The command server as a separate OS process (`node --import tsx server/main.ts ...`), resolved with its URL once it
 * says it is listening.
 */
export async function spawnServerProcess(args: string[]): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  let output = '';
  const url = await new Promise<string | null>((resolve) => {
    // A deadline, not a wait: tsx compiles the server first, which takes far longer while the other test files share the cores.
    const timer = setTimeout(() => resolve(null), 45_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      const m = /listening on (https?:\/\/\S+?)[,;\s]/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => resolve(null));
  });
  if (!url) {
    await stop();
    throw new Error(`the server process did not start:\n${output}`);
  }
  return { url, child, stop };
}

/** How to enable the PostgreSQL tests (.ci/run does this on a bare Debian machine). */
export const PG_TEST_HINT =
  "set CORDON_TEST_PG_URL (e.g. postgres://cordon:cordon@127.0.0.1:5432/cordon, a role with CREATEDB; .ci/run starts Debian's postgresql and makes it)";

/** The PostgreSQL server the tests may use, or null: the PostgreSQL tests are skipped. */
export const pgTestUrl = (): string | null => process.env.CORDON_TEST_PG_URL || null;

/**
 * A throwaway database on the test server (`cordon_test_<random>`), so that runs never collide; `drop()` removes it,
 * even with connections still open.
 */
export async function createPgTestDatabase(baseUrl = pgTestUrl()): Promise<{ url: string; drop(): Promise<void> }> {
  if (!baseUrl) throw new Error(`no PostgreSQL server for tests: ${PG_TEST_HINT}`);
  const [{ default: pg }, { randomBytes }] = await Promise.all([import('pg'), import('node:crypto')]);
  const name = `cordon_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  // FORCE ends the test's own connections still open; it cannot end an autovacuum worker busy in the database (a role
  // that is not a superuser gets 42501, "must be a member of the role whose process is being terminated"), which
  // finishes on its own in a moment: wait for it, as a person would.
  const drop = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42501' || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  return { url: url.toString(), drop };
}

/**
 * In a describe block of servers sharing one store: a throwaway redis-server and PostgreSQL database for all its
 * tests (started before them, in parallel), and the servers and clients they open, closed after them all.
 */
export function sharedStoreCluster() {
  const cluster = {
    redis: undefined as unknown as Awaited<ReturnType<typeof startRedis>>,
    db: undefined as unknown as Awaited<ReturnType<typeof createPgTestDatabase>>,
    servers: [] as CommandServer[],
    clients: [] as Client[],
  };
  beforeAll(async () => {
    [cluster.redis, cluster.db] = await Promise.all([startRedis(), createPgTestDatabase()]);
  });
  afterAll(async () => {
    for (const c of cluster.clients) c.close();
    for (const s of cluster.servers) await s.close();
    await cluster.redis?.stop();
    await cluster.db?.drop();
  });
  return cluster;
}
