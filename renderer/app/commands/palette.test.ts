import { describe, expect, it } from 'vitest';
import { enabledCommands } from '../../../shared/commands/appCommands';
import { filterCommands, menuPath } from './palette';

const inBrief = enabledCommands({ workspace: 'brief', hasOperation: true });

describe('command palette search', () => {
  it('lists every enabled command when nothing is typed', () => {
    expect(filterCommands(inBrief, '  ')).toEqual(inBrief);
  });

  it('finds File › Export by menu, label or description, whatever the case and order of words', () => {
    const ids = (q: string) => filterCommands(inBrief, q).map((c) => c.id);
    expect(ids('export')).toEqual(['file:export-cordon', 'file:export-geojson', 'file:export-kml', 'file:export-tak']);
    expect(ids('KML export')).toEqual(['file:export-kml']);
    expect(ids('google earth')).toEqual(['file:export-kml']);
    expect(ids('about')).toEqual(['help:about']);
    expect(ids('no such thing')).toEqual([]);
  });

  it('names where the command sits in the menu, without mnemonic marks', () => {
    expect(menuPath(inBrief.find((c) => c.id === 'file:export-geojson')!)).toBe('File › Export GeoJSON…');
  });
});
