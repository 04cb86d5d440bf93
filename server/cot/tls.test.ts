/**
 * Cursor-on-Target with mutual TLS (TAK Server's 8089 model): certificates are made here with the openssl CLI, a
 * device with a client certificate from our CA feeds, devices without one or with one from another CA never do, and
 * plain CoT is refused off loopback unless the config says otherwise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { CommandServer } from '../createServer';
import { report, startTestServer, tempDir, waitFor } from '../testing';
import { plainCotRefusal, readCotTls } from './security';
import { sos, startRecordedListener, type Recorded } from './testHelpers';

const OPENSSL = '/usr/bin/openssl';
const OP = 'op-cot-tls';
const dir = tempDir('cordon-cot-tls-');
const file = (name: string) => path.join(dir.dir, name);
let server: CommandServer | null = null;
let recorded: Recorded | null = null;
const sockets: net.Socket[] = [];

/** A key and a certificate signed by `ca` (or self-signed, as a CA, when `ca` is null). */
function makeCert(name: string, subject: string, ca: string | null, extensions: string): void {
  const ext = file(`${name}.ext`);
  writeFileSync(ext, extensions);
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file(`${name}.key`)];
  if (!ca) {
    execFileSync(OPENSSL, ['req', '-x509', ...key, '-out', file(`${name}.pem`), '-days', '1', '-subj', subject, '-extensions', 'ext', '-config', ext], {
      stdio: 'ignore',
    });
    return;
  }
  execFileSync(OPENSSL, ['req', ...key, '-out', file(`${name}.csr`), '-subj', subject], { stdio: 'ignore' });
  execFileSync(
    OPENSSL,
    [
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file(`${ca}.pem`),
      '-CAkey',
      file(`${ca}.key`),
      '-set_serial',
      String(Date.now()),
      '-days',
      '1',
      '-out',
      file(`${name}.pem`),
      '-extfile',
      ext,
    ],
    { stdio: 'ignore' },
  );
}

const CA_EXT = '[req]\ndistinguished_name=dn\n[dn]\n[ext]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';

beforeAll(() => {
  if (!existsSync(OPENSSL)) return;
  makeCert('ca', '/CN=Cordon test CA', null, CA_EXT);
  makeCert('rogue-ca', '/CN=Someone else CA', null, CA_EXT);
  makeCert('server', '/CN=127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  makeCert('device', '/CN=ATAK device 7', 'ca', 'extendedKeyUsage=clientAuth\n');
  makeCert('rogue-device', '/CN=Rogue device', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = null;
  await recorded?.listener.close();
  recorded = null;
});
afterAll(() => dir.remove());

const cotTls = () => ({ certFile: file('server.pem'), keyFile: file('server.key'), caFile: file('ca.pem') });

function pli(uid: string): string {
  const r = report(uid);
  return `<event version="2.0" uid="${uid}" type="a-f-G-U-C" how="m-g" time="${r.time}" start="${r.time}" stale="${r.time}"><point lat="${r.lat}" lon="${r.lon}" hae="0" ce="5" le="5"/><detail><contact callsign="${uid.toUpperCase()}"/></detail></event>`;
}

/** Connects as a device (with `cert`, a name made above, or none), sends one PLI (or `message`), and resolves when the link closes. */
function feed(port: number, uid: string, cert: string | null, message: string | null = pli(uid)): { closed: Promise<string>; secure: Promise<void> } {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    ca: readFileSync(file('ca.pem')),
    ...(cert ? { cert: readFileSync(file(`${cert}.pem`)), key: readFileSync(file(`${cert}.key`)) } : {}),
  });
  sockets.push(socket);
  let error = 'closed';
  socket.on('error', (e: Error & { code?: string }) => (error = e.code ?? e.message));
  const secure = new Promise<void>((resolve) =>
    socket.once('secureConnect', () => {
      if (message !== null) socket.write(message);
      resolve();
    }),
  );
  return { closed: new Promise((resolve) => socket.once('close', () => resolve(error))), secure };
}

