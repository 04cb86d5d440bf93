import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('preload bundle', () => {
  // The preload runs before every page load: it takes the command table (plain data) but must not pull in zod.
  it('bundles the command table and the IPC method names without zod or any other library', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'electron/preload/index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(inputs).toContain('shared/commands/appCommands.ts');
    // The channel names by method, not the schema table beside them.
    expect(inputs).toContain('shared/ipc/methods.ts');
    expect(inputs).not.toContain('shared/ipc/contract.ts');
  });
});
