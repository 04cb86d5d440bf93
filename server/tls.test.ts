import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../shared/protocol';
import type { CommandServer } from './createServer';
import { DEV_TOKENS, startTestServer, tempDir } from './testing';

const OPENSSL = '/usr/bin/openssl';
let server: CommandServer | null = null;
const dir = tempDir('cordon-tls-');
afterEach(async () => {
  await server?.close();
  server = null;
  dir.remove();
});

describe.skipIf(!existsSync(OPENSSL))('TLS', () => {
  it('serves HTTPS and secure websockets when a certificate and key are configured', async () => {
    const cert = path.join(dir.dir, 'cert.pem');
    const key = path.join(dir.dir, 'key.pem');
    execFileSync(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], {
      stdio: 'ignore',
    });
    server = await startTestServer({ config: { tls: { certPath: cert, keyPath: key } } });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await new Promise<string>((resolve, reject) => {
      https
        .get(`${server!.url}/health`, { rejectUnauthorized: false }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
    expect(JSON.parse(health)).toEqual({ ok: true, protocolVersion: PROTOCOL_VERSION });
    const socket = io(server.url, {
      auth: { token: DEV_TOKENS.viewer, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      rejectUnauthorized: false,
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