describe.skipIf(!existsSync(OPENSSL))('Cursor-on-Target over mutual TLS', () => {
  it('takes positions from a device whose certificate our CA signed', async () => {
    server = await startTestServer({ cotPort: 0, config: { cot: { operationId: OP, tls: cotTls() } } });
    feed(server.cotPort!, 'good-device', 'device');
    const unit = await waitFor(() => server!.hub.units(OP).find((u) => u.id === 'good-device'), 5000, 'the device');
    expect(unit).toMatchObject({ source: 'cot', callSign: 'GOOD-DEVICE' });
    expect(server.metrics.get('cot.connections')).toBe(1);
  });

  it('refuses a device without a certificate, and one whose certificate another CA signed; nothing they send is read', async () => {
    server = await startTestServer({ cotPort: 0, config: { cot: { operationId: OP, tls: cotTls() } } });
    const noCert = await feed(server.cotPort!, 'no-cert', null).closed;
    const rogue = await feed(server.cotPort!, 'rogue', 'rogue-device').closed;
    // Both links ended without us closing them: the server hung up. The device without a certificate is told why.
    expect(noCert).toMatch(/CERTIFICATE_REQUIRED/);
    expect(typeof rogue).toBe('string');
    feed(server.cotPort!, 'good-after', 'device');
    await waitFor(() => server!.hub.units(OP).some((u) => u.id === 'good-after'), 5000, 'the good device');
    expect(server.hub.units(OP).map((u) => u.id)).toEqual(['good-after']);
    expect(server.metrics.get('cot.connections')).toBe(1);
    expect(server.metrics.get('cot.tls.refused')).toBe(2);
  });

  it('frees raw TCP sockets that never start TLS, and certified devices that never send, at the first-event deadline', async () => {
    recorded = await startRecordedListener(
      { limits: { maxCotConnections: 20, maxCotConnectionsPerAddress: 100, cotFirstEventTimeoutMs: 500 } },
      readCotTls(cotTls()),
    );
    const port = recorded.listener.port;
    // 40 silent sockets: more than the listener's 20 (+10 handshakes) slots.
    const silent = await Promise.all(
      Array.from({ length: 40 }, () => {
        const s = net.connect(port, '127.0.0.1');
        sockets.push(s);
        s.on('error', () => undefined);
        const closed = new Promise<void>((resolve) => s.once('close', () => resolve()));
        // (A socket the server drops at once may close before it reports connect.)
        return new Promise<Promise<void>>((resolve) => {
          s.once('connect', () => resolve(closed));
          s.once('close', () => resolve(closed));
        });
      }),
    );
    const mute = feed(port, 'mute', 'device', null);
    await mute.secure;
    // The server hangs up on all of them (we never close them ourselves).
    const all = Promise.all([...silent, mute.closed]).then(() => true);
    expect(await Promise.race([all, new Promise<boolean>((r) => setTimeout(() => r(false), 4000))])).toBe(true);
    expect(recorded.metrics.get('cot.connections.timedOut')).toBeGreaterThanOrEqual(1);
    // A device can get in afterwards, and its emergency carries its certificate as the origin.
    feed(port, 'good-device', 'device', sos('good-device'));
    const s = await waitFor(() => recorded!.signals[0], 5000, 'the emergency');
    expect(s).toMatchObject({ unitId: 'good-device', origin: 'cot:ATAK device 7', cancel: false });
  });

  it('stops the start with the field named when a TLS file is missing', async () => {
    await expect(startTestServer({ cotPort: 0, config: { cot: { tls: { ...cotTls(), caFile: file('nope.pem') } } } })).rejects.toThrow(/cot\.tls\.caFile/);
    await expect(startTestServer({ cotPort: 0, config: { cot: { tls: { ...cotTls(), keyFile: file('device.key') } } } })).rejects.toThrow(
      /cot\.tls: the certificate, key or CA cannot be used/,
    );
  });
});

describe('plain Cursor-on-Target off loopback', () => {
  it('is refused unless cot.tls or cot.allowPlainOnNetwork is set, with the fields named', async () => {
    const cot = (extra: object) => {
      const r = parseConfig({ cot: extra });
      if (!r.ok) throw new Error(r.error);
      return r.value.cot;
    };
    expect(plainCotRefusal(cot({}), '0.0.0.0')).toMatch(/unauthenticated plain TCP on 0\.0\.0\.0: set cot\.tls .*cot\.allowPlainOnNetwork: true/);
    expect(plainCotRefusal(cot({}), '127.0.0.1')).toBeNull();
    expect(plainCotRefusal(cot({}), '::1')).toBeNull();
    expect(plainCotRefusal(cot({ allowPlainOnNetwork: true }), '192.168.1.10')).toBeNull();
    expect(plainCotRefusal(cot({ tls: { certFile: 'a', keyFile: 'b', caFile: 'c' } }), '192.168.1.10')).toBeNull();
    // The whole server refuses before it binds anything (so nothing here listens off loopback).
    await expect(startTestServer({ cotPort: 0, config: { host: '0.0.0.0' } })).rejects.toThrow(/cot\.allowPlainOnNetwork/);
    // An incomplete cot.tls is a config error.
    expect(parseConfig({ cot: { tls: { certFile: 'a' } } }).ok).toBe(false);
  });
});
