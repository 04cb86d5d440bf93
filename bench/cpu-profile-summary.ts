/**
 * Where a process spent its CPU: sums the self time of every function in a V8 .cpuprofile (node --cpu-prof) and
 * prints the top ones, with their share of the sampled time and the file they are in.
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top 30]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [--top 30]');
const topIndex = process.argv.indexOf('--top');
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 30;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<string, number>();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const n = byId.get(id)!;
  const dt = profile.timeDeltas[i] ?? 0;
  totalUs += dt;
  const where = n.callFrame.url.replace(/^.*node_modules\//, '~/').replace(/^file:\/\/.*?\/(server|shared|bench)\//, '$1/');
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${where}:${n.callFrame.lineNumber + 1}`;
  selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
});
console.log(`# ${file}: ${(totalUs / 1e6).toFixed(1)} s sampled`);
for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${key}`);
}
