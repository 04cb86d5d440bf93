#!/usr/bin/env node
/**
 * Runs npm scripts in lanes: the lanes run at the same time, the steps of one lane one after another. `npm test`
 * uses it so that the suite's waiting (timers, sockets, a software-rendered browser) overlaps with the other steps'
 * CPU work on a small CI machine, instead of every step waiting for the one before.
 *
 *   node scripts/run-lanes.mjs "typecheck format:check lint security" "test:unit" "test:e2e"
 *
 * Each argument is one lane of space-separated npm script names. Every step's output is kept in a buffer and printed
 * in one piece when the step ends, so that two steps' lines never interleave. A failed step stops its own lane; the
 * other lanes run to the end, so one run reports every failure. Ends with each step's wall time and exits 1 if any
 * step failed.
 */
import { spawn } from 'node:child_process';

const lanes = process.argv.slice(2).map((lane) => lane.split(/\s+/).filter(Boolean));
if (lanes.length === 0 || lanes.some((lane) => lane.length === 0)) {
  console.error('usage: node scripts/run-lanes.mjs "<npm script> <npm script> ..." ["<npm script> ..."]...');
  process.exit(2);
}

const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** @returns {Promise<{ step: string, ok: boolean, ms: number }>} */
function runStep(step) {
  return new Promise((resolve) => {
    const begin = Date.now();
    console.log(`run-lanes: ${step} started at +${seconds(begin - started)}`);
    const chunks = [];
    const child = spawn('npm', ['run', '--silent', step], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
      shell: process.platform === 'win32', // npm is npm.cmd there, which only a shell runs
    });
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    const finish = (ok, note = '') => {
      const ms = Date.now() - begin;
      process.stdout.write(`\n===== ${step} (${ok ? 'passed' : 'FAILED'}, ${seconds(ms)}) =====\n`);
      process.stdout.write(Buffer.concat(chunks));
      if (note) process.stdout.write(`${note}\n`);
      resolve({ step, ok, ms });
    };
    child.on('error', (error) => finish(false, `run-lanes: could not start npm run ${step}: ${error.message}`));
    child.on('close', (code, signal) => finish(code === 0, code === 0 ? '' : `run-lanes: ${step} ended with ${signal ?? `exit code ${code}`}`));
  });
}

async function runLane(steps) {
  const results = [];
  for (const [i, step] of steps.entries()) {
    const result = await runStep(step);
    results.push(result);
    if (!result.ok) return { results, skipped: steps.slice(i + 1) };
  }
  return { results, skipped: [] };
}

const lanesRun = await Promise.all(lanes.map(runLane));
const results = lanesRun.flatMap((lane) => lane.results);
const skipped = lanesRun.flatMap((lane) => lane.skipped);
console.log('\nrun-lanes: step wall times');
for (const { step, ok, ms } of results) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${step.padEnd(16)} ${seconds(ms)}`);
for (const step of skipped) console.log(`  skip ${step.padEnd(16)} (an earlier step in its lane failed)`);
console.log(`  total ${seconds(Date.now() - started)}`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
