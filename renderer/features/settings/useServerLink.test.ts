import { describe, expect, it } from 'vitest';
import { effectiveServer } from './useServerLink';

describe('effectiveServer', () => {
  const server = { url: 'http://127.0.0.1:4870', userName: 'Insp Smith', auto: true };
  it('follows the server Cordon was started with when auto', () => {
    expect(effectiveServer(server, { serverUrl: 'http://127.0.0.1:4999' })).toEqual({ ...server, url: 'http://127.0.0.1:4999' });
  });
  it('keeps the setting when none was started or a server was chosen', () => {
    expect(effectiveServer(server, {})).toBe(server);
    const chosen = { ...server, url: 'https://cordon.force.example', auto: false };
    expect(effectiveServer(chosen, { serverUrl: 'http://127.0.0.1:4999' })).toBe(chosen);
  });
});
