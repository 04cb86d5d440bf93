/** The standalone verifier (plain Node, no Cordon code) on an export, and on a copy with one byte changed. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toJsonl } from '../shared/decisionLog';
import { buildLog, makeKeys } from '../shared/decisionLog/testing';

const dir = mkdtempSync(path.join(os.tmpdir(), 'h-decisions-verifier-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(text: string): { status: number; out: string } {
  const file = path.join(dir, `export-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, text);
  try {
    return { status: 0, out: execFileSync(process.execPath, ['scripts/verify-decision-log.mjs', file], { encoding: 'utf8' }) };
  } catch (e) {
    const x = e as { status: number; stdout: string };
    return { status: x.status, out: x.stdout };
  }
}

describe('scripts/verify-decision-log.mjs', () => {
  const { secretKey, publicKey } = makeKeys();
  const silver = buildLog(25, secretKey, 'silver');
  const gold = buildLog(3, secretKey, 'gold');
  const text = toJsonl({
    operationId: 'op-1',
    exportedAt: '2026-08-30T12:00:00.000Z',
    publicKey,
    entries: [...silver.entries, ...gold.entries],
    checkpoints: [...silver.checkpoints, ...gold.checkpoints],
  });

  it('verifies every log of an untouched export', () => {
    const r = run(text);
    expect(r.status).toBe(0);
    expect(r.out).toContain('gold: verified 3 entries, no checkpoint yet');
    expect(r.out).toContain('silver: verified 25 entries, last checkpoint 20 entries signed at');
  });

  it('names the entry in which one byte was changed', () => {
    const tampered = text.replace('"decision":"Decision 12"', '"decision":"Decision 13"');
    expect(tampered).not.toBe(text);
    const r = run(tampered);
    expect(r.status).toBe(1);
    expect(r.out).toContain('silver: NOT VERIFIED: entry #12 has been changed since it was stored');
    expect(r.out).toContain('gold: verified 3 entries');
  });

  it('catches a rewrite with recomputed hashes through the signed checkpoint', () => {
    const other = buildLog(25, makeKeys().secretKey, 'silver');
    const forged = toJsonl({ operationId: 'op-1', exportedAt: 'x', publicKey, entries: other.entries, checkpoints: silver.checkpoints });
    const r = run(forged);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/silver: NOT VERIFIED: entries #1 to #20 do not match the checkpoint of 20 entries/);
  });
});
