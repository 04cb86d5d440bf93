import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson, leafHash, merkleRoot, merkleRoots } from './hash';
import { EntryDraft, LATE_ENTRY_MINUTES } from './schema';
import { buildLog, decisionDraft, makeKeys, signCheckpoint } from './testing';
import { verifyLog } from './verify';

/** RFC 6962 section 2.1, written out recursively as the RFC states it. */
function referenceRoot(leaves: string[]): string {
  if (leaves.length === 0) return bytesToHex(sha256(new Uint8Array(0)));
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  const buf = new Uint8Array(65);
  buf[0] = 1;
  buf.set(hexToBytes(referenceRoot(leaves.slice(0, k))), 1);
  buf.set(hexToBytes(referenceRoot(leaves.slice(k))), 33);
  return bytesToHex(sha256(buf));
}

describe('entry drafts', () => {
  it('asks for the reason when an entry is written more than the allowed minutes after the decision', async () => {
    const late = decisionDraft({ writtenAt: new Date(Date.parse('2026-08-30T10:00:00Z') + (LATE_ENTRY_MINUTES + 1) * 60_000).toISOString() });
    const r = EntryDraft.safeParse(late);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/reason for the delay/);
    expect(EntryDraft.safeParse({ ...late, delayReason: 'Radio traffic during the disorder' }).success).toBe(true);
  });

  it('accepts an entry written within the allowed minutes without a reason', async () => {
    expect(EntryDraft.safeParse(decisionDraft()).success).toBe(true);
  });

  it('refuses a decision entry in the control-room log, naming the log', async () => {
    const r = EntryDraft.safeParse(decisionDraft({ logId: 'control-room' }));
    expect(r.error?.issues[0]?.message).toBe('a Control room log takes control entries');
  });

  it('names the missing part of the National Decision Model', async () => {
    const d = decisionDraft();
    const r = EntryDraft.safeParse({ ...d, body: { ...d.body, rationale: '  ' } });
    expect(r.error?.issues[0]?.message).toBe('the rationale is required');
  });
});

describe('hashing', () => {
  it('hashes the canonical form, whatever the key order', async () => {
    expect(canonicalJson({ b: 1, a: [2, 'x'] })).toBe('{"a":[2,"x"],"b":1}');
    expect(leafHash({ b: 1, a: 2 })).toBe(leafHash({ a: 2, b: 1 }));
    // RFC 6962 leaf: SHA-256(0x00 || data)
    expect(leafHash({})).toBe(bytesToHex(sha256(new Uint8Array([0, ...new TextEncoder().encode('{}')]))));
  });

  it('gives the RFC 6962 tree head for every prefix size', async () => {
    const leaves = Array.from({ length: 37 }, (_, i) => leafHash({ i }));
    const sizes = Array.from({ length: 38 }, (_, i) => i);
    const roots = merkleRoots(leaves, sizes);
    for (const n of sizes) expect(roots.get(n), `size ${n}`).toBe(referenceRoot(leaves.slice(0, n)));
    expect(merkleRoot(leaves)).toBe(referenceRoot(leaves));
  });
});

describe('verifying a log', () => {
  const { secretKey, publicKey } = makeKeys();
  const log = buildLog(45, secretKey);
  const input = { operationId: 'op-1', logId: 'silver', entries: log.entries, checkpoints: log.checkpoints, publicKey };

  it('verifies an untouched log: its size, root and newest checkpoint', async () => {
    const r = await verifyLog(input);
    expect(r).toMatchObject({ ok: true, entries: 45, unsigned: 5, rootHash: merkleRoot(log.entries.map((e) => e.hash)) });
    expect(r.ok && r.checkpoint?.size).toBe(40);
  });

  it('names the entry in which one byte was changed', async () => {
    const text = JSON.stringify(log.entries[6]!.entry).replace('Decision 7', 'Decision 8');
    const entries = log.entries.map((e, i) => (i === 6 ? { ...e, entry: JSON.parse(text) as Record<string, unknown> } : e));
    const r = await verifyLog({ ...input, entries });
    expect(r).toMatchObject({ ok: false, firstBadSeq: 7 });
    expect(!r.ok && r.reason).toMatch(/entry #7 has been changed/);
  });

  it('names the gap where an entry was removed', async () => {
    const entries = log.entries.filter((_, i) => i !== 9);
    expect(await verifyLog({ ...input, entries })).toMatchObject({ ok: false, firstBadSeq: 10, reason: 'entry #10 is missing: found #11 in its place' });
  });

  it('catches a rewrite that recomputed every hash, through the signed checkpoint', async () => {
    // The rewriter changes entry 3 and re-chains everything after it; only the checkpoint signature stops them.
    const rewritten = buildLog(45, makeKeys().secretKey);
    const r = await verifyLog({ ...input, entries: rewritten.entries });
    expect(r).toMatchObject({ ok: false, firstBadSeq: 1 });
    expect(!r.ok && r.reason).toMatch(/do not match the checkpoint of 20 entries/);
  });

  it('refuses a checkpoint not signed by the server key', async () => {
    const forged = signCheckpoint(makeKeys().secretKey, { ...log.checkpoints[0]!, signature: undefined } as never);
    const r = await verifyLog({ ...input, checkpoints: [forged] });
    expect(!r.ok && r.reason).toMatch(/does not carry a valid signature/);
  });

  it('notices entries removed from the end of a signed log', async () => {
    const r = await verifyLog({ ...input, entries: log.entries.slice(0, 30) });
    expect(r).toMatchObject({ ok: false, firstBadSeq: 31 });
  });
});
