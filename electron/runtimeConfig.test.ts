import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronRuntimeConfig } from './runtimeConfig';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-runtime-'));
  await writeFile(path.join(dir, 'central-london.pmtiles'), 'PMTiles');
  await writeFile(path.join(dir, 'london-overview.pmtiles'), 'PMTiles');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('electronRuntimeConfig', () => {
  it('passes on the started server and the default street map, overview first', () => {
    expect(electronRuntimeConfig({ CORDON_COMMAND_SERVER_URL: 'http://127.0.0.1:4999' }, dir)).toEqual({
      serverUrl: 'http://127.0.0.1:4999',
      defaultBasemap: {
        archives: [
          { url: 'app://cordon/data/london-overview.pmtiles', name: 'London overview (OpenStreetMap)' },
          { url: 'app://cordon/data/central-london.pmtiles', name: 'Central London streets (OpenStreetMap)' },
        ],
      },
    });
  });

  it('drops a malformed server URL and a missing data folder', () => {
    expect(electronRuntimeConfig({ CORDON_COMMAND_SERVER_URL: 'javascript:alert(1)' }, null)).toEqual({});
    expect(electronRuntimeConfig({}, path.join(dir, 'nope'))).toEqual({});
  });
});
