import { describe, expect, it } from 'vitest';
import { parseArgs } from './main';

describe('command line', () => {
  it('reads the documented options', () => {
    expect(parseArgs(['--port', '4870', '--simulate', '200', '--config', 'server/config.json', '--data-dir', '.cordon-server'])).toEqual({
      port: 4870,
      simulate: 200,
      configPath: 'server/config.json',
      dataDir: '.cordon-server',
    });
    expect(parseArgs(['--port', '0', '--memory', '--no-cot', '--no-streets', '--no-demo', '--redis', 'redis://127.0.0.1:6390', '--tick-ms', '250'])).toEqual({
      port: 0,
      store: 'memory',
      cotPort: null,
      streetsFile: null,
      publishDemo: false,
      redisUrl: 'redis://127.0.0.1:6390',
      tickMs: 250,
    });
  });

  it('explains what is wrong', () => {
    expect(parseArgs(['--port', 'x'])).toMatch(/--port needs a whole number/);
    expect(parseArgs(['--config'])).toBe('--config needs a value');
    expect(parseArgs(['--frobnicate'])).toMatch(/^unknown option --frobnicate/);
  });
});
