/** Test helpers: drafts and a signed log built the way the server builds one (no server needed). */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { stampEntry } from './append';
import { checkpointMessage, merkleRoot } from './hash';
import { CHECKPOINT_EVERY, type Checkpoint, type EntryDraft, type StoredEntry } from './schema';

ed.hashes.sha512 = sha512;

let counter = 0;
/** A deterministic v4-shaped UUID, different each call. */
export function testUuid(): string {
  counter++;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function decisionDraft(over: Partial<EntryDraft> & { decision?: string } = {}): EntryDraft {
  const at = '2026-08-30T10:00:00.000Z';
  const { decision, ...rest } = over;
  return {
    entryId: testUuid(),
    operationId: 'op-1',
    logId: 'silver',
    decidedAt: at,
    writtenAt: '2026-08-30T10:03:00.000Z',
    onBehalfOf: 'Supt Silver',
    body: {
      type: 'decision',
      information: [{ text: 'Crowd of about 2,000 gathering at Parliament Square', reference: 'CAD 1234' }],
      threatAndRisk: 'Risk of crushing at the north-east corner',
      workingStrategy: 'Keep the crowd moving and safe',
      powersAndPolicy: 'Common law duty to protect life',
      optionsRejected: [{ option: 'Containment', whyRejected: 'Disproportionate at this stage' }],
      decision: decision ?? 'Open the filter cordon at Great George Street',
      rationale: 'Relieves pressure at the pinch point',
      codeOfEthics: 'Fairness and respect: least intrusive option',
    },
    ...rest,
  };
}

export function makeKeys(): { secretKey: Uint8Array; publicKey: string } {
  const secretKey = ed.utils.randomSecretKey();
  return { secretKey, publicKey: bytesToHex(ed.getPublicKey(secretKey)) };
}

export function signCheckpoint(secretKey: Uint8Array, body: Omit<Checkpoint, 'signature'>): Checkpoint {
  return { ...body, signature: bytesToHex(ed.sign(checkpointMessage(body), secretKey)) };
}

/** n entries of one log, chained, with a checkpoint every CHECKPOINT_EVERY entries. */
export function buildLog(n: number, secretKey: Uint8Array, logId = 'silver'): { entries: StoredEntry[]; checkpoints: Checkpoint[] } {
  const entries: StoredEntry[] = [];
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < n; i++) {
    const logged = new Date(Date.parse('2026-08-30T10:05:00.000Z') + i * 1000).toISOString();
    const e = stampEntry(decisionDraft({ logId, decision: `Decision ${i + 1}` }), entries[i - 1] ?? null, {
      loggedAt: logged,
      author: { user: 'PC Loggist', role: 'loggist' },
    });
    entries.push(e);
    if ((i + 1) % CHECKPOINT_EVERY === 0) {
      const root = merkleRoot(entries.map((x) => x.hash));
      checkpoints.push(signCheckpoint(secretKey, { operationId: 'op-1', logId, size: i + 1, rootHash: root, signedAt: logged, reason: 'interval' }));
    }
  }
  return { entries, checkpoints };
}
