/**
 * "Verify log" on a 10,000-entry decision log with a signed checkpoint every 20 entries (500 checkpoints): every
 * entry re-canonicalised and re-hashed, the chain walked, every checkpoint's signature checked and its Merkle root
 * recomputed. Target: under 1 s on the build machine.
 */
import { verifyLog } from '../shared/decisionLog';
import { buildLog, makeKeys } from '../shared/decisionLog/testing';
import { percentile, printFigure } from './figures';

export async function runDecisionLogBench() {
  const { secretKey, publicKey } = makeKeys();
  const log = buildLog(10_000, secretKey);
  const input = { operationId: 'op-1', logId: 'silver', entries: log.entries, checkpoints: log.checkpoints, publicKey };
  const first = await verifyLog(input); // warm up the JIT
  if (!first.ok) throw new Error(`the bench log does not verify: ${first.reason}`);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await verifyLog(input);
    times.push(performance.now() - t);
  }
  printFigure('decision_log.verify_10k_ms', percentile(times, 50));
  printFigure('decision_log.verify_10k_max_ms', Math.max(...times));
  printFigure('decision_log.checkpoints', log.checkpoints.length);
}

if (import.meta.url === `file://${process.argv[1]}`) await runDecisionLogBench();
