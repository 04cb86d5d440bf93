/**
 * Hashing of the logs: SHA-256 over RFC 8785 canonical JSON (so every party hashes the same bytes whatever the key
 * order or number formatting), and an RFC 6962 (Certificate Transparency) Merkle tree over each log, with the leaf
 * prefix 0x00 and the node prefix 0x01 so that a leaf can never pass for an inner node.
 */
import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

/** RFC 8785 canonical JSON text. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('this value has no canonical JSON form');
  return text;
}

/** RFC 6962 leaf hash: SHA-256(0x00 || canonical JSON of the entry), hex. */
export function leafHash(entry: unknown): string {
  const body = utf8.encode(canonicalJson(entry));
  const buf = new Uint8Array(body.length + 1);
  buf[0] = 0x00;
  buf.set(body, 1);
  return bytesToHex(sha256(buf));
}

/** RFC 6962 inner node: SHA-256(0x01 || left || right), on raw bytes. */
function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(65);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 33);
  return sha256(buf);
}

/**
 * The Merkle tree head of every prefix of `leaves` named in `sizes`, in one pass. An RFC 6962 tree of n leaves is its
 * perfect subtrees (n in binary, largest first) folded from the right: MTH = H(s1, H(s2, ... sk)). Keeping the stack
 * of perfect subtrees makes each requested root cost O(log n), so a 10,000-entry log with a checkpoint every 20
 * entries is verified in one pass instead of 500.
 */
export function merkleRoots(leaves: readonly string[], sizes: readonly number[]): Map<number, string> {
  const wanted = new Set(sizes);
  const out = new Map<number, string>();
  if (wanted.has(0)) out.set(0, bytesToHex(sha256(new Uint8Array(0))));
  const stack: { hash: Uint8Array; size: number }[] = [];
  for (let i = 0; i < leaves.length; i++) {
    let top: { hash: Uint8Array; size: number } = { hash: hexToBytes(leaves[i]!), size: 1 };
    while (stack.length > 0 && stack[stack.length - 1]!.size === top.size) {
      const left = stack.pop()!;
      top = { hash: nodeHash(left.hash, top.hash), size: left.size * 2 };
    }
    stack.push(top);
    const n = i + 1;
    if (wanted.has(n)) {
      let root = stack[stack.length - 1]!.hash;
      for (let j = stack.length - 2; j >= 0; j--) root = nodeHash(stack[j]!.hash, root);
      out.set(n, bytesToHex(root));
    }
  }
  return out;
}

/** The Merkle tree head of the whole list. */
export function merkleRoot(leaves: readonly string[]): string {
  return merkleRoots(leaves, [leaves.length]).get(leaves.length)!;
}

/** The bytes the server signs for a checkpoint. */
export const checkpointMessage = (body: unknown): Uint8Array => utf8.encode(canonicalJson(body));
