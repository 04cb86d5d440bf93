/**
 * "Verify log": recompute everything from the entries and checkpoints as received, trust nothing that was stored
 * alongside them, and name the FIRST entry that does not match and why.
 *
 * In order, for each entry of one log: it is the next number; its content hashes to the hash recorded when it was
 * stored (a changed byte anywhere in it fails here); it names the previous entry's hash (a removed, inserted or
 * reordered entry fails here). Then each checkpoint: its Ed25519 signature by the server's key, its size not beyond the
 * log, and its root equal to the Merkle tree head recomputed over that many entries (a log whose hashes were all
 * rewritten consistently fails here, because the rewriter cannot sign).
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { checkpointMessage, leafHash, merkleRoots } from './hash';
import { ZERO_HASH, type Checkpoint, type StoredEntry } from './schema';

// noble's Ed25519 is the fallback where WebCrypto has no Ed25519 (older browsers); it needs a SHA-512.
ed.hashes.sha512 = sha512;

const subtle = globalThis.crypto?.subtle;

/**
 * The leaf hashes of many entries, in JavaScript (noble's SHA-256). Measured: one WebCrypto digest per entry costs more
 * in promise and thread hand-offs than it saves on ~1 KB inputs (10,000 entries: about 4x slower in Node).
 */
function leafHashes(entries: readonly StoredEntry[]): (string | null)[] {
  return entries.map(({ entry }) => {
    try {
      return leafHash(entry);
    } catch {
      return null;
    }
  });
}

/** Ed25519 verification: WebCrypto's (native) where it has Ed25519, else noble's. */
async function signatureVerifier(publicKey: Uint8Array): Promise<(sig: Uint8Array, msg: Uint8Array) => Promise<boolean>> {
  if (subtle) {
    try {
      const key = await subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
      return (sig, msg) => subtle.verify('Ed25519', key, sig as Uint8Array<ArrayBuffer>, msg as Uint8Array<ArrayBuffer>).catch(() => false);
    } catch {
      // no Ed25519 in this WebCrypto: fall through
    }
  }
  return (sig, msg) => Promise.resolve(ed.verify(sig, msg, publicKey));
}

export interface VerifyInput {
  operationId: string;
  logId: string;
  /** The log's entries in the order received (expected: sequence 1, 2, 3...). */
  entries: readonly StoredEntry[];
  checkpoints: readonly Checkpoint[];
  /** The server's Ed25519 public key, hex (32 bytes). */
  publicKey: string;
}

export type VerifyResult =
  | {
      ok: true;
      entries: number;
      /** The Merkle tree head over every entry. */
      rootHash: string;
      /** The newest checkpoint (all were checked). */
      checkpoint: Checkpoint | null;
      /** Entries after the newest checkpoint: chained and hashed, not yet signed. */
      unsigned: number;
    }
  | {
      ok: false;
      /** The first entry that does not match (sequence number), or null when the fault is a checkpoint's. */
      firstBadSeq: number | null;
      entryId?: string;
      reason: string;
    };

const fail = (firstBadSeq: number | null, reason: string, entryId?: string): VerifyResult => ({
  ok: false,
  firstBadSeq,
  reason,
  ...(entryId ? { entryId } : {}),
});

export async function verifyLog(input: VerifyInput): Promise<VerifyResult> {
  const leaves: string[] = [];
  const computedHashes = leafHashes(input.entries);
  let prev = ZERO_HASH;
  for (let i = 0; i < input.entries.length; i++) {
    const { entry, hash } = input.entries[i]!;
    const seq = i + 1;
    const id = typeof entry.entryId === 'string' ? entry.entryId : undefined;
    if (entry.seq !== seq) return fail(seq, `entry #${seq} is missing: found #${String(entry.seq)} in its place`, id);
    if (entry.operationId !== input.operationId || entry.logId !== input.logId) {
      return fail(seq, `entry #${seq} belongs to another log (${String(entry.operationId)} / ${String(entry.logId)})`, id);
    }
    const computed = computedHashes[i];
    if (computed === null || computed === undefined) return fail(seq, `entry #${seq} cannot be read as JSON`, id);
    if (computed !== hash) return fail(seq, `entry #${seq} has been changed since it was stored: its content does not match its recorded hash`, id);
    if (entry.prevHash !== prev) {
      return fail(seq, `entry #${seq} does not follow entry #${seq - 1}: an entry was removed, inserted or changed before it`, id);
    }
    leaves.push(hash);
    prev = hash;
  }
  const cps = [...input.checkpoints].sort((a, b) => a.size - b.size);
  const roots = merkleRoots(leaves, [...cps.map((c) => c.size).filter((s) => s <= leaves.length), leaves.length]);
  let verify: (sig: Uint8Array, msg: Uint8Array) => Promise<boolean>;
  try {
    verify = await signatureVerifier(hexToBytes(input.publicKey));
  } catch {
    return fail(null, 'the public key is not valid hex');
  }
  // Every signature at once (WebCrypto works them in parallel), then judged in order.
  const signatures = await Promise.all(
    cps.map(({ signature, ...body }) => {
      try {
        return verify(hexToBytes(signature), checkpointMessage(body));
      } catch {
        return Promise.resolve(false); // a signature that is not even hex
      }
    }),
  );
  let goodUpTo = 0;
  for (const [i, cp] of cps.entries()) {
    const signed = signatures[i];
    const when = `the checkpoint of ${cp.size} entries signed at ${cp.signedAt}`;
    if (!signed) return fail(null, `${when} does not carry a valid signature by the server's key`);
    if (cp.operationId !== input.operationId || cp.logId !== input.logId) return fail(null, `${when} is for another log`);
    if (cp.size > leaves.length) return fail(leaves.length + 1, `${when} counts more entries than the log holds (${leaves.length}): entries were removed`);
    if (roots.get(cp.size) !== cp.rootHash) {
      return fail(goodUpTo + 1, `entries #${goodUpTo + 1} to #${cp.size} do not match ${when}: they were rewritten after it was signed`);
    }
    goodUpTo = cp.size;
  }
  const last = cps[cps.length - 1] ?? null;
  return { ok: true, entries: leaves.length, rootHash: roots.get(leaves.length)!, checkpoint: last, unsigned: leaves.length - goodUpTo };
}
