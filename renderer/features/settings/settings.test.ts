import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from './settings';

const store = (value: string | null) => ({ getItem: () => value, setItem: () => undefined });

describe('settings', () => {
  it('defaults to the street map Cordon was started with (else the world map) and the dark theme', () => {
    expect(readSettings(store(null))).toEqual({ settings: DEFAULT_SETTINGS, problem: null });
    expect(DEFAULT_SETTINGS.basemap).toEqual({ kind: 'default' });
    expect(DEFAULT_SETTINGS.theme).toBe('dark');
  });
  it('falls back to defaults with a message naming the bad field', () => {
    const r = readSettings(store(JSON.stringify({ basemap: { kind: 'online', styleUrl: 'javascript:alert(1)' } })));
    expect(r.settings).toEqual(DEFAULT_SETTINGS);
    expect(r.problem).toMatch(/basemap/);
    expect(readSettings(store('{not json')).problem).toMatch(/not JSON/);
  });
  it('round-trips what it writes', () => {
    let saved = '';
    const s = { ...DEFAULT_SETTINGS, basemap: { kind: 'pmtiles' as const, url: '/data/x.pmtiles', name: 'x' }, theme: 'light' as const };
    writeSettings({ setItem: (_k: string, v: string) => (saved = v) }, s);
    expect(readSettings(store(saved)).settings).toEqual(s);
  });
});

describe('command server settings', () => {
  it('default to the local development server, with no user name', () => {
    expect(DEFAULT_SETTINGS.server).toEqual({ url: 'http://127.0.0.1:4870', userName: '', auto: true });
  });
  it('follow the started server unless a server was chosen, also for settings saved before that existed', () => {
    const legacy = (server: object) => readSettings(store(JSON.stringify({ server }))).settings.server.auto;
    expect(legacy({ url: 'http://127.0.0.1:4870', userName: 'Insp Smith' })).toBe(true);
    expect(legacy({ url: 'https://cordon.force.example' })).toBe(false);
    expect(legacy({ url: 'https://cordon.force.example', auto: true })).toBe(true);
    expect(legacy({ url: 'http://127.0.0.1:4870', auto: false })).toBe(false);
  });
  it('keep older saved settings (without a server) working', () => {
    const r = readSettings(store(JSON.stringify({ theme: 'light' })));
    expect(r.problem).toBeNull();
    expect(r.settings.server.url).toBe('http://127.0.0.1:4870');
  });
  it('refuse a server URL that is not http(s)', () => {
    const r = readSettings(store(JSON.stringify({ server: { url: 'file:///etc/passwd' } })));
    expect(r.settings).toEqual(DEFAULT_SETTINGS);
    expect(r.problem).toMatch(/server/);
  });
  it('never hold the token', () => {
    expect(JSON.stringify(DEFAULT_SETTINGS)).not.toMatch(/token/i);
  });
});
