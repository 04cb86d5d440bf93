/**
 * The server's Ed25519 key that signs log checkpoints. Made at first start and kept in a file (PKCS#8 PEM) readable
 * only by the server's user (mode 0600); its public key is given to every client (`log:key`) and goes into every export,
 * so a log can be verified years later without the server. Several processes sharing one PostgreSQL database must be
 * given the same key file (`--log-key`).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LogSigner {
  /** Raw 32-byte public key, hex. */
  readonly publicKey: string;
  /** Ed25519 signature, hex. */
  sign(message: Uint8Array): string;
}

function signer(privateKey: KeyObject): LogSigner {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Buffer.from(String(jwk.x), 'base64url').toString('hex');
  return { publicKey, sign: (message) => sign(null, message, privateKey).toString('hex') };
}

/** A key for this process only (memory store, tests). */
export function ephemeralSigner(): LogSigner {
  return signer(generateKeyPairSync('ed25519').privateKey);
}

/** The key in `file`, made (0600) if there is none. A key file others may read is refused, not silently used. */
export function loadOrCreateSigner(file: string): LogSigner {
  let pem: string | null = null;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (pem === null) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx': never overwrite a key another process made meanwhile; mode 0600 from the first byte.
    try {
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    pem = readFileSync(file, 'utf8');
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file}: the decision-log signing key may be read by others; chmod 600 it`);
  }
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 private key`);
  return signer(key);
}
