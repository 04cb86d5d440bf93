#!/usr/bin/env node
/**
 * Security gate: runs Electronegativity on the main-process and preload sources (electron/, tests excluded) and
 * fails on blocking findings. Electronegativity itself exits 0 whatever it finds, and its SARIF output carries no
 * severity (every result is level "warning", or "note" when it needs manual review), so we run it through its
 * Node API, which returns each finding's severity and writes the SARIF report in the same run, and gate on both:
 *
 *   blocking = any SARIF result of level "error"
 *            | any finding of severity HIGH or CRITICAL
 *            | any MEDIUM finding that is not a manual-review note (e.g. missing navigation limits, missing
 *              permission handler, no sandbox: the checks that are certain, not "please review")
 *
 * Everything else (manual-review notes such as "review the use of preload scripts") is printed, not gated.
 * AvailableSecurityFixesGlobalCheck is excluded: it needs the network to fetch Electron's release list. The scan
 * makes no network requests at all (see stubNetwork).
 *
 * Usage: node scripts/security-scan.mjs [--input electron] [--sarif path.sarif]
 * Exit codes: 0 clean, 1 blocking findings, 2 the scan itself failed (e.g. a file could not be parsed).
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const BLOCKING_SEVERITIES = new Set(['HIGH', 'CRITICAL']);

function electronVersion(root) {
  try {
    return require(path.join(root, 'node_modules/electron/package.json')).version;
  } catch {
    return undefined;
  }
}

/** Copy the sources to scan (no tests: they construct fakes on purpose) into a temp folder. */
async function stageSources(input) {
  const staged = await mkdtemp(path.join(os.tmpdir(), 'cordon-scan-'));
  await cp(input, staged, {
    recursive: true,
    filter: (source) => !/\.test\.[cm]?[jt]sx?$/.test(source) && !source.split(path.sep).includes('node_modules'),
  });
  return staged;
}

/**
 * Keep the scan offline: Electronegativity fetches updated translations from the internet (with a 1 s timeout)
 * before every run. Pre-load its HTTP client (`got`) with a stub that fails at once, so it falls back to the
 * translations it ships, without a network request.
 */
function stubNetwork() {
  const runnerPath = require.resolve('@doyensec/electronegativity');
  const gotPath = require.resolve('got', { paths: [path.dirname(runnerPath)] });
  if (require.cache[gotPath]) return;
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = () => Promise.reject(new Error('Cordon security scan runs offline'));
  require.cache[gotPath] = stub;
}

/** Electronegativity writes its report with a fire-and-forget fs.writeFile: wait until the file is complete. */
async function readSarif(sarifPath, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(await readFile(sarifPath, 'utf8'));
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Electronegativity did not write its SARIF report (${sarifPath}): ${error.message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Scan a folder. Returns the findings split into blocking and notes, the parse errors, and the SARIF results.
 * @param {{ input: string, sarifPath: string, root?: string }} options
 */
export async function scanElectron({ input, sarifPath, root = projectRoot }) {
  stubNetwork();
  const run = require('@doyensec/electronegativity');
  const runner = run.default ?? run;
  const staged = await stageSources(input);
  await rm(sarifPath, { force: true }); // never read a stale report
  try {
    const result = await runner(
      {
        input: staged,
        output: sarifPath,
        isSarif: true,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
        electronVersionOverride: electronVersion(root),
        isRelative: true,
        isVerbose: false,
        parserPlugins: [],
      },
      false,
    );
    const sarif = await readSarif(sarifPath);
    const sarifResults = sarif.runs?.[0]?.results ?? [];
    const findings = result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity?.name ?? 'UNKNOWN',
      confidence: issue.confidence?.name ?? 'UNKNOWN',
      manualReview: Boolean(issue.manualReview),
      file: issue.file,
      line: issue.location?.line ?? 0,
      column: issue.location?.column ?? 0,
      description: issue.description,
    }));
    const isBlocking = (f) => BLOCKING_SEVERITIES.has(f.severity) || (f.severity === 'MEDIUM' && !f.manualReview);
    const sarifErrors = sarifResults.filter((r) => r.level === 'error');
    return {
      blocking: findings.filter(isBlocking),
      notes: findings.filter((f) => !isBlocking(f)),
      sarifErrors,
      sarifCount: sarifResults.length,
      parseErrors: result.errors.filter((e) => !e.tolerable),
    };
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

const describe = (f) => `  ${f.severity.padEnd(6)} ${f.id}  ${f.file}:${f.line}:${f.column}  ${f.description}`;

async function main() {
  const args = process.argv.slice(2);
  const valueOf = (flag, fallback) => {
    const index = args.indexOf(flag);
    return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
  };
  const input = path.resolve(valueOf('--input', path.join(projectRoot, 'electron')));
  const sarifPath = path.resolve(valueOf('--sarif', path.join(os.tmpdir(), `cordon-electronegativity-${process.pid}.sarif`)));

  // Electronegativity logs that it could not update its translations (we keep it offline): keep that out of the way.
  const log = console.log;
  console.log = (...parts) => {
    if (!String(parts[0]).startsWith('Could not retrieve updated translations')) log(...parts);
  };
  let report;
  try {
    report = await scanElectron({ input, sarifPath });
  } finally {
    console.log = log;
  }

  if (report.parseErrors.length > 0) {
    console.error('Security scan failed: Electronegativity could not parse these files, so it could not check them:');
    for (const e of report.parseErrors) console.error(`  ${e.file}: ${e.message}`);
    process.exit(2);
  }
  for (const note of report.notes) console.log(`note ${describe(note).trimStart()}`);
  const blocking = [...report.blocking];
  for (const r of report.sarifErrors) {
    if (!blocking.some((f) => f.id === r.ruleId))
      blocking.push({
        id: r.ruleId,
        severity: 'ERROR',
        file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?',
        line: 0,
        column: 0,
        description: r.message?.text ?? '',
      });
  }
  if (blocking.length > 0) {
    console.error(`Security scan: ${blocking.length} blocking finding(s) in ${path.relative(process.cwd(), input) || input} (SARIF: ${sarifPath}):`);
    for (const f of blocking) console.error(describe(f));
    process.exit(1);
  }
  console.log(
    `Security scan passed: no blocking findings in ${path.relative(process.cwd(), input) || input} (${report.sarifCount} SARIF result(s), ${report.notes.length} note(s); SARIF: ${sarifPath}).`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error('Security scan failed to run:', error instanceof Error ? error.message : error);
    process.exit(2);
  });
}
