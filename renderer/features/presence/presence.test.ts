import { describe, expect, it } from 'vitest';
import { colourOf, describePerson, initialsOf, othersOf, outlinesOf, PRESENCE_COLOURS, selectedBy, type Person } from './presence';

const person = (connectionId: string, p: Partial<Person> = {}): Person => ({
  connectionId,
  user: `user-${connectionId}`,
  displayName: 'Insp Jane Smith',
  workspace: 'plan',
  selection: [],
  since: '2026-12-05T09:00:00.000Z',
  ...p,
});

describe('presence for the screens', () => {
  it('gives one person the same colour everywhere, from the palette', () => {
    expect(colourOf('jsmith')).toBe(colourOf('jsmith'));
    expect(PRESENCE_COLOURS).toContain(colourOf('jsmith'));
    // Different people usually differ (the palette is small; these two do).
    const colours = new Set(['jsmith', 'pjones', 'akhan', 'mlee', 'dbrown'].map(colourOf));
    expect(colours.size).toBeGreaterThan(1);
  });

  it('makes initials from the name without rank or collar number', () => {
    expect(initialsOf('Insp Jane Smith')).toBe('JS');
    expect(initialsOf('PC 123 Jones')).toBe('J');
    expect(initialsOf('Dev Planner')).toBe('DP');
    expect(initialsOf('monitoring')).toBe('M');
    expect(initialsOf('  ')).toBe('?');
  });

  it('leaves this window out but keeps the same person in another window', () => {
    const people = [person('mine', { user: 'jsmith' }), person('other-window', { user: 'jsmith' }), person('b')];
    expect(othersOf(people, 'mine').map((p) => p.connectionId)).toEqual(['other-window', 'b']);
  });

  it('says who, where, and what they have selected, counting what this view cannot name', () => {
    const names: Record<string, string> = { s1: 'Sector 1', r1: 'Route A' };
    const nameOf = (id: string) => names[id];
    expect(describePerson(person('a'), nameOf)).toBe('Insp Jane Smith, in Plan, has nothing selected');
    expect(describePerson(person('a', { selection: ['s1'] }), nameOf)).toBe('Insp Jane Smith, in Plan, has selected Sector 1');
    expect(describePerson(person('a', { workspace: 'live', selection: ['s1', 'r1', 'u9'] }), nameOf)).toBe(
      'Insp Jane Smith, in Live, has selected Sector 1, Route A and 1 item not in this view',
    );
  });

  it('outlines each feature once, in the colour of the first to select it, naming everyone who has', () => {
    const jane = person('a', { user: 'jsmith', selection: ['s1'] });
    const pat = person('b', { user: 'pjones', displayName: 'PC 123 Jones', selection: ['s1', 'r1'] });
    expect(outlinesOf([jane, pat])).toEqual([
      { featureId: 's1', colour: colourOf('jsmith'), who: 'Insp Jane Smith, PC 123 Jones' },
      { featureId: 'r1', colour: colourOf('pjones'), who: 'PC 123 Jones' },
    ]);
    expect(selectedBy([jane, pat], 's1')).toEqual(['Insp Jane Smith', 'PC 123 Jones']);
    expect(selectedBy([jane, pat], 'nothing')).toEqual([]);
  });
});
