import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const runLanes = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-lanes.mjs');
let dir: string;

// A throwaway package whose npm scripts stand in for the suite's steps. `waitForFlag` only passes if `raiseFlag`
// runs while it waits, i.e. if the two lanes really run at the same time (its 60 s is a deadline for a loaded
// machine, not a speed check).
const scripts = {
  loud: `node -e "for (let i = 0; i < 50; i++) console.log('loud line ' + i)"`,
  fails: `node -e "console.error('the step went wrong'); process.exit(3)"`,
  never: `node -e "console.log('never printed')"`,
  raiseFlag: `node -e "require('fs').writeFileSync('flag', 'up'); console.log('flag raised')"`,
  waitForFlag: `node -e "const fs = require('fs'); const end = Date.now() + 60000; const t = setInterval(() => { if (fs.existsSync('flag')) { console.log('saw the flag'); process.exit(0); } if (Date.now() > end) process.exit(1); }, 20); void t"`,
};

function run(...lanes: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [runLanes, ...lanes], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-run-lanes-'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'lanes', private: true, scripts }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each case starts several npm processes: slow on a loaded machine, so a wider deadline than the suite's 20 s.
describe('run-lanes', { timeout: 90_000 }, () => {
  it('runs the lanes at the same time and passes when every step passes', async () => {
    await rm(path.join(dir, 'flag'), { force: true });
    const { code, out } = await run('waitForFlag', 'raiseFlag loud');
    expect(out).toContain('saw the flag');
    expect(out).toMatch(/ok {3}waitForFlag/);
    expect(out).toMatch(/ok {3}raiseFlag/);
    expect(out).toMatch(/ok {3}loud/);
    expect(code).toBe(0);
  });

  it('stops a lane at its failed step, finishes the other lanes, names the failure and exits 1', async () => {
    const { code, out } = await run('fails never', 'loud');
    expect(code).toBe(1);
    expect(out).toContain('===== fails (FAILED');
    expect(out).toContain('the step went wrong');
    expect(out).toMatch(/FAIL fails/);
    expect(out).toMatch(/skip never/);
    expect(out).not.toContain('never printed');
    expect(out).toMatch(/ok {3}loud/);
  });

  it("prints each step's output in one piece, never interleaved with another step's", async () => {
    const { out } = await run('loud', 'loud', 'loud');
    const lines = out.split('\n');
    const starts = lines.flatMap((line, i) => (line === 'loud line 0' ? [i] : []));
    expect(starts).toHaveLength(3);
    for (const start of starts) {
      expect(lines.slice(start, start + 50)).toEqual(Array.from({ length: 50 }, (_, i) => `loud line ${i}`));
    }
  });

  it('refuses an empty lane with its usage', async () => {
    const { code, out } = await run('loud', ' ');
    expect(code).toBe(2);
    expect(out).toContain('usage:');
  });
});
