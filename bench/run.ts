/**
 * `npm run bench`: every benchmark, each printing named figures. Needs a built renderer (`vite build`) for the
 * browser benchmarks; the script builds it first when dist/renderer is missing.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runBasemapBrowserBench } from './basemap-browser-bench';
import { runBriefBench } from './brief-bench';
import { runDataBrowserBench } from './data-browser-bench';
import { runDecisionLogBench } from './decision-log-bench';
import { runLiveApplyBench } from './live-apply-bench';
import { runLiveAreasBench } from './live-areas-bench';
import { runPlanBrowserBench } from './plan-browser-bench';
import { runValidationBench } from './validation-bench';

const root = path.resolve(import.meta.dirname, '..');
if (!existsSync(path.join(root, 'dist/renderer/index.html'))) execSync('npx vite build', { cwd: root, stdio: 'inherit' });

console.log('# validation (Node)');
runValidationBench();
console.log('# live model shared by server and screen (Node, 10,000 units on the demo plan)');
runLiveAreasBench();
console.log('# decision log: verify 10,000 entries (Node)');
await runDecisionLogBench();
console.log('# data layer (Node, fake-indexeddb)');
execSync('npx tsx bench/data-bench.ts', { cwd: root, stdio: 'inherit' });
console.log('# data layer (Chromium, real IndexedDB, no map)');
await runDataBrowserBench();
console.log('# plan workspace (Chromium, real IndexedDB, map in SwiftShader)');
await runPlanBrowserBench();
console.log('# first street map (Chromium, ../shared/data served as npm start serves it)');
await runBasemapBrowserBench();
console.log('# briefing pack (Chromium print engine)');
await runBriefBench();
console.log('# command server (10,000 units at 1 Hz, 50 clients, 60 s, one process on SQLite)');
execSync('npx tsx bench/server-bench.ts', { cwd: root, stdio: 'inherit' });
if (process.env.CORDON_TEST_PG_URL) {
  console.log('# command server: the same load on two processes sharing PostgreSQL + Redis');
  execSync('npx tsx bench/server-bench.ts --procs 2', { cwd: root, stdio: 'inherit' });
} else {
  console.log('# (two processes on PostgreSQL + Redis skipped: set CORDON_TEST_PG_URL=postgres://user:password@127.0.0.1/db)');
}
console.log('# command server: 20 viewers paging through one hour of 1,000 units while a feed posts');
execSync('npx tsx bench/history-bench.ts', { cwd: root, stdio: 'inherit' });
console.log('# command server: one feed floods, the others should not notice');
execSync('npx tsx bench/feed-flood-bench.ts', { cwd: root, stdio: 'inherit' });
execSync('npx tsx bench/login-bench.ts', { cwd: root, stdio: 'inherit' });
console.log('# sync: two workstations exchanging 1,000 single-row edits, then a fresh one pulling 10,000 log entries (SQLite)');
execSync('npx tsx bench/sync-bench.ts', { cwd: root, stdio: 'inherit' });
console.log('# live picture: applying one tick to the map (Chromium)');
await runLiveApplyBench();
