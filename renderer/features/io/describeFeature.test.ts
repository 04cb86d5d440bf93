import { describe, expect, it } from 'vitest';
import { colourFromProperties, guessLocationType, guessRouteType, nameFromProperties, notesFromProperties } from './describeFeature';

describe('describeFeature', () => {
  it('finds a name in the usual places', () => {
    expect(nameFromProperties({ Name: 'Hyde Park' })).toEqual({ name: 'Hyde Park', key: 'Name' });
    expect(nameFromProperties({ WD13CD: 'E05000630', WD13NM: 'Abbey Road' })).toEqual({ name: 'Abbey Road', key: 'WD13NM' });
    expect(nameFromProperties({ OA11CD: 'E00000001', LAD11CD: 'E09' })).toEqual({ name: 'E00000001', key: 'OA11CD' });
    expect(nameFromProperties({ road_name: 'The Mall' }).name).toBe('The Mall');
    expect(nameFromProperties({ foo: 'bar' })).toEqual({});
    expect(nameFromProperties(null)).toEqual({});
  });

  it('builds notes from the description and plain attributes, skipping styling', () => {
    const notes = notesFromProperties(
      {
        name: 'A',
        description: { '@type': 'html', value: '<p>Gate <b>3</b></p>' },
        stroke: '#ff0000',
        'fill-opacity': 0.5,
        code: 'X1',
        n: 4,
        nested: { a: 1 },
        styleUrl: '#s',
      },
      'name',
      'A',
    );
    expect(notes).toBe('Gate 3\n\ncode: X1\nn: 4');
    expect(notesFromProperties({ name: 'Shape', description: 'Shape' }, 'name', 'Shape')).toBe('');
    expect(notesFromProperties({ desc: 'Left turn', cmt: 'Left turn' }, undefined, '')).toBe('Left turn');
  });

  it('guesses key location and route types only from plain words', () => {
    expect(
      ['RVP 1', 'FHA Hyde Park', 'Muster point', 'Feeding & welfare', "St Thomas' Hospital", 'CCTV 4', 'Main stage', 'Backstage bar', 'Keep right'].map(
        guessLocationType,
      ),
    ).toEqual(['rvp', 'fha', 'muster', 'welfare', 'hospital', 'cctv', 'stage', undefined, undefined]);
    expect(['Dispersal route A', 'Procession', 'Diversion 2', 'CASEVAC', 'Marathon'].map(guessRouteType)).toEqual([
      'dispersal',
      'procession',
      'diversion',
      'casevac',
      undefined,
    ]);
  });

  it('reads a colour from simplestyle or KML styles', () => {
    expect(colourFromProperties({ fill: '#00AA7F' })).toBe('#00aa7f');
    expect(colourFromProperties({ fill: 'red', stroke: '#123456' })).toBe('#123456');
    expect(colourFromProperties({})).toBeUndefined();
  });
});
