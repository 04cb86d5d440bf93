/**
 * `npm run bench:server`: the command server's three measured scenarios, one after the other, each printing its
 * named figures (targets from issue 8 in brackets):
 *   1. 10,000 units at 1 Hz to 50 clients on ONE process, SQLite (p99 ingest-to-client < 150 ms, CPU < 0.5 core);
 *   2. the same against TWO processes sharing PostgreSQL + Redis (a throwaway database in CORDON_TEST_PG_URL's server
 *      and a throwaway redis-server on 127.0.0.1, both removed at the end); skipped, saying so, without the URL;
 *   3. 20 viewers paging through one hour of 1,000 units while a feed posts (event-loop lag p99 < 50 ms), and the event
 *      loop's CPU per history page alone (history-encode-bench.ts: steadier than the lag on a shared machine).
 * Between 2 and 3, the CPU time per report of relaying reports between processes (relay-bench.ts).
 * Arguments after `--` go to scenarios 1 and 2 (e.g. `npm run bench:server -- --seconds 20`).
 * The machine's load average is printed before each: wall-clock figures on a shared machine need it beside them.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const passed = process.argv.slice(2);
const run = (title: string, script: string, args: string[] = []) => {
  console.log(`# ${title}`);
  console.log(
    `# load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${os.cpus().length} CPUs)`,
  );
  execFileSync('npx', ['tsx', path.join('bench', script), ...args], { cwd: root, stdio: 'inherit' });
};

run('command server: 10,000 units at 1 Hz, 50 clients, one process on SQLite', 'server-bench.ts', passed);
if (process.env.CORDON_TEST_PG_URL) {
  run('command server: the same load on two processes sharing PostgreSQL + Redis', 'server-bench.ts', ['--procs', '2', ...passed]);
} else {
  console.log('# (two processes on PostgreSQL + Redis skipped: set CORDON_TEST_PG_URL=postgres://user:password@127.0.0.1/db)');
}
run('command server: CPU per report of relaying reports to the other processes', 'relay-bench.ts');
run('command server: 20 viewers paging through one hour of 1,000 units while a feed posts', 'history-bench.ts');
run('command server: event-loop CPU per history page (5,000 positions)', 'history-encode-bench.ts');
