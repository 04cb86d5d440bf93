import { describe, expect, it } from 'vitest';
import { createCommandServer } from './createServer';
import path from 'node:path';
import { DEV_TOKENS, loadConfigFile, parseConfig } from './config';

describe('server config', () => {
  it('fills defaults and validates', () => {
    const r = parseConfig({ users: [{ name: 'Ops', role: 'controller', token: 'a-long-enough-token' }] });
    expect(r.ok && r.value.limits.maxMessageBytes).toBe(4_000_000);
    expect(r.ok && r.value.retention.keepAfterCloseDays).toBe(2557);
    expect(r.ok && r.value.limits.maxEmergencyAgeS).toBe(600);
    expect(r.ok && r.value.host).toBe('127.0.0.1');
    const bad = parseConfig({ users: [{ name: 'Ops', role: 'admin', token: 'short' }] });
    expect(bad.ok === false && bad.error).toMatch(/users\[0\]\.role/);
    const twice = parseConfig({ users: [{ name: 'A', role: 'viewer', token: 'same-token-123' }], feeds: [{ name: 'F', token: 'same-token-123' }] });
    expect(twice.ok === false && twice.error).toMatch(/its own token/);
  });

  it('checks which operations a feed may post to', () => {
    const feed = { name: 'F', token: 'feed-token-1234' };
    expect(parseConfig({ feeds: [{ ...feed, operationId: 'a', operationIds: ['b'] }] })).toMatchObject({
      ok: false,
      error: /feeds\[0\]\.operationId: must be one of the feed's operationIds \(b\)/,
    });
    expect(parseConfig({ feeds: [{ ...feed, operationIds: [] }] }).ok).toBe(false);
    expect(parseConfig({ feeds: [{ ...feed, operationIds: ['*'] }] }).ok).toBe(true);
    const d = parseConfig({});
    expect(d.ok && d.value.limits).toMatchObject({ feedReportsPerSecond: 2000, feedReportBurst: 10_000, maxStoreBacklogRows: 200_000 });
  });

  it('accepts the documented example config', () => {
    const r = loadConfigFile(path.join(import.meta.dirname, 'config.example.json'));
    expect(r.ok ? r.value.users.length : r.error).toBe(4);
  });

  it('refuses the development tokens off loopback', async () => {
    await expect(createCommandServer({ host: '0.0.0.0', port: 0, store: 'memory', log: false })).rejects.toThrow(/only allowed on loopback/);
    expect(DEV_TOKENS.viewer).toBe('cordon-dev-viewer');
  });
});
