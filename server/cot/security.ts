/**
 * Who may feed Cursor-on-Target. TAK's plain TCP input (8087) has no authentication at all, so on anything but
 * loopback we want TAK Server's answer for its streaming port (8089): mutual TLS, where only a device holding a client
 * certificate signed by our CA gets a connection. These checks run before the server binds anything, so a risky
 * configuration fails at start with the field to change rather than quietly serving the network.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { isLoopback, type ServerConfig } from '../config';

/** Why the CoT listener may not start on `host` as configured, or null when it may. */
export function plainCotRefusal(cot: ServerConfig['cot'], host: string): string | null {
  if (cot.tls || cot.allowPlainOnNetwork || isLoopback(host)) return null;
  return (
    `Cursor-on-Target would accept unauthenticated plain TCP on ${host}: set cot.tls ({ certFile, keyFile, caFile }) ` +
    `for mutual TLS, or cot.allowPlainOnNetwork: true if the network is trusted, or turn it off (cot.enabled: false / --no-cot)`
  );
}

/** The PEM files of cot.tls, read now so that a wrong path stops the start with the field named. */
export function readCotTls(files: NonNullable<ServerConfig['cot']['tls']>): SecureContextOptions {
  const read = (field: keyof typeof files): Buffer => {
    try {
      return readFileSync(files[field]);
    } catch (e) {
      throw new Error(`cannot read cot.tls.${field} ${files[field]}: ${(e as Error).message}`, { cause: e });
    }
  };
  const options = { cert: read('certFile'), key: read('keyFile'), ca: read('caFile') };
  try {
    createSecureContext(options); // a key that does not match its certificate, or a file that is not PEM
  } catch (e) {
    throw new Error(`cot.tls: the certificate, key or CA cannot be used (${(e as Error).message})`, { cause: e });
  }
  return options;
}
