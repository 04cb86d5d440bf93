import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from './settings';

const store = (value: string | null) => ({ getItem: () => value, setItem: () => undefined });

describe('settings', () => {
  it('defaults to the shipped world basemap and the dark theme', () => {
    expect(readSettings(store(null))).toEqual({ settings: DEFAULT_SETTINGS, problem: null });
    expect(DEFAULT_SETTINGS.basemap).toEqual({ kind: 'world' });
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
