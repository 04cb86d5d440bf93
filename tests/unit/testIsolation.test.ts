/**
 * Unit test files share a worker's loaded modules (vite.config.ts, isolate: false) unless listed in ISOLATED_TESTS.
 * A file that replaces a module or the clock while sharing would leak that into the files after it in the same
 * worker, and only on the runs that happen to put them together: this finds such a file before that happens.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISOLATED_TESTS } from '../../vite.config';

const root = path.resolve(import.meta.dirname, '../..');
const TEST_DIRS = ['shared', 'renderer', 'electron', 'server', 'scripts', 'tests/unit'];
/** What changes a module or global for the rest of a worker's life: vi.mock, vi.doMock, fake timers, stubbed globals. */
const LEAKY = /\bvi\s*\.\s*(mock|doMock|useFakeTimers|stubGlobal|stubEnv)\s*\(/;

function testFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(rel);
    return entry.name.endsWith('.test.ts') ? [rel] : [];
  });
}

/** The two glob forms the list uses: `dir/**\/*.test.ts` and exact paths. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*\*\//g, '(?:.*/)?').replace(/\*/g, '[^/]*')}$`);
}

describe('unit test isolation', () => {
  it('runs every test file that mocks a module, fakes timers or stubs a global with modules of its own', () => {
    const isolated = ISOLATED_TESTS.map(globToRegExp);
    const leaky = TEST_DIRS.flatMap(testFiles).filter((file) => LEAKY.test(readFileSync(path.join(root, file), 'utf8')));
    expect(leaky).toContain('electron/main.test.ts'); // the scan finds what it is looking for
    expect(leaky.filter((file) => !isolated.some((re) => re.test(file)))).toEqual([]);
  });
});
