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

// Synchronous Ed25519 verification (the async form needs WebCrypto's SHA-512, which old runtimes lack).
ed.hashes.sha512 = sha512;

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

export function verifyLog(input: VerifyInput): VerifyResult {
  const leaves: string[] = [];
  let prev = ZERO_HASH;
  for (let i = 0; i < input.entries.length; i++) {
    const { entry, hash } = input.entries[i]!;
    const seq = i + 1;
    const id = typeof entry.entryId === 'string' ? entry.entryId : undefined;
    if (entry.seq !== seq) return fail(seq, `entry #${seq} is missing: found #${String(entry.seq)} in its place`, id);
    if (entry.operationId !== input.operationId || entry.logId !== input.logId) {
      return fail(seq, `entry #${seq} belongs to another log (${String(entry.operationId)} / ${String(entry.logId)})`, id);
    }
    let computed: string;
    try {
      computed = leafHash(entry);
    } catch {
      return fail(seq, `entry #${seq} cannot be read as JSON`, id);
    }
    if (computed !== hash) return fail(seq, `entry #${seq} has been changed since it was stored: its content does not match its recorded hash`, id);
    if (entry.prevHash !== prev) {
      return fail(seq, `entry #${seq} does not follow entry #${seq - 1}: an entry was removed, inserted or changed before it`, id);
    }
    leaves.push(hash);
    prev = hash;
  }
  const cps = [...input.checkpoints].sort((a, b) => a.size - b.size);
  const roots = merkleRoots(leaves, [...cps.map((c) => c.size).filter((s) => s <= leaves.length), leaves.length]);
  let key: Uint8Array;
  try {
    key = hexToBytes(input.publicKey);
  } catch {
    return fail(null, 'the public key is not valid hex');
  }
  let goodUpTo = 0;
  for (const cp of cps) {
    const { signature, ...body } = cp;
    let signed: boolean;
    try {
      signed = ed.verify(hexToBytes(signature), checkpointMessage(body), key);
    } catch {
      signed = false; // a signature that is not even hex
    }
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
