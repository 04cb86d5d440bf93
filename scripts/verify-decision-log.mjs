#!/usr/bin/env node
// Verifies an exported Cordon decision log (JSON Lines: header with the server's public key, entries, checkpoints)
// with nothing but Node: SHA-256 over RFC 8785 canonical JSON, the RFC 6962 Merkle tree (leaf 0x00, node 0x01),
// Ed25519 checkpoint signatures. Written to be read by whoever scrutinises the log; it shares no code with Cordon.
//
//   node scripts/verify-decision-log.mjs operation-decision-log.jsonl
//
// Prints one line per log; exit status 0 when every log verifies, 1 when one does not (naming the first bad entry),
// 2 when the file cannot be read.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** RFC 8785 (JCS) for JSON as parsed: keys sorted by UTF-16 code units, ECMAScript number and string forms. */
function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
    .join(',')}}`;
}
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (entry) => sha256(Buffer.from([0]), Buffer.from(canonical(entry), 'utf8')).toString('hex');
const node = (l, r) => sha256(Buffer.from([1]), l, r);

/** RFC 6962 tree head of leaves[0..n), for every n in sizes, in one pass (stack of perfect subtrees). */
function roots(leaves, sizes) {
  const out = new Map();
  const stack = [];
  leaves.forEach((leaf, i) => {
    let top = { hash: Buffer.from(leaf, 'hex'), size: 1 };
    while (stack.length && stack[stack.length - 1].size === top.size) {
      const left = stack.pop();
      top = { hash: node(left.hash, top.hash), size: left.size * 2 };
    }
    stack.push(top);
    if (sizes.has(i + 1)) {
      let root = stack[stack.length - 1].hash;
      for (let j = stack.length - 2; j >= 0; j--) root = node(stack[j].hash, root);
      out.set(i + 1, root.toString('hex'));
    }
  });
  return out;
}

function verifyOne(operationId, logId, entries, checkpoints, key) {
  const leaves = [];
  let prev = '0'.repeat(64);
  for (let i = 0; i < entries.length; i++) {
    const { entry, hash } = entries[i];
    const seq = i + 1;
    if (entry.seq !== seq) return `entry #${seq} is missing: found #${entry.seq} in its place`;
    if (entry.operationId !== operationId || entry.logId !== logId) return `entry #${seq} belongs to another log`;
    if (leafHash(entry) !== hash) return `entry #${seq} has been changed since it was stored: its content does not match its recorded hash`;
    if (entry.prevHash !== prev) return `entry #${seq} does not follow entry #${seq - 1}: an entry was removed, inserted or changed before it`;
    leaves.push(hash);
    prev = hash;
  }
  const cps = [...checkpoints].sort((a, b) => a.size - b.size);
  const heads = roots(leaves, new Set(cps.map((c) => c.size)));
  let good = 0;
  for (const cp of cps) {
    const { signature, ...body } = cp;
    const when = `the checkpoint of ${cp.size} entries signed at ${cp.signedAt}`;
    let signed = false;
    try {
      signed = verify(null, Buffer.from(canonical(body), 'utf8'), key, Buffer.from(signature, 'hex'));
    } catch {
      // not a signature at all
    }
    if (!signed) return `${when} does not carry a valid signature by the server's key`;
    if (cp.size > leaves.length) return `${when} counts more entries than the log holds (${leaves.length}): entries were removed`;
    if (heads.get(cp.size) !== cp.rootHash) return `entries #${good + 1} to #${cp.size} do not match ${when}: they were rewritten after it was signed`;
    good = cp.size;
  }
  const last = cps[cps.length - 1];
  return { entries: leaves.length, signed: good, last };
}

function main(file) {
  let lines;
  try {
    lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
  } catch (e) {
    console.error(`cannot read ${file}: ${e.message}`);
    return 2;
  }
  const header = lines[0];
  if (header?.type !== 'header' || header.format !== 'cordon-decision-log') {
    console.error(`${file}: not a Cordon decision-log export (no header line)`);
    return 2;
  }
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(header.publicKey, 'hex').toString('base64url') }, format: 'jwk' });
  const logs = new Map();
  const log = (id) => logs.get(id) ?? logs.set(id, { entries: [], checkpoints: [] }).get(id);
  for (const l of lines.slice(1)) {
    if (l.type === 'entry') log(l.logId).entries.push({ entry: l.entry, hash: l.hash });
    else if (l.type === 'checkpoint') {
      const { type: _type, ...cp } = l;
      log(cp.logId).checkpoints.push(cp);
    }
  }
  console.log(`operation ${header.operationId}, exported ${header.exportedAt}, server key ${header.publicKey}`);
  let bad = 0;
  for (const [logId, { entries, checkpoints }] of [...logs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const r = verifyOne(header.operationId, logId, entries, checkpoints, key);
    if (typeof r === 'string') {
      bad++;
      console.log(`${logId}: NOT VERIFIED: ${r}`);
    } else {
      const cp = r.last ? `, last checkpoint ${r.last.size} entries signed at ${r.last.signedAt}` : ', no checkpoint yet';
      console.log(
        `${logId}: verified ${r.entries} entries${cp}${r.entries > r.signed ? ` (${r.entries - r.signed} after it, chained but not yet signed)` : ''}`,
      );
    }
  }
  return bad === 0 ? 0 : 1;
}

if (!process.argv[2]) {
  console.error('usage: node scripts/verify-decision-log.mjs <export.jsonl>');
  process.exit(2);
}
process.exit(main(process.argv[2]));
